// The integer shortcuts must give exactly what the big.js expressions they replace give, whatever the decimals.
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotientTo3Places, roundedQuotient, to3Places, wholeQuotient } from '../../src/billing/decimal';

/** Decimal strings from short doses to values too long for the shortcut, signed and zero included. */
const decimal = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,17}$/), fc.stringMatching(/^[0-9]{0,22}$/))
  .map(([negative, whole, fraction]) => new Big(`${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`));
const short = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 4 })).map(([n, places]) => new Big(n).div(10 ** places));
const operand = fc.oneof(decimal, short, short.map((x) => x.div(new Big('26.3'))));

/** The shortcut returns what big.js returns (Object.is: 0 and -0 differ), or throws what big.js throws. */
function same(big: () => unknown, fast: () => unknown): void {
  let expected: unknown;
  try {
    expected = big();
  } catch (err) {
    expect(fast).toThrow((err as Error).message);
    return;
  }
  expect(fast()).toBe(expected);
}

const RUNS = { numRuns: 5_000 };

describe('exact shortcuts for big.js (src/billing/decimal.ts)', () => {
  it('wholeQuotient is a.div(b).round(0, up or down).toNumber()', () => {
    fc.assert(
      fc.property(operand, operand, fc.boolean(), (a, b, up) => {
        same(() => a.div(b).round(0, up ? Big.roundUp : Big.roundDown).toNumber(), () => wholeQuotient(a, b, up));
        same(() => a.div(b).round(0, up ? Big.roundUp : Big.roundDown).toString(), () => roundedQuotient(a, b, up).toString());
      }),
      RUNS,
    );
  });

  it('quotientTo3Places is Number(a.div(b).round(3).toString())', () => {
    fc.assert(fc.property(operand, operand, (a, b) => same(() => Number(a.div(b).round(3).toString()), () => quotientTo3Places(a, b))), RUNS);
  });

  it('to3Places is x.round(3).toString()', () => {
    fc.assert(
      fc.property(operand, (x) => {
        expect(to3Places(x)).toBe(x.round(3).toString());
      }),
      RUNS,
    );
  });

  it.each([
    ['350', '10', true, 35],
    ['0.07', '0.01', true, 7],
    ['49.9', '10', false, 4],
    ['0', '10', true, 0],
    ['1000000000000000', '3', true, 333333333333334], // past the shortcut's 15 digits: big.js
  ])('%s / %s rounded %s is %i', (a, b, up, n) => {
    expect(wholeQuotient(new Big(a), new Big(b), up as boolean)).toBe(n);
  });

  it('rounds the NDC quantity half-up at the third decimal, and divides by zero as big.js does', () => {
    expect(quotientTo3Places(new Big('1'), new Big('8'))).toBe(0.125);
    expect(quotientTo3Places(new Big('2'), new Big('3'))).toBe(0.667);
    expect(quotientTo3Places(new Big('1000'), new Big('38.02281368821292775665'))).toBe(26.3);
    expect(() => wholeQuotient(new Big('1'), new Big('0'), true)).toThrow('Division by zero');
  });
});
