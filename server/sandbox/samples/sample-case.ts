// One sample patient of the sandbox EHR: a clinical story, what J-Code Assist should make of it, and the FHIR
// resources the EHR holds for it.
import type { Encounter, Patient, Resource } from 'fhir/r4';

export interface SampleCase {
  /** The Patient id, also the case's key in URLs. */
  id: string;
  title: string;
  /** What happened, as the nurse would tell it. */
  story: string;
  /** What the app should show for it (lines and findings), for the landing page. */
  expect: string;
  patient: Patient;
  /** The visit an EHR launch opens. */
  encounter: Encounter;
  /** Everything the EHR holds for this patient, the Patient and the Encounter included. */
  resources: Resource[];
}

export function patientName(p: Patient): string {
  const name = p.name?.[0];
  return [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
}
