// Gemcitabine for pancreatic cancer, with ondansetron pushed first against nausea: chemo infusion plus a push.
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, ROUTES } from './fhir-builders';
import { GEMCITABINE_2G, ONDANSETRON_4 } from './pharmacy';

const who = patient({ id: 'chemo-antiemetic', given: 'Samuel', family: 'Osei', gender: 'male', birthDate: '1955-12-01', mrn: 'SBX-1005' });
const pancreas = diagnosis(who, 'chemo-antiemetic-pancreas', 'C25.9', 'Malignant neoplasm of pancreas, unspecified');
const visit = officeVisit(who, {
  id: 'chemo-antiemetic-visit',
  start: '2026-11-25T08:45:00-06:00',
  end: '2026-11-25T10:15:00-06:00',
  diagnoses: [pancreas],
  reason: 'Gemcitabine, cycle 2 day 8',
});
// Two 4 mg/2 mL vials pushed over two minutes before the chemotherapy.
const antiemetic = given(who, visit, {
  id: 'chemo-antiemetic-ondansetron',
  medication: ONDANSETRON_4,
  dose: mg(8),
  route: ROUTES.iv,
  start: '2026-11-25T09:00:00-06:00',
  end: '2026-11-25T09:02:00-06:00',
  reason: pancreas,
});
// 1,000 mg/m2 x 2.0 m2 = 2,000 mg: the whole 2 g vial, over 30 minutes.
const chemo = given(who, visit, {
  id: 'chemo-antiemetic-gemcitabine',
  medication: GEMCITABINE_2G,
  dose: mg(2000),
  route: ROUTES.iv,
  start: '2026-11-25T09:15:00-06:00',
  end: '2026-11-25T09:45:00-06:00',
  reason: pancreas,
});

export const chemoWithAntiemetic: SampleCase = {
  id: who.id!,
  title: 'Chemo day with an anti-emetic push',
  story: 'Ondansetron 8 mg IV push (two 4 mg single-dose vials), then gemcitabine 2,000 mg IV over 30 minutes from one 2 g vial.',
  expect: 'J9201-JZ x 10, J2405-JZ x 8, 96413 for the chemo infusion and 96375 for the push.',
  patient: who,
  encounter: visit,
  resources: [who, pancreas, visit, medicarePartB(who, 'chemo-antiemetic-coverage', '1EG4-TE5-MK75'), antiemetic, chemo],
};
