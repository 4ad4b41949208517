// Lookups over catalog entries, built once per catalog and shared by every derive() call.
import { normalizeNdc } from './ndc';
import type { CatalogEntries, HcpcsCode, NdcProduct } from './types';

/** A raw NDC read against the crosswalk: its 11-digit readings and those the crosswalk knows, or why it is no NDC. */
export type NdcLookup = { error: string } | { readings: readonly string[]; known: readonly string[] };

/** Bounds the remembered lookups: records name a formulary's few hundred NDCs, never an unbounded stream. */
const MAX_REMEMBERED_NDCS = 10_000;

export class CatalogIndex {
  readonly quarter: string;
  private readonly codes = new Map<string, HcpcsCode>();
  private readonly byNdc = new Map<string, NdcProduct[]>();
  private readonly byCode = new Map<string, NdcProduct[]>();
  private readonly ndcLookups = new Map<string, NdcLookup>();

  constructor(entries: CatalogEntries) {
    this.quarter = entries.quarter;
    for (const code of entries.codes) this.codes.set(code.code, code);
    for (const product of entries.products) {
      push(this.byNdc, product.ndc, product);
      push(this.byCode, product.hcpcs, product);
    }
  }

  code(hcpcs: string): HcpcsCode | undefined {
    return this.codes.get(hcpcs);
  }

  /** Every HCPCS mapping of one 11-digit NDC. */
  productsOfNdc(ndc11: string): readonly NdcProduct[] {
    return this.byNdc.get(ndc11) ?? [];
  }

  /**
   * An NDC as a record writes it (hyphenated, 10 or 11 digits), normalised and looked up once per distinct
   * spelling: every administration of a product carries the same one. A bare 10-digit NDC has three readings.
   */
  lookupNdc(raw: string): NdcLookup {
    let lookup = this.ndcLookups.get(raw);
    if (!lookup) {
      const normalized = normalizeNdc(raw);
      if ('error' in normalized) lookup = normalized;
      else {
        const readings = 'ndc11' in normalized ? [normalized.ndc11] : normalized.candidates;
        lookup = { readings, known: readings.filter((n) => this.productsOfNdc(n).length > 0) };
      }
      if (this.ndcLookups.size < MAX_REMEMBERED_NDCS) this.ndcLookups.set(raw, lookup);
    }
    return lookup;
  }

  /** Every NDC package billed under one HCPCS code (all container sizes of the drug). */
  productsOfCode(hcpcs: string): readonly NdcProduct[] {
    return this.byCode.get(hcpcs) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
