// Small catalog and FHIR builders for engine tests. The catalog facts are written out here so every expected
// number in a test can be checked by hand against docs/billing-rules.md.
import type { Bundle, CodeableConcept, Condition, Encounter, FhirResource, Medication, MedicationAdministration, Procedure, Resource } from 'fhir/r4';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { CatalogEntries, DescriptorUnit, HcpcsCode, NdcProduct } from '../../src/catalog/types';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { derive } from '../../src/billing/derive';
import type { BillingSettings, EncounterResult } from '../../src/billing/types';

const code = (c: string, amount: string, unit: DescriptorUnit, extra: Partial<HcpcsCode> = {}): HcpcsCode => ({
  code: c,
  description: `${c} test descriptor ${amount} ${unit}`,
  descriptor: { amount, unit },
  addDate: '2000-01-01',
  ...extra,
});
const product = (ndc: string, hcpcs: string, billUnits: string, extra: Partial<NdcProduct> = {}): NdcProduct => ({ ndc, hcpcs, billUnits, ...extra });

export const testEntries: CatalogEntries = {
  quarter: 'test',
  codes: [
    code('J1745', '10', 'mg', { administrationClass: 'chemo', mue: { units: 150, adjudication: 3 } }),
    code('J9299', '1', 'mg', { administrationClass: 'chemo' }),
    code('J9271', '1', 'mg', { administrationClass: 'chemo' }),
    code('J1885', '15', 'mg', { administrationClass: 'therapeutic' }),
    code('J2405', '1', 'mg', { administrationClass: 'therapeutic' }),
    code('J1100', '1', 'mg', { administrationClass: 'therapeutic' }),
    code('J9041', '0.1', 'mg', { administrationClass: 'chemo' }),
    code('J2506', '0.5', 'mg', { administrationClass: 'therapeutic' }),
    code('J0885', '1000', 'unit', { administrationClass: 'therapeutic' }),
    code('J0881', '1', 'mcg', { administrationClass: 'therapeutic' }),
    code('J1200', '50', 'mg', { administrationClass: 'therapeutic', descriptor: { amount: '50', unit: 'mg', upTo: true } }),
    code('J3262', '1', 'mg', { administrationClass: 'chemo' }),
    code('J2778', '0.1', 'mg', { administrationClass: 'intravitreal' }),
    code('J1644', '1000', 'unit', { administrationClass: 'therapeutic' }),
    code('J1300', '10', 'mg', { administrationClass: 'chemo', termDate: '2025-03-31' }),
    code('J9217', '7.5', 'mg', { administrationClass: 'hormonal-antineoplastic' }),
    code('J7050', '250', 'mL', { administrationClass: 'hydration' }),
    code('J9999', '1', 'mg', { administrationClass: 'chemo', descriptor: undefined }),
    code('J5555', '10', 'mg', { administrationClass: 'therapeutic' }),
    code('J6666', '10', 'mg', { administrationClass: 'therapeutic' }),
    code('J0100', '100', 'mg', { administrationClass: 'therapeutic' }),
    code('J0200', '5', 'mg', { administrationClass: 'therapeutic' }),
  ],
  products: [
    product('57894003001', 'J1745', '10', { containerType: 'single-dose', liquid: false, packageSize: '1' }), // Remicade 100 mg powder
    product('00003377412', 'J9299', '100', { containerType: 'single-dose', liquid: true, packageSize: '10' }), // Opdivo 100 mg/10 mL
    product('00003373413', 'J9299', '240', { containerType: 'single-dose', liquid: true, packageSize: '24' }), // Opdivo 240 mg/24 mL
    product('00006302602', 'J9271', '100', { containerType: 'single-dose', liquid: true, packageSize: '4' }),
    product('63323016201', 'J1885', '2', { containerType: 'single-dose', liquid: true, packageSize: '1' }), // ketorolac 30 mg/mL
    product('00409475503', 'J2405', '4', { containerType: 'single-dose', liquid: true, packageSize: '2' }), // ondansetron 4 mg/2 mL
    product('00409476001', 'J2405', '40', { containerType: 'multi-dose', liquid: true, packageSize: '20' }), // ondansetron 40 mg/20 mL
    product('63020004901', 'J9041', '35', { containerType: 'single-dose', liquid: false }), // bortezomib 3.5 mg
    product('50242013701', 'J3262', '80', { containerType: 'single-dose', liquid: true, packageSize: '4' }), // tocilizumab 80 mg
    product('50242013801', 'J3262', '200', { containerType: 'single-dose', liquid: true, packageSize: '10' }),
    product('50242013901', 'J3262', '400', { containerType: 'single-dose', liquid: true, packageSize: '20' }),
    product('50242008001', 'J2778', '5', { containerType: 'single-dose', liquid: true, packageSize: '0.05' }), // ranibizumab 0.5 mg
    product('63323054007', 'J1644', '10', { containerType: 'multi-dose', liquid: true, packageSize: '10' }), // heparin 10,000 units/10 mL
    product('00409488801', 'J7050', '1', { liquid: true, containerType: 'single-dose', packageSize: '250' }),
    product('11111222233', 'J5555', '1', { containerType: 'single-dose', liquid: false }), // a 10 mg vial
    product('11111222234', 'J6666', '1', { liquid: false }), // container type unknown
    product('22222333344', 'J0100', '1', { containerType: 'single-dose', liquid: false }), // 100 mg vial, u 100 mg
    product('22222333355', 'J0100', '4', { containerType: 'single-dose', liquid: false }), // 400 mg vial
    product('33333444455', 'J0200', '5', { containerType: 'multi-dose', liquid: true, packageSize: '3' }), // 25 mg / 3 mL multi-dose
    product('44444555566', 'J1745', '10', { containerType: 'single-dose', liquid: false }),
    product('44444555566', 'J1300', '10', { containerType: 'single-dose', liquid: false }), // one NDC, two codes
  ],
};

export const testCatalog = new CatalogIndex(testEntries);

export const NDC = 'http://hl7.org/fhir/sid/ndc';
export const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
export const NPI = 'http://hl7.org/fhir/sid/us-npi';
export const TAX_ID = 'urn:oid:2.16.840.1.113883.4.4';
export const ROUTES = {
  iv: { coding: [{ system: 'http://snomed.info/sct', code: '47625008' }] },
  sc: { coding: [{ system: 'http://snomed.info/sct', code: '34206005' }] },
  im: { coding: [{ system: 'http://snomed.info/sct', code: '78421000' }] },
  intravitreal: { coding: [{ system: 'http://snomed.info/sct', code: '418401004' }] },
};

export function medication(id: string, codings: { system: string; code: string; display?: string }[], extra: Partial<Medication> = {}): Medication {
  return { resourceType: 'Medication', id, code: { coding: codings, text: id }, ...extra };
}

export interface AdminSpec {
  id: string;
  med: string;
  dose?: number;
  unit?: string;
  route?: keyof typeof ROUTES;
  start?: string;
  end?: string;
  status?: MedicationAdministration['status'];
  extra?: Partial<MedicationAdministration>;
}

export function admin(spec: AdminSpec): MedicationAdministration {
  const start = spec.start ?? '2026-03-02T09:00:00-05:00';
  return {
    resourceType: 'MedicationAdministration',
    id: spec.id,
    status: spec.status ?? 'completed',
    subject: { reference: 'Patient/p1' },
    context: { reference: 'Encounter/e1' },
    medicationReference: { reference: `Medication/${spec.med}` },
    ...(spec.end ? { effectivePeriod: { start, end: spec.end } } : { effectiveDateTime: start }),
    dosage: {
      ...(spec.route ? { route: ROUTES[spec.route] } : {}),
      ...(spec.dose !== undefined ? { dose: { value: spec.dose, unit: spec.unit ?? 'mg', system: 'http://unitsofmeasure.org', code: spec.unit ?? 'mg' } } : {}),
    },
    ...spec.extra,
  };
}

export function wasteRecord(id: string, of: string, med: string, amount: number, unit = 'mg'): MedicationAdministration {
  return {
    resourceType: 'MedicationAdministration',
    id,
    status: 'not-done',
    statusReason: [{ coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] }],
    partOf: [{ reference: `MedicationAdministration/${of}` }],
    medicationReference: { reference: `Medication/${med}` },
    subject: { reference: 'Patient/p1' },
    context: { reference: 'Encounter/e1' },
    effectiveDateTime: '2026-03-02T10:00:00-05:00',
    dosage: { dose: { value: amount, unit, system: 'http://unitsofmeasure.org', code: unit } },
  };
}

export function procedure(id: string, cpt: string, extra: Partial<Procedure> = {}): Procedure {
  return {
    resourceType: 'Procedure',
    id,
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
    code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: cpt }] },
    ...extra,
  };
}

/** Patient, encounter with diagnosis, clinic, Coverage: the context every claim needs. */
export function context(): Resource[] {
  const resources: FhirResource[] = [
    { resourceType: 'Patient', id: 'p1', name: [{ family: 'Rivera', given: ['Ana'] }] },
    { resourceType: 'Organization', id: 'clinic', name: 'Clinic', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }] },
    { resourceType: 'Organization', id: 'payer', name: 'Medicare Part B' },
    {
      resourceType: 'Condition',
      id: 'dx1',
      subject: { reference: 'Patient/p1' },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'K50.90' }] },
    },
    {
      resourceType: 'Encounter',
      id: 'e1',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: 'Patient/p1' },
      serviceProvider: { reference: 'Organization/clinic' },
      diagnosis: [{ condition: { reference: 'Condition/dx1' } }],
      period: { start: '2026-03-02T08:00:00-05:00', end: '2026-03-02T17:00:00-05:00' },
    },
    { resourceType: 'Coverage', id: 'cov1', status: 'active', beneficiary: { reference: 'Patient/p1' }, payor: [{ reference: 'Organization/payer' }] },
  ];
  return resources;
}

export function bundle(resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

export function run(resources: Resource[], settings: Partial<BillingSettings> = {}): EncounterResult {
  return runExactly([...context(), ...resources], settings);
}

/** The Encounter/e1 result of exactly these resources (no context added), over the test catalog or another. */
export function runExactly(resources: Resource[], settings: Partial<BillingSettings> = {}, catalog: CatalogIndex = testCatalog): EncounterResult {
  const out = derive(bundle(resources), catalog, { ...defaultBillingSettings, ...settings }, { today: '2026-03-03' });
  const result = out.results.find((r) => r.encounter === 'Encounter/e1');
  if (!result) throw new Error('no result for Encounter/e1');
  return result;
}

/** The fixture context with its encounter patched (participants, diagnoses, ...). */
export function contextWith(encounter: Partial<Encounter>): Resource[] {
  return context().map((r) => (r.resourceType === 'Encounter' ? ({ ...r, ...encounter } as Resource) : r));
}

export const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
export const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** An encounter participant of this type (ATND, PPRF, SPRF, ...). */
export const participant = (code: string, reference: string) => ({ type: [{ coding: [{ system: PARTICIPATION, code }] }], individual: { reference } });

/** A Condition of patient p1 coded in ICD-10-CM. */
export function condition(id: string, code: string, extra: Partial<Condition> = {}): Condition {
  return { resourceType: 'Condition', id, subject: { reference: 'Patient/p1' }, code: { coding: [{ system: ICD10, code }] }, ...extra };
}

/** Lines as compact "CODE-MOD x units" strings, the way coders read them. */
export function compact(result: EncounterResult, kind?: 'drug' | 'administration'): string[] {
  return result.lines
    .filter((l) => !kind || l.kind === kind)
    .map((l) => `${[l.code, ...l.modifiers].join('-')} x${l.units}`);
}

export function codes(result: EncounterResult): string[] {
  return result.findings.map((f) => f.code);
}

/** An intravitreal injection (SNOMED route 418401004) of 0.5 mg of the Medication 'luc', at `start`, in `site` if given. */
export function intravitreal(id: string, start: string, site?: CodeableConcept): MedicationAdministration {
  return admin({
    id,
    med: 'luc',
    start,
    extra: {
      dosage: {
        route: { coding: [{ system: 'http://snomed.info/sct', code: '418401004' }] },
        ...(site ? { site } : {}),
        dose: { value: 0.5, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
      },
    },
  });
}
