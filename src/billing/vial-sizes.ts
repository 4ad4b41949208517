// Which totals whole containers can make (billing-rules.md sections 3 and 4): "dose + discarded" must be a sum of
// container sizes of the product (Actemra 360 mg = 200 + 80 + 80), and the least wasteful set is what CGS bills.
import Big from 'big.js';

const MAX_STEPS = 2_000_000;

interface Scaled {
  sizes: number[];
  unit: Big;
}

/** Sizes as whole multiples of their greatest common step, so a table of reachable totals stays small. */
function scale(values: Big[]): Scaled | undefined {
  const decimals = Math.max(0, ...values.map((v) => Math.max(0, -v.e + v.c.length - 1)));
  if (decimals > 6) return undefined;
  const factor = new Big(10).pow(decimals);
  const ints = values.map((v) => Number(v.times(factor).toFixed(0)));
  const step = ints.reduce((g, n) => gcd(g, n), 0);
  if (step === 0) return undefined;
  return { sizes: ints.map((n) => n / step), unit: new Big(step).div(factor) };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** True or false when it can tell; undefined when the sizes or amount are too fine to check. */
export function composable(amount: Big, sizes: Big[]): boolean | undefined {
  const positive = sizes.filter((s) => s.gt(0));
  if (positive.length === 0) return undefined;
  const scaled = scale([...positive, amount]);
  if (!scaled) return undefined;
  const target = Number(amount.div(scaled.unit).toFixed(0));
  const parts = scaled.sizes.slice(0, -1);
  if (!amount.div(scaled.unit).eq(target) || target > MAX_STEPS) return undefined;
  const reachable = new Uint8Array(target + 1);
  reachable[0] = 1;
  for (let t = 1; t <= target; t++) {
    for (const s of parts) {
      if (s <= t && reachable[t - s]) {
        reachable[t] = 1;
        break;
      }
    }
  }
  return reachable[target] === 1;
}

/** The smallest total of whole containers that holds at least `dose`; undefined when too fine to compute. */
export function smallestComposableAtLeast(dose: Big, sizes: Big[]): Big | undefined {
  const positive = sizes.filter((s) => s.gt(0));
  if (positive.length === 0) return undefined;
  const scaled = scale(positive);
  if (!scaled) return undefined;
  const need = Number(dose.div(scaled.unit).round(0, Big.roundUp).toFixed(0));
  const largest = Math.max(...scaled.sizes);
  const limit = need + largest;
  if (limit > MAX_STEPS) return undefined;
  const reachable = new Uint8Array(limit + 1);
  reachable[0] = 1;
  for (let t = 1; t <= limit; t++) {
    for (const s of scaled.sizes) {
      if (s <= t && reachable[t - s]) {
        reachable[t] = 1;
        if (t >= need) return scaled.unit.times(t);
        break;
      }
    }
  }
  return undefined;
}

/** The container sizes a dose may be drawn from, and the key their answers are remembered under. */
export interface ContainerSizes {
  sizes: Big[];
  key: string;
}

/**
 * Container sizes of a code (all its products, in the descriptor's dimension) and the answers above, remembered per
 * catalog: the same drugs and doses come back encounter after encounter.
 */
export class ContainerSizeMemo {
  private readonly sizes = new Map<string, Big[]>();
  private readonly answers = new Map<string, boolean | Big | undefined>();
  private readonly withOwn = new WeakMap<Big, { hcpcs: string; u: Big; sizes: ContainerSizes }>();

  /**
   * The code's sizes, with the administered product's own container content added when the catalog lacks it.
   * Remembered per content object, which a Medication's container facts keep from call to call.
   */
  sizesWith(hcpcs: string, u: Big, own: Big, billUnits: () => (string | undefined)[]): ContainerSizes {
    const hit = this.withOwn.get(own);
    if (hit && hit.hcpcs === hcpcs && hit.u === u) return hit.sizes;
    const catalogSizes = this.sizesOf(hcpcs, u, billUnits);
    const sizes = catalogSizes.some((s) => s.eq(own)) ? catalogSizes : [...catalogSizes, own];
    const found = { sizes, key: `${hcpcs}|${sizes.map((s) => s.toString()).join(',')}` };
    this.withOwn.set(own, { hcpcs, u, sizes: found });
    return found;
  }

  private sizesOf(hcpcs: string, u: Big, billUnits: () => (string | undefined)[]): Big[] {
    const key = `${hcpcs}|${u.toString()}`;
    let found = this.sizes.get(key);
    if (!found) {
      const distinct = new Set(billUnits().filter((b): b is string => !!b && Number(b) > 0).map((b) => new Big(b).times(u).toString()));
      found = [...distinct].map((s) => new Big(s));
      this.sizes.set(key, found);
    }
    return found;
  }

  composable(key: string, amount: Big, sizes: Big[]): boolean | undefined {
    return this.remember(`c|${key}|${amount.toString()}`, () => composable(amount, sizes)) as boolean | undefined;
  }

  smallestAtLeast(key: string, dose: Big, sizes: Big[]): Big | undefined {
    return this.remember(`s|${key}|${dose.toString()}`, () => smallestComposableAtLeast(dose, sizes)) as Big | undefined;
  }

  private remember(key: string, compute: () => boolean | Big | undefined): boolean | Big | undefined {
    if (this.answers.has(key)) return this.answers.get(key);
    const value = compute();
    if (this.answers.size < 100_000) this.answers.set(key, value);
    return value;
  }
}

const memos = new WeakMap<object, ContainerSizeMemo>();

export function containerSizeMemo(catalog: object): ContainerSizeMemo {
  let memo = memos.get(catalog);
  if (!memo) {
    memo = new ContainerSizeMemo();
    memos.set(catalog, memo);
  }
  return memo;
}
