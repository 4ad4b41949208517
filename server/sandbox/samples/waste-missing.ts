// Infliximab for Crohn's disease: four 100 mg vials opened for a 350 mg dose, and nobody recorded the rest.
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, ROUTES } from './fhir-builders';
import { REMICADE_100 } from './pharmacy';

const who = patient({ id: 'waste-missing', given: 'Maria', family: 'Alvarez', gender: 'female', birthDate: '1968-04-12', mrn: 'SBX-1002' });
const crohns = diagnosis(who, 'waste-missing-crohns', 'K50.90', "Crohn's disease, unspecified, without complications");
const visit = officeVisit(who, {
  id: 'waste-missing-visit',
  start: '2026-11-24T09:30:00-06:00',
  end: '2026-11-24T12:30:00-06:00',
  diagnoses: [crohns],
  reason: 'Infliximab maintenance infusion',
});
// 5 mg/kg x 70 kg = 350 mg, infused over 2 h 10 min: four 100 mg vials were reconstituted.
const infusion = given(who, visit, {
  id: 'waste-missing-infliximab',
  medication: REMICADE_100,
  dose: mg(350),
  route: ROUTES.iv,
  start: '2026-11-24T10:00:00-06:00',
  end: '2026-11-24T12:10:00-06:00',
  reason: crohns,
  note: 'Four 100 mg vials reconstituted.',
});

export const wasteMissing: SampleCase = {
  id: who.id!,
  title: 'Waste missing',
  story: 'Infliximab 350 mg IV over 2 h 10 min from four 100 mg single-dose vials; the 50 mg left over was not documented.',
  expect: 'waste-undocumented: record the 50 mg discarded, then J1745 x 35, J1745-JW x 5, 96413, 96415.',
  patient: who,
  encounter: visit,
  resources: [who, crohns, visit, medicarePartB(who, 'waste-missing-coverage', '1EG4-TE5-MK72'), infusion],
};
