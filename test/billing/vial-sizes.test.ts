// The container-combination check (docs/billing-rules.md sections 3 and 4) against a brute force over every total, and
// at the sizes and doses where a search that walks up to the dose would never end.
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composableWith, ContainerSizeMemo, MAX_SIZES, MAX_TABLE, sizeTable, smallestAtLeastWith, type SizeTable, type SizesUnchecked } from '../../src/billing/vial-sizes';

/** The reference: which totals up to `limit` steps of `unit` whole containers make, by walking every total. */
function reachableUpTo(sizes: number[], limit: number): Uint8Array {
  const reachable = new Uint8Array(limit + 1);
  reachable[0] = 1;
  for (let t = 1; t <= limit; t++) {
    for (const s of sizes) {
      if (s <= t && reachable[t - s]) {
        reachable[t] = 1;
        break;
      }
    }
  }
  return reachable;
}

/** Brute force over sizes and amount given in thousandths (so every value is a whole number of 0.001). */
function bruteComposable(sizesMilli: number[], amountMilli: number): boolean {
  return reachableUpTo(sizesMilli, amountMilli)[amountMilli] === 1;
}

function bruteSmallestAtLeast(sizesMilli: number[], doseMilli: number): number {
  const need = Math.max(1, doseMilli);
  const reachable = reachableUpTo(sizesMilli, need + Math.max(...sizesMilli));
  let t = need;
  while (!reachable[t]) t++;
  return t;
}

const milli = (n: number) => new Big(n).div(1000);

function table(sizes: (string | number | Big)[]): SizeTable {
  const t = sizeTable(sizes.map((s) => new Big(s)));
  if ('unchecked' in t) throw new Error(`unexpected: ${t.unchecked}`);
  return t;
}

function unchecked(sizes: (string | number)[]): SizesUnchecked {
  const t = sizeTable(sizes.map((s) => new Big(s)));
  if (!('unchecked' in t)) throw new Error('expected the sizes to be refused');
  return t;
}

describe('container combinations (docs/billing-rules.md sections 3 and 4)', () => {
  it('Actemra: 331 mg given + 29 mg discarded = 360 mg = 200 + 80 + 80 is whole containers; 350 mg is not', () => {
    const actemra = table([80, 200, 400]);
    expect(composableWith(actemra, new Big(360))).toBe(true);
    expect(composableWith(actemra, new Big(350))).toBe(false);
    // 40 and 120 are multiples of the common step (40 mg) but below or between what the sizes make.
    expect(composableWith(actemra, new Big(40))).toBe(false);
    expect(composableWith(actemra, new Big(120))).toBe(false);
    expect(composableWith(actemra, new Big(160))).toBe(true);
    expect(composableWith(actemra, new Big(0))).toBe(true);
  });

  it('CGS: 300 mg is best supplied by 3 x 100 mg, not one 400 mg vial', () => {
    const t = table([100, 400]);
    expect(smallestAtLeastWith(t, new Big(300)).toString()).toBe('300');
    expect(smallestAtLeastWith(t, new Big(301)).toString()).toBe('400');
    expect(smallestAtLeastWith(t, new Big(0)).toString()).toBe('100');
  });

  it('the least set at or above a dose below the largest gap: sizes 80 and 200 cannot make 120, 280 or 360 - 40', () => {
    const t = table([80, 200]);
    // Totals they make: 0, 80, 160, 200, 240, 280, 320, 360, 400, ...: 100 needs 160, 170 needs 200.
    expect(smallestAtLeastWith(t, new Big(100)).toString()).toBe('160');
    expect(smallestAtLeastWith(t, new Big(170)).toString()).toBe('200');
    expect(smallestAtLeastWith(t, new Big(81)).toString()).toBe('160');
  });

  it('agrees with the brute force on every small case (sizes and amounts in thousandths)', () => {
    const sizes = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 });
    const decimals = fc.constantFrom(1, 10, 100, 1000);
    fc.assert(
      fc.property(sizes, decimals, fc.integer({ min: 0, max: 2000 }), (raw, factor, amount) => {
        const sizesMilli = raw.map((s) => s * factor);
        const t = table(sizesMilli.map(milli));
        expect(composableWith(t, milli(amount))).toBe(bruteComposable(sizesMilli, amount));
        expect(smallestAtLeastWith(t, milli(amount)).eq(milli(bruteSmallestAtLeast(sizesMilli, amount)))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with the brute force when sizes share a large common step (few classes, large totals)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 3000 }),
        (raw, step, amount) => {
          const sizes = raw.map((s) => s * step);
          const t = table(sizes);
          expect(composableWith(t, new Big(amount))).toBe(bruteComposable(sizes, amount));
          expect(smallestAtLeastWith(t, new Big(amount)).toNumber()).toBe(bruteSmallestAtLeast(sizes, amount));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers doses far beyond any table: 1,900,000 mg and 1e15 mg from 80/200/400 mg vials', () => {
    const t = table([80, 200, 400]);
    expect(composableWith(t, new Big(1_900_000))).toBe(true);
    expect(composableWith(t, new Big(1_900_003))).toBe(false);
    expect(composableWith(t, new Big('1e15'))).toBe(true);
    expect(composableWith(t, new Big('1000000000000001'))).toBe(false);
    expect(smallestAtLeastWith(t, new Big(1_900_003)).toString()).toBe('1900040');
    expect(smallestAtLeastWith(t, new Big('1e15')).eq(new Big('1e15'))).toBe(true);
    expect(smallestAtLeastWith(t, new Big('1e15').plus(1)).eq(new Big('1e15').plus(40))).toBe(true);
  });

  it('a tiny amount is exactly not whole containers, and needs one container', () => {
    const t = table([100]);
    expect(composableWith(t, new Big('0.0000001'))).toBe(false);
    expect(smallestAtLeastWith(t, new Big('0.0000001')).toString()).toBe('100');
    // An amount with far more decimals than any size is still decided exactly, never rounded into a multiple.
    expect(composableWith(t, new Big('100.000000000000000000000001'))).toBe(false);
    expect(composableWith(t, new Big(-100))).toBe(false);
  });

  it('decimal sizes: 0.5 mg and 1.25 mg vials make 1.75 mg and 2.5 mg but not 0.75 mg', () => {
    const t = table(['0.5', '1.25']);
    expect(composableWith(t, new Big('1.75'))).toBe(true);
    expect(composableWith(t, new Big('2.5'))).toBe(true);
    expect(composableWith(t, new Big('0.75'))).toBe(false);
    expect(smallestAtLeastWith(t, new Big('0.6')).toString()).toBe('1');
  });

  it('leaves out sizes of zero or below, and refuses a set with none above zero', () => {
    const t = table([0, -100, 100]);
    expect(composableWith(t, new Big(300))).toBe(true);
    expect(composableWith(t, new Big(250))).toBe(false);
    expect(unchecked([0, -5]).unchecked).toMatch(/no container size above zero/);
  });

  it('refuses, rather than searching, sizes beyond its bounds: too many, too fine, too far apart', () => {
    const many = Array.from({ length: MAX_SIZES + 1 }, (_, i) => 1000 + i);
    expect(unchecked(many).unchecked).toMatch(/65 different container sizes/);
    // 100 mg and 100.01 mg: a common step of 0.01 mg makes the smallest 10,000 steps, more than the table holds.
    expect(MAX_TABLE).toBeLessThan(10_000);
    expect(unchecked(['100', '100.01']).unchecked).toMatch(/too far apart|too close/);
    expect(unchecked(['1', '1e10']).unchecked).toMatch(/too far apart/);
    expect(unchecked(['0.0000000000001']).unchecked).toMatch(/decimals/);
    // At each bound itself the check still runs.
    const atBound = table([MAX_TABLE, MAX_TABLE + 1]);
    expect(composableWith(atBound, new Big(MAX_TABLE * (MAX_TABLE + 1)))).toBe(true);
    // The largest total two sizes a and a + 1 cannot make is a * (a + 1) - a - (a + 1) (Sylvester).
    const frobenius = MAX_TABLE * (MAX_TABLE + 1) - MAX_TABLE - (MAX_TABLE + 1);
    expect(composableWith(atBound, new Big(frobenius))).toBe(false);
    expect(composableWith(atBound, new Big(frobenius + 1))).toBe(true);
    expect(smallestAtLeastWith(atBound, new Big(frobenius)).toNumber()).toBe(frobenius + 1);
    const sixtyFour = table(Array.from({ length: MAX_SIZES }, (_, i) => 1000 + i));
    expect(composableWith(sixtyFour, new Big(1063))).toBe(true);
    expect(composableWith(sixtyFour, new Big(1064))).toBe(false);
    const farApart = table([1, 2 ** 31]);
    expect(smallestAtLeastWith(farApart, new Big(5)).toString()).toBe('5');
    const twelveDecimals = table(['0.000000000001']);
    expect(composableWith(twelveDecimals, new Big('0.000000000003'))).toBe(true);
    expect(smallestAtLeastWith(twelveDecimals, new Big('0.0000000000025')).toString()).toBe('3e-12');
  });
});

describe('container combinations at their edges', () => {
  it('zero containers make 0, and at least one container is opened for any dose, even 0', () => {
    const t = table([80, 200]);
    expect(composableWith(t, new Big(0))).toBe(true);
    expect(smallestAtLeastWith(t, new Big(0)).toString()).toBe('80');
    expect(smallestAtLeastWith(t, new Big(-5)).toString()).toBe('80');
  });

  it('at the Frobenius number itself (3 and 5 mg vials cannot make 7 mg): the least total above it is 8', () => {
    const t = table([3, 5]);
    expect(t.frobenius).toBe(7);
    expect(composableWith(t, new Big(7))).toBe(false);
    expect(smallestAtLeastWith(t, new Big(7)).toString()).toBe('8');
    expect(smallestAtLeastWith(t, new Big(8)).toString()).toBe('8');
    expect(smallestAtLeastWith(t, new Big(6)).toString()).toBe('6');
    // Past it every total is whole containers: the dose itself, in whole steps.
    expect(smallestAtLeastWith(t, new Big('8.5')).toString()).toBe('9');
  });

  it('one size: its multiples only; the same size listed many times is still one size', () => {
    const one = table([100]);
    expect(composableWith(one, new Big(300))).toBe(true);
    expect(composableWith(one, new Big(250))).toBe(false);
    expect(smallestAtLeastWith(one, new Big(250)).toString()).toBe('300');
    const repeated = table(Array.from({ length: MAX_SIZES + 10 }, () => 100));
    expect(repeated.m).toBe(1);
    expect(smallestAtLeastWith(repeated, new Big(250)).toString()).toBe('300');
  });

  it('a size that the others already make changes nothing (100 beside 50) and one that does is used (30 beside 50)', () => {
    expect(smallestAtLeastWith(table([50, 100]), new Big(60)).toString()).toBe('100');
    expect(smallestAtLeastWith(table([30, 50]), new Big(60)).toString()).toBe('60');
    expect(composableWith(table([30, 50]), new Big(110))).toBe(true);
    expect(composableWith(table([30, 50]), new Big(70))).toBe(false);
  });
});

describe('container sizes in any order, and amounts below zero', () => {
  it('sizes given largest first are ordered before the table is built: 5000 and 1 steps is a table of one class', () => {
    const t = table([5000, 1]);
    expect(t.m).toBe(1);
    expect(composableWith(t, new Big(7))).toBe(true);
    const actemra = table([400, 200, 80]);
    expect(actemra.m).toBe(2); // 80 mg in steps of 40 mg
    expect(composableWith(actemra, new Big(360))).toBe(true);
    expect(smallestAtLeastWith(actemra, new Big(300)).toString()).toBe('320');
  });

  it('any order of the same sizes gives the same table, with the smallest size as its classes, even beside a size past the table cap', () => {
    // 1 and 9 mg beside 5,000 mg: ordered, a table of one class; taken in the catalog's order, 5,000 classes (refused).
    const sizes = [1, 9, 5000, 4099, 4100];
    fc.assert(
      fc.property(fc.shuffledSubarray(sizes, { minLength: sizes.length }), fc.shuffledSubarray(sizes, { minLength: 2 }), (all, some) => {
        const t = table(all);
        expect(t.m).toBe(1);
        expect(t.frobenius).toBe(-1);
        const given = (list: number[]) => sizeTable(list.map((n) => new Big(n)));
        expect(given(some)).toEqual(given([...some].sort((a, b) => a - b)));
      }),
      { numRuns: 200 },
    );
  });

  it('a negative amount is never whole containers, whatever its remainder', () => {
    const t = table([80, 200]);
    expect(composableWith(t, new Big(-40))).toBe(false);
    expect(composableWith(t, new Big(-80))).toBe(false);
  });
});

describe('container sizes remembered per catalog', () => {
  it('two codes of one catalog keep their own sizes: 280 mg is whole 80/200 mg vials of one code and not whole 3 mg vials of the other', () => {
    const memo = new ContainerSizeMemo();
    const one = new Big(1);
    const tocilizumab = memo.sizesWith('J3262', one, new Big(80), () => ['80', '200', '400']);
    const other = memo.sizesWith('J9999', one, new Big(3), () => ['3']);
    expect(other.key).not.toBe(tocilizumab.key);
    const dose = new Big(280);
    expect(memo.composable(tocilizumab.key, dose, tocilizumab.sizes)).toBe(true);
    expect(memo.composable(other.key, dose, other.sizes)).toBe(false);
    expect(memo.smallestAtLeast(tocilizumab.key, new Big(100), tocilizumab.sizes)).toEqual(new Big(160));
    expect(memo.smallestAtLeast(other.key, new Big(100), other.sizes)).toEqual(new Big(102));
  });
});
