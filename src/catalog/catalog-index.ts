// Lookups over catalog entries, built once per catalog and shared by every derive() call.
import type { CatalogEntries, HcpcsCode, NdcProduct } from './types';

export class CatalogIndex {
  readonly quarter: string;
  private readonly codes = new Map<string, HcpcsCode>();
  private readonly byNdc = new Map<string, NdcProduct[]>();
  private readonly byCode = new Map<string, NdcProduct[]>();

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
