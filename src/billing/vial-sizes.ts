// Which totals whole containers can make (docs/billing-rules.md sections 3 and 4): "dose + discarded" must be a sum of
// container sizes of the product (Actemra 360 mg = 200 + 80 + 80), and the least wasteful set is what CGS bills.
//
// Cost does not depend on the dose. The sizes are scaled to whole multiples of their common step g, and m is the
// smallest of them. Totals of whole containers fall into m classes by their remainder modulo m; adding one
// smallest container keeps a total in its class, so a class holds every total from its least member on, in steps
// of m. A table of the least member of each class (a shortest-path problem over the m remainders, solved by the
// round-robin method of Böcker and Lipták, 2007) therefore answers "can this total be made?" and "what is the
// least total at or above this dose?" for any dose, however large, from m entries. The table costs m steps per
// size and is built once per set of sizes; the caps below bound it.
import Big from 'big.js';

/** Largest table: the smallest size may be at most this many common steps (real quarters: 441, J1944). */
export const MAX_TABLE = 4096;
/** Most distinct sizes one check takes (real quarters: 25, J7512). */
export const MAX_SIZES = 64;
/** Largest size in common steps; keeps every table entry an exact integer in a double. */
const MAX_SCALED_SIZE = 2 ** 31;
/** Sizes with more decimals than this are not container contents. */
const MAX_DECIMALS = 12;

/** Why sizes cannot be checked, for the finding that says so. */
export type SizesUnchecked = { unchecked: string };

/** The least total of whole containers in each remainder class, for one set of sizes. */
export interface SizeTable {
  /** The common step of the sizes: every total is a whole number of it. */
  readonly step: Big;
  /** 10^decimals and the step in those units, to scale amounts exactly. */
  readonly scale: Big;
  readonly stepScaled: bigint;
  /** The smallest size in steps: the number of classes. */
  readonly m: number;
  /** least[r]: the smallest total (in steps) of whole containers that leaves remainder r modulo m. */
  readonly least: Float64Array;
  /** Every total above this many steps can be made (the Frobenius number of the sizes). */
  readonly frobenius: number;
}

/** The sizes' table, or why they cannot be checked within the caps. Non-positive sizes are left out. */
export function sizeTable(sizes: readonly Big[]): SizeTable | SizesUnchecked {
  const positive = distinct(sizes.filter((s) => s.gt(0)));
  if (positive.length === 0) return { unchecked: 'no container size above zero is known' };
  if (positive.length > MAX_SIZES) return { unchecked: `${positive.length} different container sizes are more than the ${MAX_SIZES} the check takes` };
  const decimals = Math.max(...positive.map(decimalPlaces));
  if (decimals > MAX_DECIMALS) return { unchecked: `a container size has more than ${MAX_DECIMALS} decimals` };
  const scale = new Big(10).pow(decimals);
  const ints = positive.map((s) => BigInt(s.times(scale).toFixed(0)));
  const g = ints.reduce(gcd);
  // The difference's sign orders bigints of any size (distinct() left no two equal).
  const steps = ints.map((n) => n / g).sort((a, b) => Number(a - b));
  const smallest = steps[0]!;
  const largest = steps[steps.length - 1]!;
  if (smallest > BigInt(MAX_TABLE) || largest > BigInt(MAX_SCALED_SIZE)) {
    return { unchecked: 'the container sizes are too far apart, or too close to a common measure, to be combined exactly' };
  }
  const m = Number(smallest);
  const least = new Float64Array(m).fill(Infinity);
  least[0] = 0;
  // Mutation testing: this skip and the slice(1) only save work, so mutants that skip less (or add the smallest size
  // to its own table, where least[0] = 0 skips it) are equivalent.
  for (const big of steps.slice(1)) {
    const a = Number(big);
    // A size that other sizes already make adds no total: skipping it keeps the work to the sizes that matter.
    if (least[a % m]! <= a) continue;
    addSize(least, m, a);
  }
  let highest = 0;
  // Mutation testing: >= for > is equivalent (an equal entry sets the same highest).
  for (const v of least) if (v > highest) highest = v;
  const step = new Big(g.toString()).div(scale);
  return { step, scale, stepScaled: g, m, least, frobenius: highest - m };
}

/**
 * Round robin: the residues split into gcd(a, m) cycles under "+ a"; in each, start from its least entry and walk
 * the cycle once, improving each entry from its predecessor. One walk suffices, because after it every entry is
 * at most its predecessor + a, and the start was already least.
 */
// Mutation testing: mutants of the loop bounds (one more step around a cycle), of the choice of start among equal
// least entries, of < vs <= in the relaxation and of the Infinity skip are equivalent: an extra step improves no
// entry, any least entry is a valid start, and walking on from an unreachable start changes nothing.
function addSize(least: Float64Array, m: number, a: number): void {
  const cycles = gcdNumber(a, m);
  const length = m / cycles;
  for (let p = 0; p < cycles; p++) {
    let start = p;
    let r = p;
    for (let i = 0; i < length; i++) {
      if (least[r]! < least[start]!) start = r;
      r = (r + a) % m;
    }
    if (least[start] === Infinity) continue;
    let current = start;
    for (let i = 1; i < length; i++) {
      const next = (current + a) % m;
      const via = least[current]! + a;
      if (via < least[next]!) least[next] = via;
      current = next;
    }
  }
}

/** Whether `amount` is a sum of whole containers (zero containers make 0). */
export function composableWith(table: SizeTable, amount: Big): boolean {
  if (amount.lt(0)) return false;
  const scaled = amount.times(table.scale);
  if (!scaled.eq(scaled.round(0, Big.roundDown))) return false;
  const n = BigInt(scaled.toFixed(0));
  if (n % table.stepScaled !== 0n) return false;
  const steps = n / table.stepScaled;
  const least = table.least[Number(steps % BigInt(table.m))]!;
  // Mutation testing: `least !== Infinity` is always true (the sizes share no factor after division by the step,
  // so every class is reached); it stays as a guard, and its mutant is equivalent.
  return least !== Infinity && steps >= BigInt(least);
}

/** The smallest total of whole containers (at least one) that holds `dose`. */
export function smallestAtLeastWith(table: SizeTable, dose: Big): Big {
  // ceil(x / g) = ceil(ceil(x) / g) for a whole g: exact, with no rounding of a quotient.
  const ceiled = BigInt(dose.times(table.scale).round(0, Big.roundUp).toFixed(0));
  const g = table.stepScaled;
  const need = ceiled <= 0n ? 1n : (ceiled + g - 1n) / g;
  // Mutation testing: dropping this shortcut is equivalent (the loop below gives the same total, at m steps).
  if (need > BigInt(Math.max(0, table.frobenius))) return table.step.times(need.toString());
  // need is now at most the Frobenius number, a double-exact integer: the least total at or above it in each class.
  const want = Number(need);
  const { m, least } = table;
  let best = Infinity;
  // Mutation testing: r <= m, >= for >, <= for < and dropping the Infinity skip below are equivalent (least[m] is
  // undefined and compares false; a tie keeps the same total; no class is unreachable, see composableWith).
  for (let r = 0; r < m; r++) {
    const base = least[r]!;
    if (base === Infinity) continue;
    const total = base >= want ? base : base + Math.ceil((want - base) / m) * m;
    if (total < best) best = total;
  }
  return table.step.times(best);
}

function distinct(values: Big[]): Big[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toString();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function decimalPlaces(v: Big): number {
  return Math.max(0, v.c.length - v.e - 1);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function gcdNumber(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The container sizes a dose may be drawn from, and the key their answers are remembered under. */
export interface ContainerSizes {
  sizes: Big[];
  key: string;
}

/** Tables and answers kept per catalog; bounded, since a record may name sizes of its own. */
const MAX_REMEMBERED_TABLES = 512;
const MAX_REMEMBERED_ANSWERS = 100_000;

/**
 * Container sizes of a code (all its products, in the descriptor's dimension), their tables and the answers above,
 * remembered per catalog: the same drugs and doses come back encounter after encounter. Every key is a value (the
 * code, the sizes, the amount as text), never an object a caller could change between two calls.
 */
export class ContainerSizeMemo {
  private readonly sizes = new Map<string, ContainerSizes>();
  private readonly tables = new Map<string, SizeTable | SizesUnchecked>();
  private readonly answers = new Map<string, boolean | Big | SizesUnchecked>();

  /** The code's sizes, with the administered product's own container content added when the catalog lacks it. */
  sizesWith(hcpcs: string, u: Big, own: Big, billUnits: () => (string | undefined)[]): ContainerSizes {
    const catalogSizes = this.sizesOf(hcpcs, u, billUnits);
    // Mutation testing: adding `own` when the catalog has it already is equivalent: sizeTable drops the duplicate.
    if (catalogSizes.sizes.some((s) => s.eq(own))) return catalogSizes;
    return { sizes: [...catalogSizes.sizes, own], key: `${catalogSizes.key},${own.toString()}` };
  }

  private sizesOf(hcpcs: string, u: Big, billUnits: () => (string | undefined)[]): ContainerSizes {
    const key = `${hcpcs}|${u.toString()}`;
    let found = this.sizes.get(key);
    // Mutation testing: "compute again" (true for !found) and sizes of 0 or below let through are equivalent: the
    // answer is the same, and sizeTable leaves out sizes of 0 or below.
    if (!found) {
      // The code and the unit decide the sizes within one catalog, so they are the answers' key too.
      const distinctSizes = [...new Set(billUnits().filter((b): b is string => !!b && Number(b) > 0).map((b) => new Big(b).times(u).toString()))];
      found = { sizes: distinctSizes.map((s) => new Big(s)), key };
      this.sizes.set(key, found);
    }
    return found;
  }

  /** Whether `amount` is whole containers of these sizes, or why that cannot be checked. */
  composable(key: string, amount: Big, sizes: Big[]): boolean | SizesUnchecked {
    return this.remember(`c|${key}|${amount.toString()}`, () => {
      const table = this.table(key, sizes);
      return 'unchecked' in table ? table : composableWith(table, amount);
    }) as boolean | SizesUnchecked;
  }

  /** The least total of whole containers holding `dose`, or why that cannot be computed. */
  smallestAtLeast(key: string, dose: Big, sizes: Big[]): Big | SizesUnchecked {
    return this.remember(`s|${key}|${dose.toString()}`, () => {
      const table = this.table(key, sizes);
      return 'unchecked' in table ? table : smallestAtLeastWith(table, dose);
    }) as Big | SizesUnchecked;
  }

  // Mutation testing: the caches below (tables, answers, memos) only save work; mutants that skip, bound or always
  // refill them are equivalent.
  private table(key: string, sizes: Big[]): SizeTable | SizesUnchecked {
    let table = this.tables.get(key);
    if (!table) {
      table = sizeTable(sizes);
      if (this.tables.size < MAX_REMEMBERED_TABLES) this.tables.set(key, table);
    }
    return table;
  }

  private remember<T extends boolean | Big | SizesUnchecked>(key: string, compute: () => T): T {
    const hit = this.answers.get(key);
    if (hit !== undefined) return hit as T;
    const value = compute();
    if (this.answers.size < MAX_REMEMBERED_ANSWERS) this.answers.set(key, value);
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
