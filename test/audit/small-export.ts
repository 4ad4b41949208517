// The small export of the known-answer tests: three patients, five encounters, each a case of docs/billing-rules.md.
import { administration, coverage, encounter, INFLIXIMAB_NDC, medication, NIVOLUMAB_NDC, patient, TOCILIZUMAB_NDC, wasteRecord, writeExport } from './export-fixture';

export const PATIENT_IDS = ['pa-alpha-0001', 'pb-beta-0002', 'pc-gamma-0003'];
export const ENCOUNTER_IDS = ['enc-alpha-1', 'enc-alpha-2', 'enc-alpha-3', 'enc-beta-1', 'enc-gamma-1'];

export function smallExportFiles(): Record<string, Record<string, unknown>[]> {
  const [a, b, c] = PATIENT_IDS as [string, string, string];
  // Infliximab 350 mg from 100 mg vials with nothing recorded: 4 vials opened, A = 35, W = 40 - 35 = 5 units.
  const a1 = administration('ma-alpha-1', a, 'enc-alpha-1', 'Medication/med-inf', 350, '2025-11-03');
  // The same dose with its 50 mg discard recorded: J1745 x 35 + J1745-JW x 5.
  const a2 = administration('ma-alpha-2', a, 'enc-alpha-2', 'Medication/med-inf', 350, '2025-11-10');
  // Nivolumab 240 mg from one 240 mg vial: exact, J9299-JZ x 240.
  const a3 = administration('ma-alpha-3', a, 'enc-alpha-3', 'Medication/med-nivo', 240, '2025-11-17', 30);
  // Tocilizumab 320 mg, the product's 200 mg vials, nothing recorded: 2 vials, A = 320, W = 400 - 320 = 80 units.
  const b1 = administration('ma-beta-1', b, 'enc-beta-1', 'Medication/med-toc', 320, '2025-11-04', 60);
  // A contained Medication coded in RxNorm only: the drug cannot be mapped.
  const c1 = administration('ma-gamma-1', c, 'enc-gamma-1', '#rx', 200, '2025-11-05', 30);
  c1.contained = [{ resourceType: 'Medication', id: 'rx', code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1547545', display: 'pembrolizumab' }], text: 'pembrolizumab <b>100 MG</b> & more' } }];
  return {
    'Patient.ndjson': [patient(a), patient(b), patient(c)],
    // Patient B has no Coverage.
    'Coverage.ndjson': [coverage(a), coverage(c)],
    'Encounter.ndjson': [
      encounter('enc-alpha-1', a, '2025-11-03'),
      encounter('enc-alpha-2', a, '2025-11-10'),
      encounter('enc-alpha-3', a, '2025-11-17'),
      encounter('enc-beta-1', b, '2025-11-04'),
      encounter('enc-gamma-1', c, '2025-11-05'),
    ],
    'MedicationAdministration.ndjson': [a1, a2, wasteRecord('ma-alpha-2-waste', a2, 50), a3, b1, c1],
    'Medication.ndjson': [medication('med-inf', INFLIXIMAB_NDC, 'Remicade 100 mg vial'), medication('med-toc', TOCILIZUMAB_NDC, 'Actemra 200 mg/10 mL'), medication('med-nivo', NIVOLUMAB_NDC, 'Opdivo 240 mg/24 mL')],
    'Organization.ndjson': [
      { resourceType: 'Organization', id: 'clinic', name: 'Test Clinic', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }] },
      { resourceType: 'Organization', id: 'payer', name: 'Test Payer' },
    ],
    'Practitioner.ndjson': [{ resourceType: 'Practitioner', id: 'rn', name: [{ family: 'Nurse' }] }],
    'Procedure.ndjson': [],
  };
}

export function writeSmallExport(dir: string): void {
  writeExport(dir, smallExportFiles());
}
