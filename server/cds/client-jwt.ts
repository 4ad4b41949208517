// Checks the JWT a CDS client (the EHR) sends with every call (CDS Hooks 2.0, "Trusting CDS Clients"): signed
// with ES384 or RS384 by a key of an issuer named in configuration (from its configured JWK Set, or from the
// `jku` header when that URL is on the issuer's list), `aud` = the URL of the service called, unexpired, issued
// at most five minutes ago, and its `jti` never seen before. The cryptography is jose's; this module decides
// which keys and claims count.
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { CDS_JWT_ALGORITHMS, type CdsIssuer } from '../../src/config/cds-hooks-config';
import { ReplayGuard } from './replay-guard';

/** Why a token was refused; logged (never the token), and the EHR gets a bare 401. */
export class ClientTokenRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ClientTokenRefused';
  }
}

export interface VerifiedClient {
  iss: string;
  /** CDS Hooks' optional tenant claim: which of the issuer's organisations called. */
  tenant?: string;
}

export interface ClientJwtOptions {
  issuers: readonly CdsIssuer[];
  now?: () => number;
  /** Live jti entries kept for replay detection. */
  replayCapacity?: number;
  /** Time allowed to fetch a remote JWK Set. */
  jwksTimeoutMs?: number;
}

/** The spec asks clients for tokens that expire within five minutes; a longer-lived one is refused. */
const MAX_LIFETIME_S = 5 * 60;
const CLOCK_SKEW_S = 30;

export class ClientJwtVerifier {
  private readonly byIss: Map<string, { issuer: CdsIssuer; configured?: JWTVerifyGetKey }>;
  /** One remote key set per allowed URL: a bounded set, since only configured URLs are ever fetched. */
  private readonly remote = new Map<string, JWTVerifyGetKey>();
  private readonly replay: ReplayGuard;
  private readonly now: () => number;
  private readonly jwksTimeoutMs: number;

  constructor(opts: ClientJwtOptions) {
    this.now = opts.now ?? Date.now;
    this.replay = new ReplayGuard(opts.replayCapacity ?? 100_000, this.now);
    this.jwksTimeoutMs = opts.jwksTimeoutMs ?? 1000;
    this.byIss = new Map(
      opts.issuers.map((issuer) => [
        issuer.iss,
        {
          issuer,
          ...(issuer.jwks
            ? { configured: createLocalJWKSet(issuer.jwks as Parameters<typeof createLocalJWKSet>[0]) }
            : issuer.jwksUrl
              ? { configured: this.remoteSet(issuer.jwksUrl) }
              : {}),
        },
      ]),
    );
  }

  /** The Authorization header's token, verified; throws ClientTokenRefused with the reason. */
  async verify(authorization: string | undefined, audience: string | readonly string[]): Promise<VerifiedClient> {
    const m = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)\s*$/i.exec(authorization ?? '');
    if (!m) throw new ClientTokenRefused(authorization ? 'the Authorization header is not a Bearer JWT' : 'no Authorization header');
    const token = m[1]!;
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw new ClientTokenRefused('the token cannot be decoded');
    }
    if (!(CDS_JWT_ALGORITHMS as readonly string[]).includes(String(header.alg))) {
      throw new ClientTokenRefused(`algorithm ${JSON.stringify(header.alg ?? null)} is not accepted (ES384 or RS384)`);
    }
    const known = typeof claims.iss === 'string' ? this.byIss.get(claims.iss) : undefined;
    if (!known) throw new ClientTokenRefused('the issuer is not configured');

    let keys: JWTVerifyGetKey | undefined;
    if (header.jku !== undefined) {
      if (!known.issuer.jku.includes(header.jku) && header.jku !== known.issuer.jwksUrl) {
        throw new ClientTokenRefused("the jku is not one of the issuer's allowed JWK Set URLs");
      }
      keys = this.remoteSet(header.jku);
    } else {
      keys = known.configured;
    }
    if (!keys) throw new ClientTokenRefused('the token names no jku and the issuer has no configured keys');

    let verified: Awaited<ReturnType<typeof jwtVerify>>;
    try {
      verified = await jwtVerify(token, keys, {
        algorithms: [...CDS_JWT_ALGORITHMS],
        issuer: known.issuer.iss,
        audience: [...(typeof audience === 'string' ? [audience] : audience)],
        requiredClaims: ['exp', 'iat', 'jti'],
        maxTokenAge: MAX_LIFETIME_S + CLOCK_SKEW_S,
        clockTolerance: CLOCK_SKEW_S,
        currentDate: new Date(this.now()),
      });
    } catch (err) {
      throw new ClientTokenRefused(refusalOf(err));
    }
    const { exp, jti, tenant } = verified.payload;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256) throw new ClientTokenRefused('the jti is missing or too long');
    if (exp! * 1000 > this.now() + (MAX_LIFETIME_S + CLOCK_SKEW_S) * 1000) {
      throw new ClientTokenRefused('the token expires more than five minutes from now');
    }
    const admitted = this.replay.admit(known.issuer.iss, jti, exp! * 1000);
    if (admitted === 'replayed') throw new ClientTokenRefused('the jti was already used (replay)');
    if (admitted === 'full') throw new ClientTokenRefused('too many live tokens to remember; try again shortly');
    return { iss: known.issuer.iss, ...(typeof tenant === 'string' ? { tenant } : {}) };
  }

  private remoteSet(url: string): JWTVerifyGetKey {
    let set = this.remote.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: this.jwksTimeoutMs, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
      this.remote.set(url, set);
    }
    return set;
  }
}

function refusalOf(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `claim ${err.claim} is not valid (${err.reason})`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (err instanceof errors.JWKSNoMatchingKey) return "no key of the issuer's JWK Set matches the token";
  if (err instanceof errors.JWKSTimeout) return "the issuer's JWK Set could not be fetched in time";
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the algorithm is not accepted';
  if (err instanceof errors.JOSEError) return `the token is not valid (${err.code})`;
  return `the issuer's keys could not be obtained (${err instanceof Error ? err.message : String(err)})`;
}
