import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { estimateDiscard } from '../../src/audit/waste-estimate';

// estimateDiscard(dose D, descriptor u, content of one container, payment limit per billing unit)
describe('estimateDiscard: the value of undocumented waste', () => {
  it('infliximab 350 mg from 100 mg vials: 4 vials, 35 units given, 5 discarded, 5 x $7.512 = $37.56', () => {
    const e = estimateDiscard(new Big(350), new Big(10), new Big(100), '7.512');
    expect(e).toMatchObject({ containers: 4, administeredUnits: 35, discardedUnits: 5 });
    expect(e.dollars?.toFixed(2)).toBe('37.56');
  });

  it('rounds the administered units up and the discard down, so A + W never exceeds the vials (NGS)', () => {
    // 355 mg: A = ceil(35.5) = 36, W = floor(400 / 10) - 36 = 4 (the 4.5 units left are rounded down).
    const e = estimateDiscard(new Big(355), new Big(10), new Big(100), '7.512');
    expect(e).toMatchObject({ containers: 4, administeredUnits: 36, discardedUnits: 4 });
    expect(e.dollars?.toFixed(2)).toBe('30.05');
  });

  it('a dose that fills whole vials leaves nothing', () => {
    const e = estimateDiscard(new Big(400), new Big(10), new Big(100), '7.512');
    expect(e).toMatchObject({ containers: 4, discardedUnits: 0 });
    expect(e.dollars?.toFixed(2)).toBe('0.00');
  });

  it('a discard below one billing unit is worth nothing (10 mg vial, u 10 mg, 7 mg given)', () => {
    expect(estimateDiscard(new Big(7), new Big(10), new Big(10), '3')).toMatchObject({ containers: 1, administeredUnits: 1, discardedUnits: 0 });
  });

  it('works in exact decimals: bortezomib 3.62 mg of a 3.5 mg vial, u 0.1 mg', () => {
    // 2 vials = 7 mg; A = ceil(36.2) = 37; W = floor(70) - 37 = 33; 33 x $1.01 = $33.33.
    const e = estimateDiscard(new Big('3.62'), new Big('0.1'), new Big('3.5'), '1.01');
    expect(e).toMatchObject({ containers: 2, administeredUnits: 37, discardedUnits: 33 });
    expect(e.dollars?.toFixed(2)).toBe('33.33');
  });

  it('has no dollars when the catalog has no payment limit', () => {
    const e = estimateDiscard(new Big(320), new Big(1), new Big(200), undefined);
    expect(e.discardedUnits).toBe(80);
    expect(e.dollars).toBeUndefined();
  });
});
