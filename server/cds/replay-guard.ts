// Remembers the `jti` of every accepted CDS client token until it expires, so a captured token cannot be sent
// twice (CDS Hooks 2.0, "Trusting CDS Clients": jti is a nonce). Memory is bounded: tokens live at most a few
// minutes (the verifier refuses longer ones), expired entries are dropped as new ones arrive, and when the table
// is full of live entries a new token is refused rather than an old one forgotten (forgetting would reopen the
// replay window for it).
export class ReplayGuard {
  /** key -> expiry (ms); a Map iterates in insertion order, which is roughly expiry order. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the token; 'replayed' when it was seen before, 'full' when there is no room for it. */
  admit(issuer: string, jti: string, expiresAtMs: number): 'ok' | 'replayed' | 'full' {
    const key = `${issuer}\u0000${jti}`;
    this.dropExpired();
    const known = this.seen.get(key);
    if (known !== undefined) return 'replayed';
    if (this.seen.size >= this.capacity) return 'full';
    this.seen.set(key, expiresAtMs);
    return 'ok';
  }

  get size(): number {
    return this.seen.size;
  }

  /** Drops expired entries from the front; stops at the first live one, so each call costs what it frees. */
  private dropExpired(): void {
    const now = this.now();
    for (const [key, expiry] of this.seen) {
      if (expiry > now) break;
      this.seen.delete(key);
    }
  }
}
