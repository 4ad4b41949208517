// What undocumented waste is worth: the engine reports `waste-undocumented` without an amount (with no record,
// nobody knows what was discarded, and no claim line may be guessed). For the audit report an estimate is still
// useful, and it is reporting, not billing, so it lives here:
//   opened containers = the smallest whole number of containers of the administered product's size that holds
//   the dose (billing-rules.md section 4, "Without a waste record, V is the smallest whole number of
//   containers..."); one container holds BILLUNITS x u (CMS crosswalk definitions);
//   discarded units W = floor(V / u) - A with A = max(1, ceil(D / u)) (NGS: administered rounded up, waste down);
//   dollars = W x the catalog's ASP payment limit per billing unit (CMS ASP pricing file of the quarter).
// Doses of one product on one date of service are summed first, as the containers opened for them were shared.
import Big from 'big.js';
import type { MedicationAdministration } from 'fhir/r4';
import type { CatalogIndex } from '../catalog/catalog-index';
import { containerFacts } from '../billing/container';
import { wholeQuotient } from '../billing/decimal';
import { identify } from '../billing/identify';
import type { ResourceStore } from '../billing/resources';
import type { BillingSettings } from '../billing/types';
import { administeredUnits, amountOf, descriptorAmount, inDescriptorDimension, wholeUnits } from '../billing/units';

export interface DiscardEstimate {
  containers: number;
  administeredUnits: number;
  /** Billing units that were in the opened containers and not given (never negative). */
  discardedUnits: number;
  /** discardedUnits x payment limit; absent when the catalog has no payment limit for the code. */
  dollars?: Big;
}

/** The arithmetic alone, in the descriptor's dimension: dose D, descriptor u, content of one container. */
export function estimateDiscard(dose: Big, u: Big, containerContent: Big, paymentLimit: string | undefined): DiscardEstimate {
  // wholeQuotient: big.js's rounded-up quotient, from integers when the decimals are short (they nearly always are).
  const containers = Math.max(1, wholeQuotient(dose, containerContent, true));
  const opened = containerContent.times(containers);
  const administered = administeredUnits(dose, u);
  const discardedUnits = Math.max(0, wholeUnits(opened, u) - administered);
  const estimate: DiscardEstimate = { containers, administeredUnits: administered, discardedUnits };
  if (paymentLimit !== undefined && paymentLimit !== '') estimate.dollars = new Big(paymentLimit).times(discardedUnits);
  return estimate;
}

/** One administration's dose as the estimate needs it, keyed by the product and date that share containers. */
export type WasteDose =
  | { ok: true; key: string; hcpcs: string; dose: Big; u: Big; containerContent: Big; paymentLimit: string | undefined }
  | { ok: false; reason: string };

export function wasteDoseOf(
  ma: MedicationAdministration,
  serviceDate: string,
  store: ResourceStore,
  catalog: CatalogIndex,
  settings: BillingSettings,
): WasteDose {
  const { drug } = identify(ma, store, catalog);
  if (!drug) return { ok: false, reason: 'drug not identified' };
  const descriptor = drug.code?.descriptor;
  if (!descriptor) return { ok: false, reason: 'no billing unit in the catalog' };
  const u = descriptorAmount(descriptor);
  const facts = containerFacts(drug, u, settings, catalog);
  if (!facts.containerContent) return { ok: false, reason: 'container size unknown' };
  const raw = amountOf(ma.dosage?.dose);
  if (!raw.ok) return { ok: false, reason: 'dose missing or in an unknown unit' };
  const dose = inDescriptorDimension(raw.amount, u, facts);
  if (!dose.ok || dose.amount.value.lte(0)) return { ok: false, reason: 'dose not convertible to the billing unit' };
  return {
    ok: true,
    key: `${drug.ndc ?? drug.hcpcs}|${serviceDate}`,
    hcpcs: drug.hcpcs,
    dose: dose.amount.value,
    u: u.value,
    containerContent: facts.containerContent.value,
    paymentLimit: drug.code?.paymentLimit,
  };
}
