// The worst Bundle /api/derive accepts for the container-combination check (issue 11): one encounter per
// single-dose administration, each a different huge dose (1,900,000 mg, 1,900,003 mg, ...) with its own waste
// record, of a drug whose container sizes share a step of 1 mg (Opdivo's 40/100/120/240 mg vials and the 7 mg vial
// its Medication records), so that a search walking up to the dose would take about 2,000,000 steps per encounter.
// Used by the bounded-cost tests, the server tests and bench/derive-worst.bench.ts.
import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4';

const UCUM = 'http://unitsofmeasure.org';
const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const IV = { coding: [{ system: 'http://snomed.info/sct', code: '47625008' }] };
export const WASTE_REASON = { coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] };

/** Resources shared by every encounter: patient, coverage, clinic, the drug. */
const SHARED = 4;
/** Resources per encounter: the encounter, the administration, its waste record. */
const PER_ENCOUNTER = 3;

export interface AdversarialOptions {
  /** Entries the Bundle may hold (the server's --max-entries); it is filled to this. */
  maxEntries: number;
  /** The first dose in mg; dose i is first + 3 i. */
  firstDose?: number;
}

/** Encounters that fit in `maxEntries`. */
export function adversarialEncounters(maxEntries: number): number {
  return Math.max(0, Math.floor((maxEntries - SHARED) / PER_ENCOUNTER));
}

export function adversarialBundle(opts: AdversarialOptions): Bundle {
  const first = opts.firstDose ?? 1_900_000;
  const entry: BundleEntry[] = [];
  const add = (resource: FhirResource) => entry.push({ resource });
  add({ resourceType: 'Patient', id: 'p' });
  add({ resourceType: 'Organization', id: 'clinic' });
  add({ resourceType: 'Coverage', id: 'c', status: 'active', beneficiary: { reference: 'Patient/p' }, payor: [{ reference: 'Organization/clinic' }] });
  // No NDC: the product is nivolumab by its HCPCS code, its vial 7 mg by Medication.amount.
  add({
    resourceType: 'Medication',
    id: 'nivolumab',
    code: { coding: [{ system: HCPCS, code: 'J9299' }] },
    amount: { numerator: { value: 7, unit: 'mg', system: UCUM, code: 'mg' }, denominator: { value: 1, unit: 'vial' } },
  });
  const encounters = adversarialEncounters(opts.maxEntries);
  for (let i = 0; i < encounters; i++) {
    const day = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const at = (hhmm: string) => `${day}T${hhmm}:00-05:00`;
    const e = `Encounter/e${i}`;
    add({ resourceType: 'Encounter', id: `e${i}`, status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/p' }, serviceProvider: { reference: 'Organization/clinic' }, period: { start: at('08:00'), end: at('17:00') } });
    add({
      resourceType: 'MedicationAdministration',
      id: `a${i}`,
      status: 'completed',
      subject: { reference: 'Patient/p' },
      context: { reference: e },
      medicationReference: { reference: 'Medication/nivolumab' },
      effectivePeriod: { start: at('09:00'), end: at('09:45') },
      dosage: { route: IV, dose: { value: first + 3 * i, unit: 'mg', system: UCUM, code: 'mg' } },
    });
    add({
      resourceType: 'MedicationAdministration',
      id: `w${i}`,
      status: 'not-done',
      statusReason: [WASTE_REASON],
      partOf: [{ reference: `MedicationAdministration/a${i}` }],
      subject: { reference: 'Patient/p' },
      context: { reference: e },
      medicationReference: { reference: 'Medication/nivolumab' },
      effectiveDateTime: at('09:50'),
      dosage: { dose: { value: 5, unit: 'mg', system: UCUM, code: 'mg' } },
    });
  }
  return { resourceType: 'Bundle', type: 'collection', entry };
}
