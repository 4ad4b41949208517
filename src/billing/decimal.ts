// Exact shortcuts for the big.js operations the engine repeats on every line: whole units and 3-decimal NDC
// quantities from a quotient, and 3-decimal display. Doses and container sizes are short decimals, so both operands
// scale to integers below 10^15 and integer division gives exactly the result big.js gives (shown below), at a
// fraction of the cost. Anything else (more digits, a negative sign, a zero divisor) takes big.js unchanged.
//
// Why the integer result equals big.js's: `div` first rounds the quotient half-up to Big.DP = 20 decimals, and the
// result is then rounded again. For integers A and B below 10^15, a quotient A / B that is not a whole number lies at
// least 1/B from every whole number and, unless it is a half, at least 1/(2B) > 0.5 * 10^-15 from every half. The
// first rounding moves it by at most 0.5 * 10^-20 (0.5 * 10^-17 in thousandths), so it never crosses the whole
// number or half that the second rounding decides on.
//
// Mutation testing: a mutant that only sends more inputs to big.js (a guard made true, a 15-digit bound made 14, a
// shift of 0 refused, no digits read so the divisor is 0) is equivalent, since big.js gives the same answer more
// slowly; so is one that lets two negative operands through, since their quotient's sign cancels. The common scale's
// exact value is not observable either: below an operand's decimals that operand takes big.js, and otherwise both
// operands are multiplied by the same power of ten, which leaves the quotient as it was; `shift < 0` removed is
// equivalent because commonScale never falls below an operand's decimals. In to3Places, taking the shortcut less
// often (or never) gives x.round(3) itself.
import Big from 'big.js';

/** 10^0 to 10^15, each exact in a double. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The integer x * 10^scale, when x has a positive sign, at most `scale` decimals and the integer at most 15 digits. */
function scaledInteger(x: Big, scale: number): number | undefined {
  const digits = x.c.length;
  const shift = scale - (digits - x.e - 1);
  if (x.s !== 1 || shift < 0 || digits + shift > 15) return undefined;
  let n = 0;
  for (let i = 0; i < digits; i++) n = n * 10 + x.c[i]!;
  return n * POWERS_OF_TEN[shift]!;
}

/** The scale that makes both a and b integers. */
function commonScale(a: Big, b: Big): number {
  return Math.max(0, a.c.length - a.e - 1, b.c.length - b.e - 1);
}

/** `a.div(b).round(0, up ? Big.roundUp : Big.roundDown).toNumber()`. */
export function wholeQuotient(a: Big, b: Big, up: boolean): number {
  return integerQuotient(a, b, up) ?? a.div(b).round(0, up ? Big.roundUp : Big.roundDown).toNumber();
}

/** `a.div(b).round(0, up ? Big.roundUp : Big.roundDown)`, for callers that go on computing with it. */
export function roundedQuotient(a: Big, b: Big, up: boolean): Big {
  const n = integerQuotient(a, b, up);
  return n === undefined ? a.div(b).round(0, up ? Big.roundUp : Big.roundDown) : new Big(n);
}

/** The whole quotient from integers; undefined when the operands do not scale to safe ones. */
function integerQuotient(a: Big, b: Big, up: boolean): number | undefined {
  const scale = commonScale(a, b);
  const dividend = scaledInteger(a, scale);
  const divisor = scaledInteger(b, scale);
  if (dividend === undefined || divisor === undefined || divisor === 0) return undefined;
  const remainder = dividend % divisor;
  const floor = (dividend - remainder) / divisor;
  return up && remainder !== 0 ? floor + 1 : floor;
}

/** `Number(a.div(b).round(3).toString())`: the quotient rounded half-up to 3 decimals, as a number. */
export function quotientTo3Places(a: Big, b: Big): number {
  const scale = commonScale(a, b);
  // The dividend carries three more decimals, so the integer quotient counts thousandths.
  const dividend = scaledInteger(a, scale + 3);
  const divisor = scaledInteger(b, scale);
  if (dividend === undefined || divisor === undefined || divisor === 0) return Number(a.div(b).round(3).toString());
  const remainder = dividend % divisor;
  const thousandths = (dividend - remainder) / divisor + (2 * remainder >= divisor ? 1 : 0);
  // Dividing two exact integers rounds once, to the same double as parsing the decimal string does.
  return thousandths / 1000;
}

/** `x.round(3).toString()`: rounding a value of at most 3 decimals changes nothing, so it is skipped. */
export function to3Places(x: Big): string {
  return x.c.length - x.e - 1 <= 3 ? x.toString() : x.round(3).toString();
}
