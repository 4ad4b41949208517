// Bortezomib for multiple myeloma, given under the skin; the nurse documented what was left in the vial.
import type { SampleCase } from './sample-case';
import { diagnosis, discarded, given, medicarePartB, mg, officeVisit, patient, ROUTES } from './fhir-builders';
import { VELCADE_3_5 } from './pharmacy';

const who = patient({ id: 'waste-documented', given: 'Harold', family: 'Nguyen', gender: 'male', birthDate: '1951-07-19', mrn: 'SBX-1001' });
const myeloma = diagnosis(who, 'waste-documented-myeloma', 'C90.00', 'Multiple myeloma not having achieved remission');
const visit = officeVisit(who, {
  id: 'waste-documented-visit',
  start: '2026-11-23T08:30:00-06:00',
  end: '2026-11-23T10:00:00-06:00',
  diagnoses: [myeloma],
  reason: 'Bortezomib injection, cycle 3 day 1',
});
// 1.3 mg/m2 x 2.0 m2 = 2.6 mg from one 3.5 mg vial; 0.9 mg left in it and discarded.
const injection = given(who, visit, {
  id: 'waste-documented-bortezomib',
  medication: VELCADE_3_5,
  dose: mg(2.6),
  route: ROUTES.subcutaneous,
  start: '2026-11-23T09:10:00-06:00',
  end: '2026-11-23T09:12:00-06:00',
  reason: myeloma,
});
const waste = discarded(injection, { id: 'waste-documented-bortezomib-waste', amount: mg(0.9), at: '2026-11-23T09:14:00-06:00', note: 'Remainder of the 3.5 mg vial wasted.' });

export const wasteDocumented: SampleCase = {
  id: who.id!,
  title: 'Waste documented',
  story: 'Bortezomib 2.6 mg subcutaneously from one 3.5 mg single-dose vial; the nurse recorded the 0.9 mg left in the vial as discarded.',
  expect: 'J9041 x 26, J9041-JW x 9, 96401; a draft Claim can be written.',
  patient: who,
  encounter: visit,
  resources: [who, myeloma, visit, medicarePartB(who, 'waste-documented-coverage', '1EG4-TE5-MK71'), injection, waste],
};
