// NDCs a person supplies from the package label when the EHR has none (Oracle Health codes administrations in
// RxNorm only: docs/smart-and-stack.md, "Expect NDCs to be missing and let a person supply them"). The NDC is added to
// the app's copy of the Medication for this session; the EHR's medication record is not changed.
import type { CodeableConcept, Medication, MedicationAdministration } from 'fhir/r4';
import { NDC_SYSTEMS, refKey } from '../billing';
import type { EncounterRecord } from '../fhir/read-encounter';

/** By administration reference ("MedicationAdministration/a1"): the 11-digit NDC typed for it. */
export type SuppliedNdcs = Record<string, string>;

const STORAGE_PREFIX = 'jcode-assist:supplied-ndc:';

/** Kept in sessionStorage, so a reload of the app within the EHR session keeps what was typed. */
export function loadSuppliedNdcs(encounterId: string): SuppliedNdcs {
  try {
    const raw = sessionStorage.getItem(STORAGE_PREFIX + encounterId);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as SuppliedNdcs) : {};
  } catch {
    return {};
  }
}

export function saveSuppliedNdcs(encounterId: string, ndcs: SuppliedNdcs): void {
  try {
    sessionStorage.setItem(STORAGE_PREFIX + encounterId, JSON.stringify(ndcs));
  } catch {
    // Storage full or blocked: the NDCs still apply until the page is left.
  }
}

/** Whether an NDC can be supplied for this administration (its medication is at hand). */
export function canSupplyNdc(record: EncounterRecord, maRef: string): boolean {
  const ma = record.administrations.find((a) => `MedicationAdministration/${a.id ?? ''}` === maRef);
  return Boolean(ma && medicationCode(ma, record.medications));
}

/** A copy of the record with each supplied NDC added to its administration's medication code. */
export function withSuppliedNdcs(record: EncounterRecord, ndcs: SuppliedNdcs): EncounterRecord {
  let administrations = record.administrations;
  let medications = record.medications;
  for (const [maRef, ndc] of Object.entries(ndcs)) {
    const index = administrations.findIndex((a) => `MedicationAdministration/${a.id ?? ''}` === maRef);
    const ma = administrations[index];
    if (!ma) continue;
    const ref = ma.medicationReference?.reference;
    if (ma.medicationCodeableConcept) {
      administrations = replaceAt(administrations, index, { ...ma, medicationCodeableConcept: addNdc(ma.medicationCodeableConcept, ndc) });
    } else if (ref?.startsWith('#')) {
      const contained = (ma.contained ?? []).map((c) =>
        c.resourceType === 'Medication' && c.id === ref.slice(1) ? { ...c, code: addNdc((c as Medication).code, ndc) } : c,
      );
      administrations = replaceAt(administrations, index, { ...ma, contained });
    } else {
      const key = refKey(ma.medicationReference);
      medications = medications.map((m) => (`Medication/${m.id ?? ''}` === key ? { ...m, code: addNdc(m.code, ndc) } : m));
    }
  }
  return { ...record, administrations, medications };
}

function medicationCode(ma: MedicationAdministration, medications: readonly Medication[]): CodeableConcept | Medication | undefined {
  if (ma.medicationCodeableConcept) return ma.medicationCodeableConcept;
  const ref = ma.medicationReference?.reference;
  if (ref?.startsWith('#')) return ma.contained?.find((c) => c.resourceType === 'Medication' && c.id === ref.slice(1)) as Medication | undefined;
  const key = refKey(ma.medicationReference);
  return medications.find((m) => `Medication/${m.id ?? ''}` === key);
}

function addNdc(code: CodeableConcept | undefined, ndc: string): CodeableConcept {
  const coding = (code?.coding ?? []).filter((c) => !NDC_SYSTEMS.includes(c.system ?? ''));
  return { ...code, coding: [...coding, { system: NDC_SYSTEMS[0], code: ndc, userSelected: true }] };
}

function replaceAt<T>(list: readonly T[], index: number, value: T): T[] {
  const copy = list.slice();
  copy[index] = value;
  return copy;
}
