// The two CDS services this server offers (docs/design.md, "CDS Hooks") and their discovery document
// (CDS Hooks 2.0, "Discovery"). The prefetch templates ask for exactly what derive() reads for one visit: the
// patient's administrations with their Medications, Procedures (which time and code the administrations),
// Coverage (no claim without it), nurse notes (the DocumentReference form of a waste record) and the visit.
import { NURSE_NOTE_LOINC } from '../../src/billing';

export type HookName = 'encounter-discharge' | 'patient-view';

export interface CdsService {
  id: string;
  hook: HookName;
  title: string;
  description: string;
  /** Prefetch key -> FHIR query template; the keys are also how the service asks for what is missing. */
  prefetch: Record<string, string>;
}

/** The queries both hooks need, besides the visit itself. */
const PATIENT_RECORDS = {
  administrations: 'MedicationAdministration?patient={{context.patientId}}&_include=MedicationAdministration:medication',
  procedures: 'Procedure?patient={{context.patientId}}',
  coverage: 'Coverage?patient={{context.patientId}}',
  nurseNotes: `DocumentReference?patient={{context.patientId}}&type=http://loinc.org|${NURSE_NOTE_LOINC}`,
} as const;

/** Encounter statuses of a visit not yet closed (FHIR R4 EncounterStatus). */
export const OPEN_ENCOUNTER_STATUSES = ['arrived', 'triaged', 'in-progress', 'onleave'] as const;

export const CDS_SERVICES: readonly CdsService[] = [
  {
    id: 'jcode-assist-encounter-discharge',
    hook: 'encounter-discharge',
    title: 'J-Code Assist: drug billing check at discharge',
    description:
      'Before the visit closes, checks that every drug given can be billed: above all that the amount discarded from single-dose vials is recorded (JW/JZ).',
    prefetch: { encounter: 'Encounter/{{context.encounterId}}', ...PATIENT_RECORDS },
  },
  {
    id: 'jcode-assist-patient-view',
    hook: 'patient-view',
    title: "J-Code Assist: drug billing check of today's visit",
    description:
      "When the chart opens, checks the patient's open visit of today for drugs that cannot be billed yet, such as a single-dose vial with no discarded amount recorded.",
    prefetch: { openEncounters: `Encounter?patient={{context.patientId}}&status=${OPEN_ENCOUNTER_STATUSES.join(',')}`, ...PATIENT_RECORDS },
  },
];

export function serviceById(id: string): CdsService | undefined {
  return CDS_SERVICES.find((s) => s.id === id);
}

/** GET /cds-services: the services, in the shape of CDS Hooks 2.0 "Discovery". */
export function discoveryDocument(): { services: object[] } {
  return {
    services: CDS_SERVICES.map((s) => ({ hook: s.hook, id: s.id, title: s.title, description: s.description, prefetch: s.prefetch })),
  };
}
