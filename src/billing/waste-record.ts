// Waste records as docs/design.md defines them ("Waste records in FHIR", R5 guidance applied to R4): a
// MedicationAdministration with status not-done, a statusReason meaning "discarded" and partOf the administration
// it came from; or the same record carried as JSON in a DocumentReference nurse note (LOINC 34746-8) where the
// EHR refuses MedicationAdministration writes.
import type { Attachment, Coding, DocumentReference, MedicationAdministration, Quantity } from 'fhir/r4';
import { list, refKey, refOf, type ResourceStore } from './resources';

export const WASTE_REASON_SYSTEM = 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste';
export const WASTE_REASON_CODE = 'discarded';
export const WASTE_ENTRY_SYSTEM = 'https://jcode-assist.dev/fhir/NamingSystem/waste-entry';
export const NURSE_NOTE_LOINC = '34746-8';

export interface WasteEntry {
  /** "MedicationAdministration/a1": the administration the drug was discarded from. */
  administration: string;
  amount: Quantity | undefined;
  /** The resource that documents it (the waste MedicationAdministration or the DocumentReference). */
  source: string;
}

export function isWasteReason(coding: Coding, extraCodes: readonly Coding[]): boolean {
  if (!coding) return false;
  if (coding.system === WASTE_REASON_SYSTEM && coding.code === WASTE_REASON_CODE) return true;
  return extraCodes.some((c) => c.system === coding.system && c.code === coding.code);
}

/** A not-done administration whose reason is "discarded": a waste record, not a missed dose. */
export function isWasteRecord(ma: MedicationAdministration, extraCodes: readonly Coding[]): boolean {
  return (
    ma.status === 'not-done' &&
    list(ma.statusReason).some((cc) => list(cc?.coding).some((c) => isWasteReason(c, extraCodes)))
  );
}

/** Every live waste entry in the store, by the administration it belongs to; entered-in-error ones are dropped. */
export function collectWaste(store: ResourceStore, extraCodes: readonly Coding[]): Map<string, WasteEntry[]> {
  const byAdministration = new Map<string, WasteEntry[]>();
  for (const ma of store.ofType<MedicationAdministration>('MedicationAdministration')) {
    if (!isWasteRecord(ma, extraCodes)) continue;
    const entry = entryOf(ma, refOf(ma));
    if (entry) addEntry(byAdministration, entry);
  }
  for (const doc of store.ofType<DocumentReference>('DocumentReference')) {
    if (doc.status === 'entered-in-error' || !isNurseNote(doc)) continue;
    for (const content of list(doc.content)) {
      const record = recordInAttachment(content?.attachment);
      // Mutation testing: the status test repeats isWasteRecord's, so its mutants are equivalent.
      if (record && record.status === 'not-done' && isWasteRecord(record, extraCodes)) {
        const entry = entryOf(record, refOf(doc));
        if (entry) addEntry(byAdministration, entry);
      }
    }
  }
  return byAdministration;
}

function addEntry(byAdministration: Map<string, WasteEntry[]>, entry: WasteEntry): void {
  const entries = byAdministration.get(entry.administration);
  if (entries) entries.push(entry);
  else byAdministration.set(entry.administration, [entry]);
}

function entryOf(record: MedicationAdministration, source: string): WasteEntry | undefined {
  const administration = list(record.partOf).map(refKey).find((k) => k?.startsWith('MedicationAdministration/'));
  // Mutation testing: letting an entry with no administration through is equivalent: it is filed under undefined,
  // a key no administration is ever looked up by.
  if (!administration) return undefined;
  return { administration, amount: record.dosage?.dose, source };
}

function isNurseNote(doc: DocumentReference): boolean {
  return list(doc.type?.coding).some((c) => c?.system === 'http://loinc.org' && c.code === NURSE_NOTE_LOINC);
}

// Mutation testing: equivalent mutants here are the word an absent content type is read as (no stand-in word starts
// with application/json) and the `typeof` and `!== null` checks on the parsed JSON (a number or a string has no
// status 'not-done', and reading resourceType from null throws into the catch below).
function recordInAttachment(attachment: Attachment | undefined): MedicationAdministration | undefined {
  if (typeof attachment?.data !== 'string' || !String(attachment.contentType ?? '').startsWith('application/json')) return undefined;
  try {
    const bytes = Uint8Array.from(atob(attachment.data), (ch) => ch.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof json === 'object' && json !== null && (json as MedicationAdministration).resourceType === 'MedicationAdministration') {
      return json as MedicationAdministration;
    }
  } catch {
    // Not our JSON: the note stays a note and does not count as a waste record.
  }
  return undefined;
}
