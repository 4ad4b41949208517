// The app's picture of one encounter: what was read from the EHR, plus what the nurse added this session
// (waste records written, NDCs typed), run through the engine in the browser. Re-deriving is a pure function
// of this state, so the page after a write shows exactly what the engine says about the record as it now is.
import type { DocumentReference, MedicationAdministration, Resource } from 'fhir/r4';
import {
  collectWaste,
  derive,
  isWasteRecord,
  openedContainers,
  prepare,
  ProcedureIndex,
  refKey,
  refOf,
  ResourceStore,
  type Amount,
  type BillingSettings,
  type EncounterResult,
  type ProductMeasures,
} from '../billing';
import type { CatalogIndex } from '../catalog/catalog-index';
import { clinicClockOf, type ClinicClock } from './clinic-time';
import type { EncounterRecord } from '../fhir/read-encounter';
import { wasteRecordInNote } from '../fhir/waste-record-builder';

export function resourcesOf(record: EncounterRecord): Resource[] {
  return [
    ...(record.patient ? [record.patient] : []),
    record.encounter,
    ...record.administrations,
    ...record.medications,
    ...record.conditions,
    ...record.procedures,
    ...record.coverages,
    ...record.wasteNotes,
    ...(record.providers ?? []),
  ];
}

/** The engine's result for this encounter (an empty one when it has nothing to say about it). */
export function deriveEncounter(record: EncounterRecord, catalog: CatalogIndex, settings: BillingSettings, today: string): EncounterResult {
  const ref = refOf(record.encounter);
  const output = derive(resourcesOf(record), catalog, settings, { today });
  return (
    output.results.find((r) => r.encounter === ref) ?? {
      encounter: ref,
      patient: record.patient ? refOf(record.patient) : null,
      lines: [],
      findings: [],
      claim: null,
    }
  );
}

/** A waste record of this encounter that counts (not entered-in-error), for the list and for corrections. */
export interface WasteRecordView {
  resource: MedicationAdministration | DocumentReference;
  /** The record's facts (for the note form: the record carried inside the note). */
  record: MedicationAdministration;
  administration: string;
}

export function wasteRecordsOf(record: EncounterRecord, settings: BillingSettings): WasteRecordView[] {
  const store = new ResourceStore(resourcesOf(record));
  const entries = [...collectWaste(store, settings.wasteReasonCodes).values()].flat();
  const views: WasteRecordView[] = [];
  for (const entry of entries) {
    const resource = store.resolve<MedicationAdministration | DocumentReference>({ reference: entry.source });
    if (!resource) continue;
    const inner = resource.resourceType === 'DocumentReference' ? wasteRecordInNote(resource) : resource;
    if (inner) views.push({ resource, record: inner, administration: entry.administration });
  }
  return views;
}

/** What the waste form shows beside the amount field and checks the amount against (from the engine's derivation). */
export interface WasteContext {
  administration: MedicationAdministration;
  drugName: string;
  /** The drug's billing code, when the engine identified it. */
  hcpcs?: string;
  /** The dose as recorded ("350 mg"). */
  given: string;
  /** Unit of the dose as recorded, for an amount typed in it. */
  unit: { unit: string; code?: string; system?: string };
  /** When the administration started and ended, as recorded (ISO 8601). */
  startedAt?: string;
  endedAt?: string;
  /** The clock the discarded-at time is typed and saved in: the offset recorded on the administration. */
  clock: ClinicClock;
  /** "4 x 100 mg = 400 mg" when the container size is known. */
  containers?: string;
  /** What the opened containers left after the dose, in the descriptor's base unit: the most that can be discarded. */
  left?: { amount: Amount; text: string; unit: string };
  /** The billing descriptor and the product's measures, to compare an amount typed in another unit with `left`. */
  descriptor?: Amount;
  measures: ProductMeasures;
}

export function wasteContextOf(record: EncounterRecord, maRef: string, catalog: CatalogIndex, settings: BillingSettings): WasteContext | undefined {
  const ma = record.administrations.find((a) => refOf(a) === maRef);
  if (!ma || isWasteRecord(ma, settings.wasteReasonCodes)) return undefined;
  const store = new ResourceStore(resourcesOf(record));
  const { prepared } = prepare(ma, store, catalog, settings, new ProcedureIndex(record.procedures));
  const dose = ma.dosage?.dose;
  const unitText = dose?.unit ?? dose?.code ?? '';
  const context: WasteContext = {
    administration: ma,
    drugName: prepared?.drug.name ?? medicationLabel(ma),
    hcpcs: prepared?.drug.hcpcs,
    given: dose?.value !== undefined ? `${dose.value} ${unitText}`.trim() : 'not recorded',
    unit: { unit: unitText || 'mg', code: dose?.code, system: dose?.system },
    startedAt: ma.effectivePeriod?.start ?? ma.effectiveDateTime,
    endedAt: ma.effectivePeriod?.end,
    clock: clinicClockOf(ma.effectivePeriod?.end, ma.effectivePeriod?.start, ma.effectiveDateTime),
    descriptor: prepared?.descriptor,
    measures: prepared?.facts ?? {},
  };
  const content = prepared?.facts?.containerContent;
  if (content && prepared?.dose && content.value.gt(0)) {
    const opened = openedContainers(prepared.dose.value, content.value);
    context.containers = `${opened.count.toString()} x ${amountText(content)} = ${amountText({ ...content, value: opened.holds })}`;
    const left = { ...content, value: opened.left };
    context.left = { amount: left, text: amountText(left), unit: unitWord(left) };
  }
  return context;
}

function amountText(a: Amount): string {
  return `${a.value.toString()} ${unitWord(a)}`;
}

function unitWord(a: Amount): string {
  return a.dimension === 'mass' ? 'mg' : a.dimension === 'unit' ? 'units' : a.dimension === 'volume' ? 'mL' : 'containers';
}

function medicationLabel(ma: MedicationAdministration): string {
  return ma.medicationCodeableConcept?.text ?? ma.medicationReference?.display ?? refKey(ma.medicationReference) ?? 'the drug';
}
