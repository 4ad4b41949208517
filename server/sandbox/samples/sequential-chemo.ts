// Paclitaxel then carboplatin for ovarian cancer: two chemotherapy infusions one after the other.
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, ROUTES } from './fhir-builders';
import { CARBOPLATIN_450_MDV, PACLITAXEL_300_MDV } from './pharmacy';

const who = patient({ id: 'sequential-chemo', given: 'Evelyn', family: 'Marsh', gender: 'female', birthDate: '1960-05-14', mrn: 'SBX-1006' });
const ovary = diagnosis(who, 'sequential-chemo-ovary', 'C56.9', 'Malignant neoplasm of unspecified ovary');
const visit = officeVisit(who, {
  id: 'sequential-chemo-visit',
  start: '2026-11-26T09:00:00-06:00',
  end: '2026-11-26T14:00:00-06:00',
  diagnoses: [ovary],
  reason: 'Carboplatin and paclitaxel, cycle 4',
});
// 175 mg/m2 x 1.7 m2, rounded to 300 mg, over 3 hours.
const paclitaxel = given(who, visit, {
  id: 'sequential-chemo-paclitaxel',
  medication: PACLITAXEL_300_MDV,
  dose: mg(300),
  route: ROUTES.iv,
  start: '2026-11-26T09:30:00-06:00',
  end: '2026-11-26T12:30:00-06:00',
  reason: ovary,
});
// Calvert formula, AUC 5: 450 mg over 30 minutes, started after the paclitaxel bag finished.
const carboplatin = given(who, visit, {
  id: 'sequential-chemo-carboplatin',
  medication: CARBOPLATIN_450_MDV,
  dose: mg(450),
  route: ROUTES.iv,
  start: '2026-11-26T12:45:00-06:00',
  end: '2026-11-26T13:15:00-06:00',
  reason: ovary,
});

export const sequentialChemo: SampleCase = {
  id: who.id!,
  title: 'Two sequential chemo infusions',
  story: 'Paclitaxel 300 mg IV over 3 hours, then carboplatin 450 mg IV over 30 minutes; both from multi-dose vials.',
  expect: 'J9267 x 300, J9045 x 9 (no JW/JZ: multi-dose), 96413, 96415 x 2, 96417.',
  patient: who,
  encounter: visit,
  resources: [who, ovary, visit, medicarePartB(who, 'sequential-chemo-coverage', '1EG4-TE5-MK76'), paclitaxel, carboplatin],
};
