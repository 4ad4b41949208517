// The answer to GET /api/catalog (docs/design.md): for the NDCs and codes of one encounter, every catalog entry the
// engine needs - each HCPCS code an NDC maps to, those codes' entries, and every product (all container sizes)
// billed under them - and what the catalog does not know. A 10-digit NDC without hyphens is looked up in every
// padding position. Pure, so the server, the browser and tests share it. `entries` is a list, one entry per HCPCS
// code with every product billed under it; `catalogOfAnswer` turns an answer back into CatalogEntries.
import type { CatalogIndex } from './catalog-index';
import { normalizeNdc } from './ndc';
import type { CatalogEntries, HcpcsCode, NdcProduct } from './types';

/** One HCPCS code the encounter's products need: its facts (when the catalog has them) and all its products. */
export interface CatalogEntry {
  hcpcs: string;
  code?: HcpcsCode;
  products: NdcProduct[];
}

export interface CatalogAnswer {
  catalog: string;
  entries: CatalogEntry[];
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

  const entries = [...codesWanted].map((hcpcs): CatalogEntry => {
    const code = index.code(hcpcs);
    return { hcpcs, ...(code ? { code } : {}), products: [...index.productsOfCode(hcpcs)] };
  });
  return { catalog: index.quarter, entries, unknown };
}

/** The catalog an answer carries, for `new CatalogIndex(...)` in the browser. */
export function catalogOfAnswer(answer: CatalogAnswer): CatalogEntries {
  return {
    quarter: answer.catalog,
    codes: answer.entries.flatMap((e) => (e.code ? [e.code] : [])),
    products: answer.entries.flatMap((e) => e.products),
  };
}
