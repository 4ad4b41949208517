// A CMS quarter merged over the curated starter facts. The quarter wins wherever it says something; the
// starter keeps what the CMS files never say (administration class, container type, and liquid when curated)
// and whatever the quarter left open (a descriptor the importer could not read, a code or product the quarter
// does not list). Pure: no I/O.
import type { CatalogEntries, NdcProduct } from '../types';

export function mergeOverStarter(cms: CatalogEntries, starter: CatalogEntries): CatalogEntries {
  const starterCodes = new Map(starter.codes.map((code) => [code.code, code]));
  const codes = cms.codes.map((code) => {
    const curated = starterCodes.get(code.code);
    starterCodes.delete(code.code);
    return curated ? { ...curated, ...definedFields(code) } : code;
  });
  codes.push(...starterCodes.values());

  const productKey = (product: NdcProduct) => `${product.ndc} ${product.hcpcs}`;
  const starterProducts = new Map(starter.products.map((product) => [productKey(product), product]));
  const products = cms.products.map((product) => {
    const key = productKey(product);
    const curated = starterProducts.get(key);
    if (!curated) return product;
    starterProducts.delete(key);
    const merged: NdcProduct = { ...curated, ...definedFields(product) };
    // The quarter only infers liquid from PKG SIZE; a curated fact from the labelling is better evidence.
    if (curated.liquid !== undefined) merged.liquid = curated.liquid;
    return merged;
  });
  products.push(...starterProducts.values());

  return { quarter: cms.quarter, codes, products };
}

/**
 * The object without its undefined and empty fields, so that spreading it never blanks a curated fact (a code
 * only the MUE table names has an empty description).
 */
function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && field !== '')) as Partial<T>;
}
