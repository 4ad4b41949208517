// OpenID Connect id_token for the `openid fhirUser` scopes: an RS256 JWT signed with a key made at start-up and
// published at the JWKS endpoint, so a client that does verify it can (SMART App Launch 2.x, "Scopes for
// requesting identity data"; OpenID Connect Core 1.0 section 2).
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  fhirUser: string;
  nonce?: string;
}

export class IdTokenSigner {
  private readonly privateKey: KeyObject;
  readonly jwks: { keys: Record<string, unknown>[] };
  private readonly kid = randomUUID();

  constructor(private readonly now: () => number = Date.now) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  sign(claims: IdTokenClaims, lifetimeSeconds: number): string {
    const iat = Math.floor(this.now() / 1000);
    const header = base64url({ alg: 'RS256', typ: 'JWT', kid: this.kid });
    const payload = base64url({ ...claims, iat, exp: iat + lifetimeSeconds });
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.privateKey, 'base64url');
    return `${header}.${payload}.${signature}`;
  }
}

function base64url(json: object): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}
