// The sandbox authorization server's memory: launch codes from the EHR frame, authorization codes (single use,
// short-lived) and tokens. In memory on purpose: the sandbox is one demo instance, reset on restart
// (docs/design.md, "State"). Every map is pruned of expired entries and capped, so a long demo cannot grow it unbounded.
import { randomBytes } from 'node:crypto';

export interface LaunchContext {
  /** Patient id in the sandbox FHIR server. */
  patient?: string;
  encounter?: string;
  /** "Practitioner/<id>": who is signed in to the EHR. */
  fhirUser: string;
  /** False when the EHR already shows the patient (the sandbox frame does). */
  needPatientBanner: boolean;
}

export interface AuthorizationGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  context: LaunchContext;
  nonce?: string;
}

export interface TokenGrant {
  clientId: string;
  scopes: string[];
  context: LaunchContext;
  expiresAt: number;
  /** The authorization code this grant came from, to revoke it if that code is replayed (RFC 6749 4.1.2). */
  fromCode: string;
}

export interface AuthLifetimes {
  launchMs: number;
  codeMs: number;
  accessTokenMs: number;
  refreshTokenMs: number;
}

export const DEFAULT_LIFETIMES: AuthLifetimes = {
  launchMs: 30 * 60_000,
  codeMs: 60_000,
  accessTokenMs: 60 * 60_000,
  refreshTokenMs: 24 * 60 * 60_000,
};

const MAX_ENTRIES = 10_000;

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

export type CodeOutcome =
  | { kind: 'ok'; grant: AuthorizationGrant }
  | { kind: 'unknown' }
  | { kind: 'expired' }
  | { kind: 'reused' };

export class AuthStore {
  private readonly launches = new Map<string, Expiring<LaunchContext>>();
  private readonly codes = new Map<string, Expiring<AuthorizationGrant>>();
  /** Codes already exchanged, kept until they would have expired, to tell a replay from a stranger. */
  private readonly usedCodes = new Map<string, number>();
  private readonly accessTokens = new Map<string, TokenGrant>();
  private readonly refreshTokens = new Map<string, Expiring<TokenGrant>>();

  constructor(
    private readonly now: () => number = Date.now,
    readonly lifetimes: AuthLifetimes = DEFAULT_LIFETIMES,
  ) {}

  createLaunch(context: LaunchContext): string {
    return this.put(this.launches, { value: context, expiresAt: this.now() + this.lifetimes.launchMs });
  }

  /** The context of a launch code; undefined when unknown or expired. Reusable until it expires (a reload). */
  launch(code: string): LaunchContext | undefined {
    const entry = this.launches.get(code);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  createCode(grant: AuthorizationGrant): string {
    return this.put(this.codes, { value: grant, expiresAt: this.now() + this.lifetimes.codeMs });
  }

  /** Exchanges a code once: a second exchange is 'reused' and revokes every token the first one produced. */
  takeCode(code: string): CodeOutcome {
    const used = this.usedCodes.get(code);
    if (used !== undefined) {
      this.revokeFromCode(code);
      return { kind: 'reused' };
    }
    const entry = this.codes.get(code);
    if (!entry) return { kind: 'unknown' };
    this.codes.delete(code);
    this.usedCodes.set(code, entry.expiresAt);
    if (entry.expiresAt <= this.now()) return { kind: 'expired' };
    return { kind: 'ok', grant: entry.value };
  }

  issueAccessToken(grant: Omit<TokenGrant, 'expiresAt'>): { token: string; expiresInSeconds: number } {
    const expiresAt = this.now() + this.lifetimes.accessTokenMs;
    const token = this.put(this.accessTokens, { value: { ...grant, expiresAt }, expiresAt }, (e) => e.value);
    return { token, expiresInSeconds: Math.round(this.lifetimes.accessTokenMs / 1000) };
  }

  issueRefreshToken(grant: Omit<TokenGrant, 'expiresAt'>): string {
    const expiresAt = this.now() + this.lifetimes.refreshTokenMs;
    return this.put(this.refreshTokens, { value: { ...grant, expiresAt }, expiresAt });
  }

  /** Refresh tokens rotate: the one presented is spent. */
  takeRefreshToken(token: string): TokenGrant | undefined {
    const entry = this.refreshTokens.get(token);
    this.refreshTokens.delete(token);
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  accessToken(token: string): TokenGrant | undefined {
    const grant = this.accessTokens.get(token);
    return grant && grant.expiresAt > this.now() ? grant : undefined;
  }

  private revokeFromCode(code: string): void {
    for (const [token, grant] of this.accessTokens) if (grant.fromCode === code) this.accessTokens.delete(token);
    for (const [token, entry] of this.refreshTokens) if (entry.value.fromCode === code) this.refreshTokens.delete(token);
  }

  private put<T, S>(map: Map<string, S>, entry: Expiring<T>, store: (e: Expiring<T>) => S = (e) => e as unknown as S): string {
    this.prune();
    const key = randomBytes(32).toString('base64url');
    map.set(key, store(entry));
    if (map.size > MAX_ENTRIES) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    return key;
  }

  private prune(): void {
    const now = this.now();
    for (const [k, e] of this.launches) if (e.expiresAt <= now) this.launches.delete(k);
    for (const [k, e] of this.codes) if (e.expiresAt <= now) this.codes.delete(k);
    for (const [k, expiresAt] of this.usedCodes) if (expiresAt + this.lifetimes.accessTokenMs <= now) this.usedCodes.delete(k);
    for (const [k, g] of this.accessTokens) if (g.expiresAt <= now) this.accessTokens.delete(k);
    for (const [k, e] of this.refreshTokens) if (e.expiresAt <= now) this.refreshTokens.delete(k);
  }
}
