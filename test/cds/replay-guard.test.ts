// The jti memory: a token is admitted once, forgotten only after it expires, and a full table refuses new tokens
// instead of forgetting live ones (which would reopen the replay window).
import { describe, expect, it } from 'vitest';
import { ReplayGuard } from '../../server/cds/replay-guard';

describe('ReplayGuard', () => {
  it('admits a jti once per issuer, and again only once it has expired', () => {
    let now = 1_000;
    const guard = new ReplayGuard(10, () => now);
    expect(guard.admit('ehr-a', 'j1', 5_000)).toBe('ok');
    expect(guard.admit('ehr-a', 'j1', 5_000)).toBe('replayed');
    expect(guard.admit('ehr-b', 'j1', 5_000)).toBe('ok');
    now = 5_001;
    expect(guard.admit('ehr-c', 'j2', 9_000)).toBe('ok');
    expect(guard.size).toBe(1);
  });

  it('refuses new tokens when full of live ones, and makes room as they expire', () => {
    let now = 0;
    const guard = new ReplayGuard(2, () => now);
    expect(guard.admit('ehr', 'a', 100)).toBe('ok');
    expect(guard.admit('ehr', 'b', 200)).toBe('ok');
    expect(guard.admit('ehr', 'c', 300)).toBe('full');
    expect(guard.admit('ehr', 'a', 100)).toBe('replayed');
    now = 150;
    expect(guard.admit('ehr', 'c', 300)).toBe('ok');
    expect(guard.size).toBe(2);
  });
});
