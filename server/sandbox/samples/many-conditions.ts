// Iron sucrose for the anaemia of chronic kidney disease, in a patient whose chart lists 14 conditions for the
// visit: more than the 12 a professional claim holds (docs/billing-rules.md 8).
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, ROUTES } from './fhir-builders';
import { VENOFER_200 } from './pharmacy';

const who = patient({ id: 'many-conditions', given: 'Harold', family: 'Whitfield', gender: 'male', birthDate: '1947-06-21', mrn: 'SBX-1010' });
// In the order the physician ranked them for the visit.
const ranked = [
  ['ckd', 'N18.4', 'Chronic kidney disease, stage 4 (severe)'],
  ['anemia-ckd', 'D63.1', 'Anemia in chronic kidney disease'],
  ['iron', 'D50.9', 'Iron deficiency anemia, unspecified'],
  ['diabetes', 'E11.22', 'Type 2 diabetes mellitus with diabetic chronic kidney disease'],
  ['hypertension', 'I12.9', 'Hypertensive chronic kidney disease with stage 1 through stage 4 chronic kidney disease'],
  ['heart-failure', 'I50.32', 'Chronic diastolic (congestive) heart failure'],
  ['afib', 'I48.20', 'Chronic atrial fibrillation, unspecified'],
  ['lipids', 'E78.5', 'Hyperlipidemia, unspecified'],
  ['gout', 'M10.9', 'Gout, unspecified'],
  ['copd', 'J44.9', 'Chronic obstructive pulmonary disease, unspecified'],
  ['neuropathy', 'E11.42', 'Type 2 diabetes mellitus with diabetic polyneuropathy'],
  ['hypothyroid', 'E03.9', 'Hypothyroidism, unspecified'],
  ['osteoarthritis', 'M17.0', 'Bilateral primary osteoarthritis of knee'],
  ['insulin', 'Z79.4', 'Long term (current) use of insulin'],
] as const;
const conditions = ranked.map(([id, code, display]) => diagnosis(who, `many-conditions-${id}`, code, display));
const anemiaOfCkd = conditions[1]!;
const visit = officeVisit(who, {
  id: 'many-conditions-visit',
  start: '2026-11-25T08:30:00-06:00',
  end: '2026-11-25T09:30:00-06:00',
  diagnoses: conditions,
  reason: 'Iron sucrose infusion, nephrology follow-up',
});
// A 15-minute administration is a push (docs/billing-rules.md section 5).
const iron = given(who, visit, {
  id: 'many-conditions-iron-sucrose',
  medication: VENOFER_200,
  dose: mg(200),
  route: ROUTES.iv,
  start: '2026-11-25T08:50:00-06:00',
  end: '2026-11-25T09:05:00-06:00',
  reason: anemiaOfCkd,
});

export const manyConditions: SampleCase = {
  id: who.id!,
  title: 'More than 12 diagnoses',
  story: 'Iron sucrose 200 mg IV over 15 minutes for anaemia of kidney disease; the visit lists 14 ranked conditions.',
  expect: 'J1756-JZ x 200, 96374; the claim carries the 12 top-ranked diagnoses, diagnosis-truncated names the two left off (M17.0, Z79.4); each line points to D63.1 first.',
  patient: who,
  encounter: visit,
  resources: [who, ...conditions, visit, medicarePartB(who, 'many-conditions-coverage', '1EG4-TE5-MK80'), iron],
};
