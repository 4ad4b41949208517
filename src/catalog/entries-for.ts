// The answer to GET /api/catalog (design.md): for the NDCs and codes of one encounter, every catalog entry the
// engine needs - each HCPCS code an NDC maps to, those codes' entries, and every product (all container sizes)
// billed under them - and what the catalog does not know. A 10-digit NDC without hyphens is looked up in every
// padding position. Pure, so the server and tests share it; `entries` is a CatalogEntries that the browser can
// hand straight to `new CatalogIndex(...)`.
import type { CatalogIndex } from './catalog-index';
import { normalizeNdc } from './ndc';
import type { CatalogEntries, HcpcsCode, NdcProduct } from './types';

export interface CatalogAnswer {
  catalog: string;
  entries: CatalogEntries;
  /** The NDCs and codes asked for, as given, that the catalog does not know. */
  unknown: string[];
}

export function catalogEntriesFor(index: CatalogIndex, request: { ndcs: readonly string[]; codes: readonly string[] }): CatalogAnswer {
  const unknown: string[] = [];
  const codesWanted = new Set<string>();

  for (const raw of request.ndcs) {
    const result = normalizeNdc(raw);
    const candidates = 'ndc11' in result ? [result.ndc11] : 'candidates' in result ? result.candidates : [];
    const mapped = candidates.flatMap((ndc) => index.productsOfNdc(ndc));
    if (mapped.length === 0) unknown.push(raw);
    for (const product of mapped) codesWanted.add(product.hcpcs);
  }
  for (const raw of request.codes) {
    const code = raw.trim().toUpperCase();
    if (index.code(code) === undefined && index.productsOfCode(code).length === 0) unknown.push(raw);
    else codesWanted.add(code);
  }

  const codes: HcpcsCode[] = [];
  const products: NdcProduct[] = [];
  for (const code of codesWanted) {
    const entry = index.code(code);
    if (entry) codes.push(entry);
    products.push(...index.productsOfCode(code));
  }
  return { catalog: index.quarter, entries: { quarter: index.quarter, codes, products }, unknown };
}
