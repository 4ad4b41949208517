// One infusion encounter as two EHRs would serve it. The drug: infliximab (J1745, 10 mg per unit) 350 mg IV over
// 2 h 15 min from 100 mg single-dose powder vials, so 4 vials were opened and 50 mg must be documented as discarded
// (docs/billing-rules.md section 4: J1745 x 35 + J1745-JW x 5, with 96413 + 96415).
//  - Epic-like: Medication by reference with an NDC, _include offered, MedicationAdministration writes accepted.
//  - Oracle-like: Medication contained and coded in RxNorm only, no _include, small pages, MAR writes refused.
import type { Condition, Coverage, Encounter, Medication, MedicationAdministration, Patient, Procedure, Resource } from 'fhir/r4';
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { CatalogEntries } from '../../../src/catalog/types';
import type { AppConfig, CatalogAnswer } from '../../../src/ui/app-server';
import { CatalogIndex } from '../../../src/catalog/catalog-index';
import { catalogEntriesFor } from '../../../src/catalog/entries-for';
import type { QuirkyEhr, QuirkyEhrOptions } from './quirky-ehr';

export const APP_ORIGIN = 'https://jcode.example';
export const REDIRECT_URI = `${APP_ORIGIN}/app/`;
export const SCOPES =
  'launch openid fhirUser patient/Patient.r patient/Encounter.r patient/MedicationAdministration.crus patient/Medication.rs ' +
  'patient/Procedure.rs patient/Coverage.rs patient/Condition.rs patient/Claim.crus patient/DocumentReference.crs patient/Provenance.c';

export const INFLIXIMAB_NDC = '57894003001';

export const catalogEntries: CatalogEntries = {
  quarter: 'test quarter',
  codes: [
    {
      code: 'J1745',
      description: 'Injection, infliximab, excludes biosimilar, 10 mg',
      descriptor: { amount: '10', unit: 'mg' },
      addDate: '2000-01-01',
      administrationClass: 'chemo',
      containerType: 'single-dose',
      mue: { units: 150, adjudication: 3 },
    },
  ],
  products: [
    {
      ndc: INFLIXIMAB_NDC,
      hcpcs: 'J1745',
      name: 'Remicade 100 mg powder vial',
      billUnits: '10',
      billUnitsPackage: '10',
      packageSize: '1',
      packageQuantity: '1',
      containerType: 'single-dose',
      liquid: false,
    },
  ],
};

export function encounterResources(flavor: 'epic' | 'oracle', opts: { drugName?: string; extraAdministrations?: number } = {}): Resource[] {
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'p1',
    identifier: [{ type: { coding: [{ code: 'MR' }] }, value: 'MRN-0042' }],
    name: [{ use: 'official', given: ['Ada'], family: 'Lovelace' }],
    gender: 'female',
    birthDate: '1961-12-10',
  };
  const condition: Condition = {
    resourceType: 'Condition',
    id: 'c1',
    subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'K50.90', display: "Crohn's disease, unspecified" }] },
  };
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: 'e1',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ text: 'Infusion visit' }],
    subject: { reference: 'Patient/p1' },
    period: { start: '2026-03-02T08:30:00-05:00', end: '2026-03-02T12:00:00-05:00' },
    diagnosis: [{ condition: { reference: 'Condition/c1' } }],
    serviceProvider: { reference: 'Organization/clinic' },
  };
  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: 'cov1',
    status: 'active',
    beneficiary: { reference: 'Patient/p1' },
    payor: [{ display: 'Medicare Part B' }],
  };
  const name = opts.drugName ?? 'Infliximab 100 mg powder for injection';
  const rxnorm = { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '310994', display: name };
  const medication: Medication =
    flavor === 'epic'
      ? { resourceType: 'Medication', id: 'med-inflix', code: { text: name, coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: '57894-0030-01' }, rxnorm] } }
      : { resourceType: 'Medication', id: 'm1', code: { text: name, coding: [rxnorm] } };
  const administration = (id: string, start: string, end: string, dose: number, context = 'Encounter/e1'): MedicationAdministration => ({
    resourceType: 'MedicationAdministration',
    id,
    status: 'completed',
    ...(flavor === 'oracle' ? { contained: [medication] } : {}),
    medicationReference: flavor === 'oracle' ? { reference: '#m1' } : { reference: 'Medication/med-inflix', display: name },
    subject: { reference: 'Patient/p1' },
    context: { reference: context },
    effectivePeriod: { start, end },
    performer: [{ actor: { reference: 'Practitioner/n1' } }],
    dosage: {
      route: { coding: [{ system: 'http://snomed.info/sct', code: '47625008', display: 'Intravenous route' }] },
      dose: { value: dose, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
    },
  });
  const procedure: Procedure = {
    resourceType: 'Procedure',
    id: 'proc1',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    encounter: { reference: 'Encounter/e1' },
    code: { text: 'Infusion' },
    performedPeriod: { start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T11:15:00-05:00' },
  };
  const resources: Resource[] = [
    patient,
    condition,
    encounter,
    coverage,
    procedure,
    administration('ma1', '2026-03-02T09:00:00-05:00', '2026-03-02T11:15:00-05:00', 350),
    // Same patient, same window, another encounter: the app must filter it out on the client.
    administration('ma-other', '2026-03-02T13:00:00-05:00', '2026-03-02T13:30:00-05:00', 200, 'Encounter/e-other'),
  ];
  // Earlier infusions of the patient in other encounters inside the window, to make pages (a chronic patient).
  for (let i = 0; i < (opts.extraAdministrations ?? 0); i++) {
    resources.push(administration(`ma-x${i}`, '2026-03-01T10:00:00-05:00', '2026-03-01T11:00:00-05:00', 300, `Encounter/e-x${i}`));
  }
  if (flavor === 'epic') resources.push(medication);
  return resources;
}

/**
 * The sandbox EHR as Epic (Medication by reference, _include, MAR writes accepted) or Oracle Health (contained
 * Medications, no _include, pages of 10, MAR writes refused) would serve the encounter.
 */
export function sandboxEhrOptions(flavor: 'epic' | 'oracle', overrides: Partial<QuirkyEhrOptions> = {}): QuirkyEhrOptions {
  return {
    name: flavor === 'epic' ? 'Epic (test)' : 'Oracle Health (test)',
    redirectUri: REDIRECT_URI,
    noInclude: flavor === 'oracle',
    pageSize: flavor === 'epic' ? 100 : 10,
    refuseMedicationAdministrationWrites: flavor === 'oracle',
    context: { patient: 'p1', encounter: 'e1', fhirUser: 'Practitioner/n1' },
    resources: encounterResources(flavor),
    ...overrides,
  };
}

export function appConfig(ehrs: QuirkyEhr[], overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    clients: ehrs.map((ehr) => ({
      name: ehr.options.name,
      iss: ehr.base,
      clientId: ehr.clientId,
      scopes: SCOPES,
      redirectUri: '/app/',
      standalone: true,
    })),
    billing: {
      setting: 'office',
      placeOfService: '11',
      wasteReasonCodes: [],
      administrationClass: {},
      containerType: {},
      bilateralIntravitreal: 'modifier-50',
      jzRequiredFrom: '2023-07-01',
    },
    claimDestination: 'ehr',
    ...overrides,
  };
}

/** The app's own server: GET /api/config and GET /api/catalog (docs/design.md contract) over the test catalog. */
export function appServerHandlers(config: () => AppConfig, log: URL[] = []): HttpHandler[] {
  return [
    http.get(`${APP_ORIGIN}/api/config`, () => HttpResponse.json(config())),
    http.get(`${APP_ORIGIN}/api/catalog`, ({ request }) => {
      const url = new URL(request.url);
      log.push(url);
      const answer: CatalogAnswer = catalogEntriesFor(new CatalogIndex(catalogEntries), { ndcs: url.searchParams.getAll('ndc'), codes: url.searchParams.getAll('code') });
      return HttpResponse.json(answer);
    }),
  ];
}
