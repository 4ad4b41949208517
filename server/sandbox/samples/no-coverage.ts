// Iron sucrose for iron-deficiency anaemia, for a patient whose insurance was never entered.
import type { SampleCase } from './sample-case';
import { diagnosis, given, mg, officeVisit, patient, ROUTES } from './fhir-builders';
import { VENOFER_200 } from './pharmacy';

const who = patient({ id: 'no-coverage', given: 'Aisha', family: 'Karimi', gender: 'female', birthDate: '1986-08-09', mrn: 'SBX-1009' });
const ironDeficiency = diagnosis(who, 'no-coverage-iron', 'D50.9', 'Iron deficiency anemia, unspecified');
const visit = officeVisit(who, {
  id: 'no-coverage-visit',
  start: '2026-11-27T13:00:00-06:00',
  end: '2026-11-27T13:45:00-06:00',
  diagnoses: [ironDeficiency],
  reason: 'Iron sucrose infusion',
});
// A 15-minute administration is a push (docs/billing-rules.md section 5).
const iron = given(who, visit, {
  id: 'no-coverage-iron-sucrose',
  medication: VENOFER_200,
  dose: mg(200),
  route: ROUTES.iv,
  start: '2026-11-27T13:10:00-06:00',
  end: '2026-11-27T13:25:00-06:00',
  reason: ironDeficiency,
});

export const noCoverage: SampleCase = {
  id: who.id!,
  title: 'No coverage',
  story: 'Iron sucrose 200 mg IV over 15 minutes from one 200 mg single-dose vial, for a patient with no insurance on record.',
  expect: 'J1756-JZ x 200, 96374; coverage-missing blocks the draft Claim.',
  patient: who,
  encounter: visit,
  resources: [who, ironDeficiency, visit, iron],
};
