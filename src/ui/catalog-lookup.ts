// The catalog lookup of an encounter, started as soon as the first page of administrations names its products
// rather than after every read has finished: at EHR latencies that takes the lookup off the path to the first
// line. When the finished read names a product the early lookup did not ask about (a later page, a Medication
// that could not be read in time), the lookup is asked again with everything, so no product goes unlooked-up.
import type { Medication, MedicationAdministration } from 'fhir/r4';
import { productsOf, type Products } from '../fhir/products';
import type { CatalogAnswer } from './app-server';

export class CatalogLookup {
  private early: { products: Products; answer: Promise<CatalogAnswer> } | undefined;

  constructor(
    private readonly fetchCatalog: (products: Products) => Promise<CatalogAnswer>,
    /** NDCs a person typed for this encounter's administrations earlier in the session. */
    private readonly suppliedNdcs: readonly string[],
  ) {}

  /** The first page of administrations with its Medications: ask now, once. */
  start(administrations: readonly MedicationAdministration[], medications: readonly Medication[]): void {
    if (this.early) return;
    const found = productsOf(administrations, medications);
    const products = { ndcs: [...new Set([...found.ndcs, ...this.suppliedNdcs.filter((n) => /^\d{11}$/.test(n))])].sort(), codes: found.codes };
    if (!products.ndcs.length && !products.codes.length) return;
    const answer = this.fetchCatalog(products);
    answer.catch(() => undefined); // awaited in answerFor; a failure is reported there
    this.early = { products, answer };
  }

  /** The answer for the encounter's products: the early one when it asked about all of them. */
  answerFor(products: Products): Promise<CatalogAnswer> {
    const early = this.early;
    if (early && covers(early.products, products)) return early.answer;
    return this.fetchCatalog(products);
  }
}

function covers(asked: Products, needed: Products): boolean {
  return needed.ndcs.every((n) => asked.ndcs.includes(n)) && needed.codes.every((c) => asked.codes.includes(c));
}
