// Aflibercept into the right eye for wet macular degeneration.
import type { SampleCase } from './sample-case';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, RIGHT_EYE, ROUTES } from './fhir-builders';
import { EYLEA_2 } from './pharmacy';

const who = patient({ id: 'intravitreal', given: 'Ruth', family: 'Lindqvist', gender: 'female', birthDate: '1943-10-30', mrn: 'SBX-1007' });
const amd = diagnosis(who, 'intravitreal-amd', 'H35.3211', 'Exudative age-related macular degeneration, right eye, with active choroidal neovascularization');
const visit = officeVisit(who, {
  id: 'intravitreal-visit',
  start: '2026-11-26T10:00:00-06:00',
  end: '2026-11-26T10:40:00-06:00',
  diagnoses: [amd],
  reason: 'Intravitreal anti-VEGF injection, right eye',
});
const injection = given(who, visit, {
  id: 'intravitreal-aflibercept',
  medication: EYLEA_2,
  dose: mg(2),
  route: ROUTES.intravitreal,
  site: RIGHT_EYE,
  start: '2026-11-26T10:20:00-06:00',
  end: '2026-11-26T10:21:00-06:00',
  reason: amd,
});

export const intravitreal: SampleCase = {
  id: who.id!,
  title: 'Intravitreal injection',
  story: 'Aflibercept 2 mg injected into the right eye from one 2 mg single-dose vial.',
  expect: 'J0178-JZ x 2, 67028-RT.',
  patient: who,
  encounter: visit,
  resources: [who, amd, visit, medicarePartB(who, 'intravitreal-coverage', '1EG4-TE5-MK77'), injection],
};
