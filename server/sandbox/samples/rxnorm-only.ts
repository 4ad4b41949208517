// An EHR that codes drugs in RxNorm only (as Oracle Health does, docs/smart-and-stack.md): the Medication is contained
// in the administration and carries no NDC and no HCPCS code, so the drug cannot be billed until a person adds one.
import type { Medication } from 'fhir/r4';
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, ROUTES, RXNORM_SYSTEM } from './fhir-builders';

const who = patient({ id: 'rxnorm-only', given: 'Thomas', family: 'Reyes', gender: 'male', birthDate: '1972-01-22', mrn: 'SBX-1008' });
const colitis = diagnosis(who, 'rxnorm-only-colitis', 'K51.90', 'Ulcerative colitis, unspecified, without complications');
const visit = officeVisit(who, {
  id: 'rxnorm-only-visit',
  start: '2026-11-27T09:00:00-06:00',
  end: '2026-11-27T12:00:00-06:00',
  diagnoses: [colitis],
  reason: 'Infliximab infusion',
});
// RxNorm 191831 is the ingredient infliximab (NLM RxNorm release notes, December 2017).
const infliximab: Medication = {
  resourceType: 'Medication',
  id: 'med',
  code: { coding: [{ system: RXNORM_SYSTEM, code: '191831', display: 'infliximab' }], text: 'infliximab' },
};
const infusion = given(who, visit, {
  id: 'rxnorm-only-infliximab',
  medication: infliximab,
  containMedication: true,
  dose: mg(500),
  route: ROUTES.iv,
  start: '2026-11-27T09:30:00-06:00',
  end: '2026-11-27T11:30:00-06:00',
  reason: colitis,
});

export const rxnormOnly: SampleCase = {
  id: who.id!,
  title: 'RxNorm-only medication',
  story: 'Infliximab 500 mg IV over 2 hours, recorded with a contained Medication coded in RxNorm only: no NDC, no HCPCS code.',
  expect: 'drug-unmapped: add the NDC from the carton (57894-0030-01 gives J1745-JZ x 50, 96413, 96415).',
  patient: who,
  encounter: visit,
  resources: [who, colitis, visit, medicarePartB(who, 'rxnorm-only-coverage', '1EG4-TE5-MK78'), infusion],
};
