// How the audit treats each resource type of an export: a patient's own resources are partitioned by patient;
// the resources many patients point at (drugs, the clinic, its staff) are few and kept in memory; other types
// are not used by the engine and are only counted.
import type { Reference } from 'fhir/r4';
import { refKey } from '../billing';

/** Resource types that belong to one patient, with the element naming that patient. */
const PATIENT_LINK: Readonly<Record<string, string>> = {
  Patient: '',
  Encounter: 'subject',
  MedicationAdministration: 'subject',
  Procedure: 'subject',
  Coverage: 'beneficiary',
  // Encounter.diagnosis points at Conditions; the engine reads their codes for the claim.
  Condition: 'subject',
  // The waste record's second form (docs/design.md): a nurse note carrying the record.
  DocumentReference: 'subject',
};

/** Resource types shared by many patients. Their number grows with the formulary and the staff, not with visits. */
const SHARED_TYPES: ReadonlySet<string> = new Set(['Medication', 'Organization', 'Practitioner', 'PractitionerRole', 'Location']);

/** Types whose absence from an export makes the audit weaker; a missing one is reported once. */
export const CORE_TYPES: readonly string[] = ['Patient', 'Encounter', 'MedicationAdministration', 'Medication', 'Procedure', 'Coverage'];

export type ResourceRole = 'patient' | 'shared' | 'other';

export function roleOfType(type: string): ResourceRole {
  if (Object.hasOwn(PATIENT_LINK, type)) return 'patient';
  return SHARED_TYPES.has(type) ? 'shared' : 'other';
}

/** The elements that name the patient, for the first pass's scanner. */
export const PATIENT_LINK_ELEMENTS: readonly string[] = [...new Set(Object.values(PATIENT_LINK).filter((e) => e !== ''))];

/** The element of a patient's resource type that names the patient ("" for Patient itself). */
export function patientLinkOf(type: string): string | undefined {
  return Object.hasOwn(PATIENT_LINK, type) ? PATIENT_LINK[type] : undefined;
}

/**
 * "Patient/<id>" of a patient's resource, or undefined when it names no patient. link: the value of the type's
 * patient element (patientLinkOf), such as { reference: "Patient/p1" }.
 */
export function patientOf(type: string, id: unknown, link: unknown): string | undefined {
  const element = patientLinkOf(type);
  if (element === undefined) return undefined;
  if (element === '') return typeof id === 'string' && id ? `Patient/${id}` : undefined;
  const key = refKey(link as Reference | undefined);
  return key?.startsWith('Patient/') ? key : undefined;
}

/**
 * Elements whose R4 datatypes (Meta, Narrative, CodeableConcept, Coding, Period, Quantity, HumanName, ContactPoint,
 * Address, the MedicationAdministration dosage) hold no Reference at any depth: not walked, which halves the work
 * on a typical administration.
 */
const NO_REFERENCES: ReadonlySet<string> = new Set([
  'meta', 'text', 'code', 'coding', 'dosage', 'period', 'effectivePeriod', 'performedPeriod', 'reasonCode',
  'statusReason', 'category', 'class', 'type', 'valueQuantity', 'name', 'telecom', 'address',
]);

/**
 * Appends every reference string anywhere in a resource (contained resources included) to out. A list to fill
 * rather than a callback: the caller keeps one list for all of a patient's resources, and no closure is made per
 * resource.
 */
export function collectReferences(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null) collectReferences(item, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  // The key decides before the value is looked at: a skipped element's value is never read (reading it costs a
  // trip to memory on a large export).
  for (const key in value) {
    if (NO_REFERENCES.has(key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'string') {
      if (key === 'reference') out.push(child);
    } else if (typeof child === 'object' && child !== null) collectReferences(child, out);
  }
}
