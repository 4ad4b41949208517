// Container facts (docs/billing-rules.md section 3; docs/design.md "Container facts"): how much one container holds,
// whether the product is a liquid, and whether its container is single- or multi-dose.
import Big from 'big.js';
import type { Medication, Ratio } from 'fhir/r4';
import type { CatalogIndex } from '../catalog/catalog-index';
import type { ContainerType } from '../catalog/types';
import type { IdentifiedDrug } from './identify';
import type { BillingSettings } from './types';
import { list } from './resources';
import { amountOf, type Amount, type ProductMeasures } from './units';

export interface ContainerFacts extends ProductMeasures {
  containerType: ContainerType | undefined;
  /** Where the container type came from, for the line's explanation. */
  containerTypeSource: string;
  liquid: boolean | undefined;
  /** mL in one container, for the NDC quantity of liquids. */
  containerVolumeMl?: Big;
}

// Facts depend on the Medication's form, amount and strength, the code and crosswalk row it maps to, the NDC text,
// the container override and the catalog. They are remembered per Medication resource, which every administration
// of the same product shares, together with the values they were computed from: a caller that changes the
// Medication (or the override) between two calls gets facts computed afresh, never the old ones.
interface Remembered {
  /** A copy of the Medication's form, amount and ingredients when the facts were computed. */
  medication: unknown;
  product: unknown;
  hcpcs: string;
  ndcDisplay: string | undefined;
  override: ContainerType | undefined;
  u: Amount;
  catalog: CatalogIndex;
  facts: ContainerFacts;
}
const remembered = new WeakMap<object, Remembered>();

export function containerFacts(drug: IdentifiedDrug, u: Amount, settings: BillingSettings, catalog: CatalogIndex): ContainerFacts {
  const key = drug.medication;
  const override = overrideOf(drug, settings);
  const hit = key && remembered.get(key);
  if (
    hit &&
    hit.product === drug.product &&
    hit.hcpcs === drug.hcpcs &&
    hit.ndcDisplay === drug.ndcDisplay &&
    hit.override === override &&
    hit.u === u &&
    hit.catalog === catalog &&
    sameValue(hit.medication, medicationValues(key))
  ) {
    return hit.facts;
  }
  const facts = computeFacts(drug, u, settings, catalog);
  if (key) remembered.set(key, { medication: structuredClone(medicationValues(key)), product: drug.product, hcpcs: drug.hcpcs, ndcDisplay: drug.ndcDisplay, override, u, catalog, facts });
  return facts;
}

/** The parts of a Medication the facts are read from. */
function medicationValues(medication: Medication): unknown[] {
  return [medication.form, medication.amount, medication.ingredient];
}

/**
 * Whether two JSON values are equal, compared in place: every administration of a shared Medication asks, and
 * comparing costs less than serialising the Medication each time (measured: the audit spent 1.4% of its time
 * in JSON.stringify here).
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const k of keysA) {
    if (!Object.hasOwn(b, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function overrideOf(drug: IdentifiedDrug, settings: BillingSettings): ContainerType | undefined {
  return (drug.ndc && settings.containerType[drug.ndc]) || settings.containerType[drug.hcpcs];
}

function computeFacts(drug: IdentifiedDrug, u: Amount, settings: BillingSettings, catalog: CatalogIndex): ContainerFacts {
  const { product, medication } = drug;
  const containerContent =
    contentOfBillUnits(product?.billUnits, u) ?? contentFromMedicationAmount(medication, u) ?? (product ? undefined : sharedContent(drug.hcpcs, u, catalog));
  const liquid = product?.liquid ?? liquidFromMedication(medication) ?? liquidFromPackageText(drug.ndcDisplay) ?? liquidFromPackageSize(product?.packageSize);
  const containerVolumeMl = liquid && product?.packageSize && Number(product.packageSize) > 0 ? new Big(product.packageSize) : undefined;
  const perMl =
    strengthPerMl(medication, u) ??
    (containerContent && containerVolumeMl ? { value: containerContent.value.div(containerVolumeMl), dimension: u.dimension } : undefined);
  const type = containerTypeOf(drug, settings);
  return { containerContent, perMl, liquid, containerVolumeMl, containerType: type.value, containerTypeSource: type.source };
}

/** CMS: one item holds BILLUNITS x the descriptor quantity. */
function contentOfBillUnits(billUnits: string | undefined, u: Amount): Amount | undefined {
  return billUnits && Number(billUnits) > 0 ? { value: new Big(billUnits).times(u.value), dimension: u.dimension } : undefined;
}

/** With no NDC, the container size is still known when every product of the code has the same one. */
function sharedContent(hcpcs: string, u: Amount, catalog: CatalogIndex): Amount | undefined {
  // Mutation testing: loosening the "> 0" test below (or the '' placeholder) is equivalent: contentOfBillUnits checks
  // the one shared size again, and a product without a size already makes the sizes differ.
  const sizes = new Set(catalog.productsOfCode(hcpcs).map((p) => p.billUnits && Number(p.billUnits) > 0 ? new Big(p.billUnits).toString() : ''));
  const [only] = sizes;
  return sizes.size === 1 && only ? contentOfBillUnits(only, u) : undefined;
}

function containerTypeOf(drug: IdentifiedDrug, settings: BillingSettings): { value: ContainerType | undefined; source: string } {
  const override = overrideOf(drug, settings);
  if (override) return { value: override, source: 'the container override in smart-config.json' };
  const catalogValue = drug.product?.containerType ?? drug.code?.containerType;
  if (catalogValue) return { value: catalogValue, source: 'the catalog container table' };
  const fromText = containerTypeFromPackageText(drug.ndcDisplay);
  if (fromText) return { value: fromText, source: `the NDC package description "${drug.ndcDisplay}"` };
  return { value: undefined, source: 'unknown' };
}

/** FDA package text as HL7 puts it in the NDC display: "1 VIAL, SINGLE-DOSE in 1 CARTON", "VIAL, MULTI-DOSE". */
export function containerTypeFromPackageText(text: string | undefined): ContainerType | undefined {
  if (!text) return undefined;
  const upper = text.toUpperCase();
  if (/MULTI[- ]?DOSE|MULTIPLE[- ]DOSE|MULTI[- ]?USE/.test(upper)) return 'multi-dose';
  if (/SINGLE[- ]?DOSE|SINGLE[- ]USE|PREFILLED|PRE-FILLED/.test(upper)) return 'single-dose';
  return undefined;
}

function liquidFromPackageText(text: string | undefined): boolean | undefined {
  // Mutation testing: `text || ...` is equivalent: no text reads as "undefined" or "", neither of which has "<digit> ML".
  return text && /\d\s*ML\b/i.test(text) ? true : undefined;
}

/** A PKG SIZE other than 1 is a volume: for powders CMS gives a count (docs/billing-rules.md section 2). */
function liquidFromPackageSize(size: string | undefined): boolean | undefined {
  return size && Number(size) > 0 && Number(size) !== 1 ? true : undefined;
}

function liquidFromMedication(medication: Medication | undefined): boolean | undefined {
  // Mutation testing: join('') for join(' ') only differs for a word split across the text and a display: accepted.
  const form = [medication?.form?.text, ...list(medication?.form?.coding).map((c) => c?.display)].join(' ').toLowerCase();
  if (/powder|lyophili/.test(form)) return false;
  if (/solution|suspension|liquid|emulsion/.test(form)) return true;
  return undefined;
}

/** Medication.amount: "100 mg per 1 vial" is a second source for the content of one container. */
function contentFromMedicationAmount(medication: Medication | undefined, u: Amount): Amount | undefined {
  const ratio = medication?.amount;
  const numerator = amountOf(ratio?.numerator);
  // A container of nothing, or of less than nothing, is a recording error: the size stays unknown.
  if (!numerator.ok || numerator.amount.dimension !== u.dimension || numerator.amount.value.lte(0)) return undefined;
  // Mutation testing: `ratio.denominator` is equivalent here: with no ratio the numerator check above has returned.
  const denominator = ratio?.denominator?.value;
  // Mutation testing: `>= 0` is equivalent here, since a denominator of 0 already fails the first test.
  const per = denominator && denominator > 0 ? new Big(String(denominator)) : new Big(1);
  return { value: numerator.amount.value.div(per), dimension: u.dimension };
}

/** Medication.ingredient.strength of a single-ingredient product, per mL. */
function strengthPerMl(medication: Medication | undefined, u: Amount): Amount | undefined {
  const ingredients = list(medication?.ingredient);
  if (ingredients.length !== 1) return undefined;
  return ratioPerMl(ingredients[0]?.strength, u);
}

function ratioPerMl(ratio: Ratio | undefined, u: Amount): Amount | undefined {
  const numerator = amountOf(ratio?.numerator);
  const denominator = amountOf(ratio?.denominator);
  if (!numerator.ok || !denominator.ok || numerator.amount.dimension !== u.dimension || numerator.amount.value.lte(0)) return undefined;
  if (denominator.amount.dimension !== 'volume' || denominator.amount.value.eq(0)) return undefined;
  return { value: numerator.amount.value.div(denominator.amount.value), dimension: u.dimension };
}
