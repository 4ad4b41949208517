// Epoetin alfa for chemotherapy-induced anaemia, drawn from a multi-dose vial: no JW, no JZ.
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, officeVisit, patient, ROUTES, units } from './fhir-builders';
import { EPOGEN_20000_MDV } from './pharmacy';

const who = patient({ id: 'multi-dose-vial', given: 'Grace', family: 'Kowalski', gender: 'female', birthDate: '1957-09-28', mrn: 'SBX-1004' });
const anemia = diagnosis(who, 'multi-dose-vial-anemia', 'D64.81', 'Anemia due to antineoplastic chemotherapy');
const visit = officeVisit(who, {
  id: 'multi-dose-vial-visit',
  start: '2026-11-25T08:00:00-06:00',
  end: '2026-11-25T08:30:00-06:00',
  diagnoses: [anemia],
  reason: 'Epoetin alfa injection',
});
// 150 units/kg x 93 kg, rounded to 14,000 units: 0.7 mL of the 20,000 units/mL multi-dose vial.
const injection = given(who, visit, {
  id: 'multi-dose-vial-epoetin',
  medication: EPOGEN_20000_MDV,
  dose: units(14000),
  route: ROUTES.subcutaneous,
  start: '2026-11-25T08:10:00-06:00',
  end: '2026-11-25T08:11:00-06:00',
  reason: anemia,
});

export const multiDoseVial: SampleCase = {
  id: who.id!,
  title: 'Multi-dose vial',
  story: 'Epoetin alfa 14,000 units subcutaneously, drawn from a 20,000 units/mL multi-dose vial that stays in use.',
  expect: 'J0885 x 14 with no JW or JZ (multi-dose), 96372.',
  patient: who,
  encounter: visit,
  resources: [who, anemia, visit, medicarePartB(who, 'multi-dose-vial-coverage', '1EG4-TE5-MK74'), injection],
};
