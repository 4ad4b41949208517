// The resources that document a discarded amount, built exactly as docs/design.md "Waste records in FHIR" defines
// them (R5 guidance applied to R4): a not-done MedicationAdministration partOf the administration, or, for an EHR
// that refuses those, the same record as JSON inside a DocumentReference nurse note; and a Provenance that keeps
// the time of entry apart from the time of discarding. Pure functions: the writer decides where they go.
import type {
  DocumentReference,
  Medication,
  MedicationAdministration,
  MedicationAdministrationPerformer,
  Provenance,
  Reference,
} from 'fhir/r4';
import { NURSE_NOTE_LOINC, WASTE_ENTRY_SYSTEM, WASTE_REASON_CODE, WASTE_REASON_SYSTEM } from '../billing';

// R4 value set "MedicationAdministration Performer Function Codes".
const PERFORMER_FUNCTION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/med-admin-perform-function';
const UCUM = 'http://unitsofmeasure.org';

export interface DiscardedAmount {
  /** Decimal as typed ("50", "2.5"); "0" is the explicit statement that nothing was discarded. */
  value: string;
  unit: string;
  /** UCUM code when the administered dose carried one. */
  code?: string;
  system?: string;
}

export interface WasteEntryInput {
  /** The administration the drug was discarded from (as read from the EHR, with its id). */
  administration: MedicationAdministration;
  amount: DiscardedAmount;
  /** When the drug was discarded (ISO 8601 with offset); the nurse may change it. */
  discardedAt: string;
  /** Who discarded it: the signed-in user's fhirUser reference, or a typed name. */
  performer: Reference;
  /** Optional witness (controlled substances). */
  witness?: Reference;
  note?: string;
  /** Made by the app when the entry was started and kept across retries, so a retry finds the first write. */
  entryId: string;
  /**
   * The place this record takes among the administration's records, shared by every page that writes it: "first"
   * for the first record, "replaces-<id>" for the correction of one. Two pages writing the same place at once
   * meet in one conditional create, and the second finds the first's record instead of adding another.
   */
  slot?: string;
}

export function wasteIdentifier(input: Pick<WasteEntryInput, 'administration' | 'entryId'>): { system: string; value: string } {
  return { system: WASTE_ENTRY_SYSTEM, value: `${input.administration.id ?? ''}/${input.entryId}` };
}

/** The identifier of the record's place (see WasteEntryInput.slot), when it has one. */
export function slotIdentifier(input: Pick<WasteEntryInput, 'administration' | 'slot'>): { system: string; value: string } | undefined {
  return input.slot ? { system: WASTE_ENTRY_SYSTEM, value: `${input.administration.id ?? ''}/${input.slot}` } : undefined;
}

/** Whether a written record (or the note carrying it) holds an identifier: how a page knows its own entry. */
export function carriesIdentifier(resource: { identifier?: { system?: string; value?: string }[] }, identifier: { system: string; value: string }): boolean {
  return (resource.identifier ?? []).some((i) => i.system === identifier.system && i.value === identifier.value);
}

function identifiersOf(input: WasteEntryInput): { system: string; value: string }[] {
  const slot = slotIdentifier(input);
  return [wasteIdentifier(input), ...(slot ? [slot] : [])];
}

/** "identifier=<system>|<value>": the If-None-Exist of a conditional create, and the search that finds it again. */
export function identifierQuery(identifier: { system: string; value: string }): string {
  return `identifier=${identifier.system}|${identifier.value}`;
}

export function wasteAdministration(input: WasteEntryInput): MedicationAdministration {
  const source = input.administration;
  const performer: MedicationAdministrationPerformer[] = [{ actor: input.performer }];
  if (input.witness) {
    performer.push({
      function: { coding: [{ system: PERFORMER_FUNCTION_SYSTEM, code: 'witness', display: 'Witness' }], text: 'witness' },
      actor: input.witness,
    });
  }
  // "The same medication": a contained Medication travels with the record, since "#id" resolves only inside it.
  const containedRef = source.medicationReference?.reference;
  const contained = containedRef?.startsWith('#')
    ? source.contained?.find((c): c is Medication => c.resourceType === 'Medication' && c.id === containedRef.slice(1))
    : undefined;
  const note = input.note?.trim();
  // Elements in the order of the R4 definition, so the JSON reads like the specification.
  return {
    resourceType: 'MedicationAdministration',
    ...(contained ? { contained: [contained] } : {}),
    identifier: identifiersOf(input),
    partOf: [{ reference: `MedicationAdministration/${source.id ?? ''}` }],
    status: 'not-done',
    statusReason: [
      {
        coding: [{ system: WASTE_REASON_SYSTEM, code: WASTE_REASON_CODE, display: 'Discarded (drug waste)' }],
        text: 'Drug discarded (waste)',
      },
    ],
    ...(source.medicationReference ? { medicationReference: source.medicationReference } : {}),
    ...(!source.medicationReference && source.medicationCodeableConcept ? { medicationCodeableConcept: source.medicationCodeableConcept } : {}),
    subject: source.subject,
    ...(source.context ? { context: source.context } : {}),
    effectiveDateTime: input.discardedAt,
    performer,
    ...(note ? { note: [{ text: note }] } : {}),
    dosage: {
      dose: {
        value: Number(input.amount.value),
        unit: input.amount.unit,
        ...(input.amount.code ? { system: input.amount.system ?? UCUM, code: input.amount.code } : {}),
      },
    },
  };
}

/** The DocumentReference form (LOINC 34746-8 Nurse Note) carrying the record as JSON and as text. */
export function wasteNote(input: WasteEntryInput, record: MedicationAdministration, recordedAt: string, drugName: string, replaces?: string): DocumentReference {
  const text = wasteText(input, drugName);
  const note: DocumentReference = {
    resourceType: 'DocumentReference',
    identifier: identifiersOf(input),
    status: 'current',
    docStatus: 'final',
    type: { coding: [{ system: 'http://loinc.org', code: NURSE_NOTE_LOINC, display: 'Nurse Note' }], text: 'Drug waste record' },
    subject: input.administration.subject,
    date: recordedAt,
    author: [input.performer],
    description: text,
    content: [
      { attachment: { contentType: 'application/json', data: base64Utf8(JSON.stringify(record)), title: 'Waste record (FHIR MedicationAdministration)' } },
      { attachment: { contentType: 'text/plain; charset=utf-8', data: base64Utf8(text), title: 'Drug waste' } },
    ],
    context: {
      ...(input.administration.context ? { encounter: [input.administration.context] } : {}),
      related: [{ reference: `MedicationAdministration/${input.administration.id ?? ''}` }],
    },
  };
  if (replaces) note.relatesTo = [{ code: 'replaces', target: { reference: replaces } }];
  return note;
}

/** Provenance beside the record: when it was entered and by whom (docs/design.md: the time of entry is kept apart). */
export function wasteProvenance(target: string, recordedAt: string, who: Reference): Provenance {
  return {
    resourceType: 'Provenance',
    target: [{ reference: target }],
    recorded: recordedAt,
    activity: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation', code: 'CREATE', display: 'create' }] },
    agent: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type', code: 'author', display: 'Author' }] },
        who,
      },
    ],
  };
}

/** One sentence a person reads in the EHR's note list. */
export function wasteText(input: WasteEntryInput, drugName: string): string {
  const from = `MedicationAdministration/${input.administration.id ?? ''}`;
  const what =
    Number(input.amount.value) === 0
      ? `Nothing was discarded of ${drugName} (${from}).`
      : `${input.amount.value} ${input.amount.unit} of ${drugName} was discarded (${from}).`;
  const parts = [what, `Time: ${input.discardedAt}.`, `By: ${who(input.performer)}.`];
  if (input.witness) parts.push(`Witness: ${who(input.witness)}.`);
  if (input.note?.trim()) parts.push(`Note: ${input.note.trim()}`);
  return parts.join(' ');
}

function who(ref: Reference): string {
  return ref.display ?? ref.reference ?? 'unknown';
}

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The waste record a DocumentReference nurse note carries (the inverse of wasteNote), if it carries one. */
export function wasteRecordInNote(note: DocumentReference): MedicationAdministration | undefined {
  for (const content of note.content ?? []) {
    const { contentType, data } = content.attachment ?? {};
    if (!data || !(contentType ?? '').startsWith('application/json')) continue;
    try {
      const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
      const json = JSON.parse(new TextDecoder().decode(bytes)) as Partial<MedicationAdministration>;
      if (json.resourceType === 'MedicationAdministration') return json as MedicationAdministration;
    } catch {
      // Some other JSON attachment: not a waste record.
    }
  }
  return undefined;
}
