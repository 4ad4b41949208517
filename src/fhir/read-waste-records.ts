// Waste records are found through partOf, not through their date (docs/design.md "Waste records in FHIR", "Finding
// them again"): a record saved the next day, or dated wrongly, still belongs to its administration. So they are
// read without the date window used for administrations: the patient's not-done MedicationAdministrations (R4
// has no part-of search parameter; Oracle Health offers status on this search, docs/smart-and-stack.md) and the
// patient's nurse notes; then only those whose partOf names one of this encounter's administrations are kept.
// Whether a kept record counts as waste (its status reason) is the engine's call, as for every other record.
import type { BundleEntry, DocumentReference, MedicationAdministration } from 'fhir/r4';
import { NURSE_NOTE_LOINC, refKey, refOf } from '../billing';
import { FhirRest } from './rest';
import { wasteRecordInNote } from './waste-record-builder';

/** Results per page, as for the other searches (a server's maximum is often 100). */
const PAGE_SIZE = 100;

export interface WasteSearches {
  /** The patient's not-done MedicationAdministrations, whatever their date. */
  records: Promise<BundleEntry[]>;
  /** The patient's nurse notes, whatever their date; undefined when notes are not read. */
  notes: Promise<BundleEntry[]> | undefined;
}

export function searchWasteRecords(rest: FhirRest, patientId: string, readNotes: boolean): WasteSearches {
  return {
    records: rest.search(`MedicationAdministration?patient=${patientId}&status=not-done&_count=${PAGE_SIZE}`),
    notes: readNotes ? rest.search(`DocumentReference?patient=${patientId}&type=http://loinc.org|${NURSE_NOTE_LOINC}&_count=${PAGE_SIZE}`) : undefined,
  };
}

/** A not-done record that belongs to another administration: it comes from the waste search, not the window. */
export function isPartOfAnother(ma: MedicationAdministration): boolean {
  return ma.status === 'not-done' && administrationsNamed(ma).length > 0;
}

export interface WasteRecordsOfEncounter {
  records: MedicationAdministration[];
  notes: DocumentReference[];
  /** Records that name this visit but none of its administrations: not counted, and said so. */
  strays: string[];
}

/**
 * The records (and nurse notes carrying one) whose partOf names one of `administrations`; one that names this
 * encounter but none of its administrations (another patient's, or one of no encounter) is a stray.
 */
export function wasteRecordsOf(
  recordEntries: BundleEntry[],
  noteEntries: BundleEntry[],
  administrations: readonly MedicationAdministration[],
  encounterRef: string,
): WasteRecordsOfEncounter {
  const ours = new Set(administrations.map((a) => refOf(a)));
  const partOfOurs = (record: MedicationAdministration) => administrationsNamed(record).some((ref) => ours.has(ref));
  const result: WasteRecordsOfEncounter = { records: [], notes: [], strays: [] };
  for (const ma of FhirRest.matches<MedicationAdministration>(recordEntries, 'MedicationAdministration')) {
    if (ma.status !== 'not-done' || administrationsNamed(ma).length === 0) continue;
    if (partOfOurs(ma)) result.records.push(ma);
    else if (refKey(ma.context) === encounterRef) result.strays.push(refOf(ma));
  }
  for (const doc of FhirRest.matches<DocumentReference>(noteEntries, 'DocumentReference')) {
    const inner = wasteRecordInNote(doc);
    if (!inner || administrationsNamed(inner).length === 0) continue;
    if (partOfOurs(inner)) result.notes.push(doc);
    else if ((doc.context?.encounter ?? []).some((e) => refKey(e) === encounterRef)) result.strays.push(refOf(doc));
  }
  return result;
}

export function strayMessage(ref: string): string {
  return `A record of a discarded amount names this visit but a medication given elsewhere (another visit or another patient), so it is not counted here (${ref}).`;
}

/**
 * The records of one administration as the EHR holds them now, entered-in-error ones left out: read just before
 * a new record is written, so that one saved meanwhile (another nurse, another tab) is shown instead of a second
 * record being added.
 */
export async function currentWasteRecords(
  rest: FhirRest,
  patientId: string,
  administration: MedicationAdministration,
  readNotes: boolean,
): Promise<(MedicationAdministration | DocumentReference)[]> {
  const searches = searchWasteRecords(rest, patientId, readNotes);
  const [records, notes] = await Promise.all([searches.records, searches.notes ?? Promise.resolve([])]);
  const found = wasteRecordsOf(records, notes, [administration], '');
  return [...found.records, ...found.notes.filter((d) => d.status !== 'entered-in-error')];
}

function administrationsNamed(record: MedicationAdministration): string[] {
  return (record.partOf ?? []).map((p) => refKey(p) ?? '').filter((k) => k.startsWith('MedicationAdministration/'));
}
