// The waste forms of one encounter (issue 13; docs/design.md "Finding them again"): open a new entry or a correction,
// keep every draft across failures, and save. Before a new record is written, the administration's records are
// read again: one saved meanwhile (another nurse, another tab) is shown, with what this nurse typed moved into a
// correction of it, instead of a second record being added. The write itself meets a concurrent one in a shared
// slot (waste-writer.ts), so two pages saving at the same moment still leave one record.
import type { DocumentReference, MedicationAdministration, Reference } from 'fhir/r4';
import { useMemo, useState } from 'preact/hooks';
import { refOf, type BillingSettings } from '../billing';
import type { CatalogIndex } from '../catalog/catalog-index';
import type { EncounterRecord } from '../fhir/read-encounter';
import { currentWasteRecords } from '../fhir/read-waste-records';
import type { FhirRest } from '../fhir/rest';
import type { LaunchContext } from '../fhir/session';
import { carriesIdentifier, wasteIdentifier, wasteRecordInNote } from '../fhir/waste-record-builder';
import { WasteAlreadyRecorded, WasteWriter, type WasteRecordResource, type WasteWriteOutcome } from '../fhir/waste-writer';
import { describeWriteError } from './describe-error';
import { wasteContextOf, wasteRecordsOf, type WasteContext, type WasteRecordView } from './encounter-model';
import { instantOf, isoInClock, wallClockValue } from './clinic-time';
import { noteOf, prefilledAmount, validateWasteDraft, type WasteDraft } from './waste-draft';
import { wasteRecordSummary } from './waste-words';

/** An open waste form: a new entry for an administration, or a correction of a record. */
export interface OpenForm {
  key: string;
  administration: string;
  replaces?: WasteRecordView;
}

interface Deps {
  context: LaunchContext;
  /** The record as read and written so far, with the NDCs the nurse supplied. */
  working: EncounterRecord;
  /** The latest record, read at save time (a save may finish after other changes). */
  current: () => EncounterRecord;
  setRecord: (update: (record: EncounterRecord) => EncounterRecord) => void;
  catalog: CatalogIndex;
  settings: BillingSettings;
  rest: FhirRest;
  now: () => Date;
  newEntryId: () => string;
  /** Says what was saved, where the page announces it. */
  announce: (message: string) => void;
  noteFailure: (err: unknown) => void;
}

export function useWasteEntries(deps: Deps) {
  const { context, working, settings, catalog } = deps;
  const [forms, setForms] = useState<OpenForm[]>([]);
  const [drafts, setDrafts] = useState<Record<string, WasteDraft>>({});
  const writer = useMemo(
    () => new WasteWriter(deps.rest, working.capabilities, context.scopes, deps.now),
    [deps.rest, working.capabilities, context.scopes, deps.now],
  );

  const records = useMemo(() => {
    const live = wasteRecordsOf(working, settings);
    // A correction whose old record is already marked entered-in-error (its new record not yet saved) stays
    // listed with its form, so what was typed in it stays in view.
    const pending = forms
      .filter((f) => f.replaces && !live.some((v) => refOf(v.resource) === refOf(f.replaces!.resource)))
      .map((f) => ({ ...f.replaces!, retired: true }));
    return [...live, ...pending];
  }, [working, settings, forms]);

  const contextOf = (maRef: string) => wasteContextOf(working, maRef, catalog, settings);
  const updateDraft = (key: string, patch: Partial<WasteDraft>) =>
    setDrafts((all) => (all[key] ? { ...all, [key]: { ...all[key], ...patch } } : all));
  const closeForm = (key: string) => {
    setForms((open) => open.filter((f) => f.key !== key));
    // The button that opened it comes back: focus returns there.
    setTimeout(() => document.getElementById(openerId(key))?.focus(), 0);
  };
  const openForm = (form: OpenForm, draft?: WasteDraft) => {
    setForms((open) => (open.some((f) => f.key === form.key) ? open : [...open, form]));
    setDrafts((all) => (all[form.key] && !draft ? all : { ...all, [form.key]: draft ?? newDraft(form) }));
  };

  const newDraft = (form: OpenForm): WasteDraft => {
    const ctx = contextOf(form.administration);
    const old = form.replaces?.record;
    const dose = old?.dosage?.dose;
    const witness = old?.performer?.find((p) => p.function?.coding?.some((c) => c.code === 'witness'))?.actor.display ?? '';
    const offered = ctx ? prefilledAmount(ctx) : { amount: '', unit: 'mg' };
    return {
      entryId: deps.newEntryId(),
      mode: old ? (dose?.value === 0 ? 'none' : 'some') : '',
      amount: old && dose?.value !== undefined ? String(dose.value) : offered.amount,
      unit: old ? dose?.unit ?? dose?.code ?? offered.unit : offered.unit,
      discardedAt: wallClockValue(defaultTime(old?.effectiveDateTime ?? ctx?.endedAt ?? ctx?.startedAt, deps.now()), ctx?.clock ?? { browser: true }),
      performerName: '',
      witness,
      reason: '',
      note: old?.note?.[0]?.text ?? '',
    };
  };

  /** A record saved by someone else meanwhile: shown, and what was typed moved into a correction of it. */
  const showTheirs = (form: OpenForm, draft: WasteDraft, ctx: WasteContext, theirs: WasteRecordResource) => {
    deps.setRecord((rec) => withResource(rec, theirs));
    const inner = theirs.resourceType === 'DocumentReference' ? wasteRecordInNote(theirs) : theirs;
    setForms((open) => open.filter((f) => f.key !== form.key));
    if (!inner) return;
    const view: WasteRecordView = { resource: theirs, record: inner, administration: form.administration };
    openForm(
      { key: `fix:${refOf(theirs)}`, administration: form.administration, replaces: view },
      {
        ...draft,
        entryId: deps.newEntryId(),
        retired: false,
        saving: false,
        error: undefined,
        notice: `While you were typing, a waste record for ${ctx.drugName} was saved by someone else: ${wasteRecordSummary(inner)}. Nothing from your form was saved. It is listed under "Waste recorded"; what you typed is kept below: save it to replace that record, or close this form to keep it.`,
      },
    );
  };

  const save = async (form: OpenForm) => {
    const draft = drafts[form.key];
    const ctx = contextOf(form.administration);
    const administration = deps.current().administrations.find((a) => refOf(a) === form.administration);
    if (!draft || !ctx || !administration) return;
    const invalid = validateWasteDraft(draft, ctx, !context.fhirUser, deps.now());
    if (invalid) return updateDraft(form.key, { invalid });
    updateDraft(form.key, { saving: true, error: undefined });
    const performer: Reference = context.fhirUser
      ? { reference: context.fhirUser, ...(working.userName ? { display: working.userName } : {}) }
      : { display: draft.performerName.trim() };
    const amountUnit = draft.mode === 'none' ? ctx.left?.unit ?? ctx.unit.unit : draft.unit.trim();
    const ucum = UCUM_OF[amountUnit] ?? (amountUnit === ctx.unit.unit && ctx.unit.code ? ctx.unit.code : undefined);
    try {
      let slot: string;
      if (form.replaces) {
        if (!draft.retired) {
          const retired = await writer.retire(form.replaces.resource);
          deps.setRecord((rec) => withResource(rec, retired));
          updateDraft(form.key, { retired: true });
        }
        slot = `replaces-${form.replaces.resource.id ?? ''}`;
      } else {
        const known = new Set(wasteRecordsOf(deps.current(), settings).map((v) => refOf(v.resource)));
        const now = await currentWasteRecords(deps.rest, context.patientId, administration, context.scopes.mayAttempt('DocumentReference', 's'));
        // This entry's own earlier attempt may have reached the EHR with its answer lost: that one is not theirs.
        const others = now.filter((r) => !carriesIdentifier(r, wasteIdentifier({ administration, entryId: draft.entryId })));
        const theirs = others.find((r) => !known.has(refOf(r)));
        if (theirs) return showTheirs(form, draft, ctx, theirs);
        slot = others.length === 0 ? 'first' : `after-${others.length}`;
      }
      const replaces = form.replaces ? refOf(form.replaces.resource) : undefined;
      const outcome = await writer.write(
        {
          administration,
          amount: { value: draft.mode === 'none' ? '0' : draft.amount.trim(), unit: amountUnit, ...(ucum ? { code: ucum, system: 'http://unitsofmeasure.org' } : {}) },
          // Checked by validateWasteDraft above: the typed clock time is a real instant in the clinic's clock.
          discardedAt: isoInClock(instantOf(draft.discardedAt, ctx.clock)!, ctx.clock),
          performer,
          ...(draft.witness.trim() ? { witness: { display: draft.witness.trim() } } : {}),
          note: noteOf(draft, ctx),
          entryId: draft.entryId,
          slot,
        },
        ctx.drugName,
        replaces,
      );
      deps.setRecord((rec) => withResource(rec, outcome.record));
      setDrafts(({ [form.key]: _saved, ...remaining }) => remaining);
      closeForm(form.key);
      deps.announce(savedMessage(ctx, outcome, Boolean(replaces)));
    } catch (err) {
      if (err instanceof WasteAlreadyRecorded) return showTheirs(form, draft, ctx, err.record);
      deps.noteFailure(err);
      updateDraft(form.key, { saving: false, error: describeWriteError(err, 'waste record') });
    }
  };

  return {
    records,
    forms,
    drafts,
    writer,
    contextOf,
    openForm,
    closeForm,
    save,
    setDraft: (key: string, draft: WasteDraft) => setDrafts((all) => ({ ...all, [key]: draft })),
  };
}

/** The id of the button that opens a form, for focus to return to when it closes. */
export function openerId(key: string): string {
  return `open-${key.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

// UCUM codes of the unit words the form offers (the engine's base units).
const UCUM_OF: Record<string, string> = { mg: 'mg', mL: 'mL', units: '[iU]' };

/** The administration's end (its start when it has none), or now when neither can be read. */
function defaultTime(recorded: string | undefined, now: Date): Date {
  const t = recorded ? Date.parse(recorded) : NaN;
  return Number.isNaN(t) ? now : new Date(t);
}

function savedMessage(ctx: WasteContext, outcome: WasteWriteOutcome, corrected: boolean): string {
  const inner = outcome.record.resourceType === 'DocumentReference' ? wasteRecordInNote(outcome.record) : outcome.record;
  const what = inner ? wasteRecordSummary(inner) : 'the amount';
  return [
    corrected ? `Waste record for ${ctx.drugName} corrected: ${what}.` : `Waste record for ${ctx.drugName} saved: ${what}.`,
    outcome.created ? '' : 'It had already reached the EHR on an earlier try.',
    'The billing lines were worked out again.',
    outcome.fallbackReason ? `It was saved as a nurse note because ${outcome.fallbackReason.replace(/, so it was saved as a nurse note$/, '')}.` : '',
    outcome.provenanceProblem ? 'The time of entry could not be kept separately in the EHR.' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The record with a written resource added, or put in place of the version it replaces. */
export function withResource(record: EncounterRecord, resource: WasteRecordResource): EncounterRecord {
  const key = refOf(resource);
  if (resource.resourceType === 'MedicationAdministration') {
    const others = record.administrations.filter((a) => refOf(a) !== key);
    return { ...record, administrations: [...others, resource as MedicationAdministration] };
  }
  const others = record.wasteNotes.filter((d) => refOf(d) !== key);
  return { ...record, wasteNotes: [...others, resource as DocumentReference] };
}
