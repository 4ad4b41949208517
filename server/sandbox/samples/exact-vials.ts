// Pembrolizumab for lung cancer: the fixed 200 mg dose empties exactly two 100 mg vials, so nothing is wasted (JZ).
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, ROUTES } from './fhir-builders';
import { KEYTRUDA_100 } from './pharmacy';

const who = patient({ id: 'exact-vials', given: 'Walter', family: 'Brooks', gender: 'male', birthDate: '1949-02-03', mrn: 'SBX-1003' });
const lungCancer = diagnosis(who, 'exact-vials-lung', 'C34.90', 'Malignant neoplasm of unspecified part of unspecified bronchus or lung');
const visit = officeVisit(who, {
  id: 'exact-vials-visit',
  start: '2026-11-24T13:00:00-06:00',
  end: '2026-11-24T14:15:00-06:00',
  diagnoses: [lungCancer],
  reason: 'Pembrolizumab infusion every 3 weeks',
});
const infusion = given(who, visit, {
  id: 'exact-vials-pembrolizumab',
  medication: KEYTRUDA_100,
  dose: mg(200),
  route: ROUTES.iv,
  start: '2026-11-24T13:20:00-06:00',
  end: '2026-11-24T13:50:00-06:00',
  reason: lungCancer,
});

export const exactVials: SampleCase = {
  id: who.id!,
  title: 'Exact vials (JZ)',
  story: 'Pembrolizumab 200 mg IV over 30 minutes from two 100 mg/4 mL single-dose vials: nothing left to discard.',
  expect: 'J9271-JZ x 200 (NDC quantity 8 mL), 96413; no waste record needed.',
  patient: who,
  encounter: visit,
  resources: [who, lungCancer, visit, medicarePartB(who, 'exact-vials-coverage', '1EG4-TE5-MK73'), infusion],
};
