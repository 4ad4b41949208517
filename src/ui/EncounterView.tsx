// One encounter on screen: banner, findings (with the waste form and NDC entry under the findings that need
// them), the derived lines, the waste recorded, and the draft claim. Every change the nurse makes goes to the EHR
// first; the page then derives again from the record as the EHR now holds it.
import type { DocumentReference, MedicationAdministration, Reference } from 'fhir/r4';
import { useMemo, useRef, useState } from 'preact/hooks';
import { drugName, medicationOf } from '../billing/identify';
import { refOf, ResourceStore } from '../billing/resources';
import type { Finding } from '../billing/types';
import { CatalogIndex } from '../catalog/catalog-index';
import { catalogOfAnswer } from '../catalog/entries-for';
import { writeDraftClaim } from '../fhir/claim-writer';
import { LaunchProblem } from '../fhir/launch-problem';
import { productsOf } from '../fhir/products';
import type { EncounterRecord } from '../fhir/read-encounter';
import { FhirRest } from '../fhir/rest';
import type { LaunchContext } from '../fhir/session';
import { WasteWriter, type WasteRecordResource } from '../fhir/waste-writer';
import type { AppConfig, CatalogAnswer } from './app-server';
import { ClaimPanel, type ClaimWriteState } from './ClaimPanel';
import { describeWriteError } from './describe-error';
import { deriveEncounter, resourcesOf, wasteContextOf, wasteRecordsOf, type WasteRecordView } from './encounter-model';
import { FindingsList } from './FindingsList';
import { datetimeLocalValue, localDate, localIsoWithOffset, recordedTime } from './format';
import { LinesTable } from './LinesTable';
import { NdcEntry } from './NdcEntry';
import { encounterLabel, PatientBanner } from './PatientBanner';
import { canSupplyNdc, saveSuppliedNdcs, withSuppliedNdcs, type SuppliedNdcs } from './supplied-ndc';
import { validateWasteDraft, WasteForm, type WasteDraft } from './WasteForm';
import { WasteRecords } from './WasteRecords';

export interface EncounterServices {
  fetchCatalog: (products: ReturnType<typeof productsOf>) => Promise<CatalogAnswer>;
  now: () => Date;
  newEntryId: () => string;
  /** Where a Claim goes when smart-config.json names another FHIR server (no EHR token is sent there). */
  claimTransport: (url: string, init?: RequestInit) => Promise<Response>;
}

interface Props {
  context: LaunchContext;
  initialRecord: EncounterRecord;
  initialCatalog: CatalogAnswer;
  initialSupplied: SuppliedNdcs;
  config: AppConfig;
  rest: FhirRest;
  services: EncounterServices;
}

/** An open waste form: a new entry for an administration, or a correction of a record. */
interface OpenForm {
  key: string;
  administration: string;
  replaces?: WasteRecordView;
}

export function EncounterView({ context, initialRecord, initialCatalog, initialSupplied, config, rest, services }: Props) {
  const [record, setRecord] = useState(initialRecord);
  const [catalogAnswer, setCatalogAnswer] = useState(initialCatalog);
  const [supplied, setSupplied] = useState(initialSupplied);
  const [forms, setForms] = useState<OpenForm[]>([]);
  const [drafts, setDrafts] = useState<Record<string, WasteDraft>>({});
  const [announcement, setAnnouncement] = useState('');
  const [expired, setExpired] = useState(false);
  const [claimState, setClaimState] = useState<ClaimWriteState>({ kind: 'idle' });
  const recordRef = useRef(record);
  recordRef.current = record;
  const claimBusy = useRef(false);
  const announcementRef = useRef<HTMLParagraphElement>(null);

  const settings = config.billing;
  const encounterRef = refOf(record.encounter);
  const catalog = useMemo(
    () => new CatalogIndex(catalogOfAnswer(catalogAnswer)),
    [catalogAnswer],
  );
  const working = useMemo(() => withSuppliedNdcs(record, supplied), [record, supplied]);
  const today = localDate(services.now());
  const result = useMemo(() => deriveEncounter(working, catalog, settings, today), [working, catalog, settings, today]);
  const wasteRecords = useMemo(() => {
    const live = wasteRecordsOf(working, settings);
    // A correction whose old record is already marked entered-in-error (its new record not yet saved) stays
    // listed with its form, so what was typed in it stays in view.
    const pending = forms
      .filter((f) => f.replaces && !live.some((v) => refOf(v.resource) === refOf(f.replaces!.resource)))
      .map((f) => ({ ...f.replaces!, retired: true }));
    return [...live, ...pending];
  }, [working, settings, forms]);
  const writer = useMemo(() => new WasteWriter(rest, record.capabilities, context.scopes, services.now), [rest, record.capabilities, context.scopes, services]);
  const claimTarget = useMemo(() => claimDestination(config, context, rest, record, services), [config, context, rest, record, services]);
  const errorCount = result.findings.filter((f) => f.severity === 'error').length;

  const updateDraft = (key: string, patch: Partial<WasteDraft>) =>
    setDrafts((all) => (all[key] ? { ...all, [key]: { ...all[key], ...patch } } : all));

  const noteFailure = (err: unknown) => {
    if (err instanceof LaunchProblem && err.kind === 'expired') setExpired(true);
  };

  const openForm = (form: OpenForm) => {
    setForms((open) => (open.some((f) => f.key === form.key) ? open : [...open, form]));
    setDrafts((all) => (all[form.key] ? all : { ...all, [form.key]: newDraft(form, working) }));
  };
  const closeForm = (key: string) => setForms((open) => open.filter((f) => f.key !== key));

  const newDraft = (form: OpenForm, rec: EncounterRecord): WasteDraft => {
    const ctx = wasteContextOf(rec, form.administration, catalog, settings);
    const old = form.replaces?.record;
    const dose = old?.dosage?.dose;
    const witness = old?.performer?.find((p) => p.function?.coding?.some((c) => c.code === 'witness'))?.actor.display ?? '';
    const oldTime = old?.effectiveDateTime ? Date.parse(old.effectiveDateTime) : NaN;
    return {
      entryId: services.newEntryId(),
      mode: old ? (dose?.value === 0 ? 'none' : 'some') : '',
      amount: old && dose?.value !== undefined ? String(dose.value) : '',
      unit: old ? dose?.unit ?? dose?.code ?? ctx?.unit.unit ?? '' : ctx?.unit.unit ?? '',
      discardedAt: datetimeLocalValue(Number.isNaN(oldTime) ? services.now() : new Date(oldTime)),
      performerName: '',
      witness,
      note: old?.note?.[0]?.text ?? '',
    };
  };

  const saveWaste = async (form: OpenForm) => {
    const draft = drafts[form.key];
    const ctx = wasteContextOf(working, form.administration, catalog, settings);
    const administration = recordRef.current.administrations.find((a) => refOf(a) === form.administration);
    if (!draft || !ctx || !administration) return;
    const invalid = validateWasteDraft(draft, !context.fhirUser, services.now());
    if (invalid) return updateDraft(form.key, { invalid });
    updateDraft(form.key, { saving: true, error: undefined });
    const performer: Reference = context.fhirUser
      ? { reference: context.fhirUser, ...(record.userName ? { display: record.userName } : {}) }
      : { display: draft.performerName.trim() };
    const sameUnit = draft.unit.trim() === ctx.unit.unit;
    try {
      if (form.replaces && !draft.retired) {
        const retired = await writer.retire(form.replaces.resource);
        setRecord((rec) => withResource(rec, retired));
        updateDraft(form.key, { retired: true });
      }
      const replaces = form.replaces ? `${form.replaces.resource.resourceType}/${form.replaces.resource.id ?? ''}` : undefined;
      const outcome = await writer.write(
        {
          administration,
          amount: {
            value: draft.mode === 'none' ? '0' : draft.amount.trim(),
            unit: draft.unit.trim(),
            ...(sameUnit && ctx.unit.code ? { code: ctx.unit.code, system: ctx.unit.system } : {}),
          },
          discardedAt: localIsoWithOffset(new Date(Date.parse(draft.discardedAt))),
          performer,
          ...(draft.witness.trim() ? { witness: { display: draft.witness.trim() } } : {}),
          note: draft.note,
          entryId: draft.entryId,
        },
        ctx.drugName,
        replaces,
      );
      setRecord((rec) => withResource(rec, outcome.record));
      setDrafts(({ [form.key]: _saved, ...remaining }) => remaining);
      closeForm(form.key);
      // The form is gone: focus moves to the message that says what was saved.
      setTimeout(() => announcementRef.current?.focus(), 0);
      const where = `${outcome.record.resourceType}/${outcome.record.id ?? ''}`;
      setAnnouncement(
        [
          replaces
            ? `Waste record for ${ctx.drugName} corrected: ${replaces} is marked entered in error and ${where} replaces it; the lines were derived again.`
            : `Waste record for ${ctx.drugName} saved as ${where}${outcome.created ? '' : ' (it had already reached the EHR)'}; the lines were derived again.`,
          outcome.fallbackReason ? `It was saved as a nurse note because ${outcome.fallbackReason.replace(/, so it was saved as a nurse note$/, '')}.` : '',
          outcome.provenanceProblem ? `The separate record of when it was entered was not saved: ${outcome.provenanceProblem}.` : '',
        ]
          .filter(Boolean)
          .join(' '),
      );
    } catch (err) {
      noteFailure(err);
      updateDraft(form.key, { saving: false, error: describeWriteError(err, 'waste record') });
    }
  };

  const applyNdc = async (maRef: string, ndc11: string) => {
    const next = { ...supplied, [maRef]: ndc11 };
    const answer = await services.fetchCatalog(productsOf(withSuppliedNdcs(record, next).administrations, record.medications));
    saveSuppliedNdcs(context.encounterId ?? '', next);
    setCatalogAnswer(answer);
    setSupplied(next);
    setAnnouncement(`NDC ${ndc11} is used for ${administrationLabel(working, maRef)} in this session; the lines were derived again.`);
  };

  const writeClaim = async () => {
    if (!result.claim || claimBusy.current || claimTarget.cannotWrite) return;
    claimBusy.current = true;
    setClaimState({ kind: 'saving' });
    try {
      const outcome = await writeDraftClaim(claimTarget.rest, result.claim, { canUpdate: claimTarget.canUpdate });
      setClaimState({ kind: 'saved', id: outcome.claim.id ?? '?', action: outcome.action, where: claimTarget.label });
    } catch (err) {
      noteFailure(err);
      const message = describeWriteError(err, 'draft claim');
      setClaimState({ kind: 'failed', message });
    } finally {
      claimBusy.current = false;
    }
  };

  const wasteFormOf = (form: OpenForm) => {
    const draft = drafts[form.key];
    const ctx = wasteContextOf(working, form.administration, catalog, settings);
    if (!draft || !ctx) return null;
    return (
      <WasteForm
        id={form.key.replace(/[^A-Za-z0-9-]/g, '-')}
        context={ctx}
        draft={draft}
        recordedBy={context.fhirUser && record.userName ? `${record.userName} (${context.fhirUser})` : context.fhirUser}
        correcting={form.replaces ? `${form.replaces.resource.resourceType}/${form.replaces.resource.id ?? ''}` : undefined}
        savedAs={writer.plannedForm()}
        onChange={(d) => setDrafts((all) => ({ ...all, [form.key]: d }))}
        onSave={() => void saveWaste(form)}
        onCancel={() => closeForm(form.key)}
      />
    );
  };

  const actionsFor = (finding: Finding) => {
    const administrations = finding.resources.filter((r) => r.startsWith('MedicationAdministration/'));
    if (finding.code === 'waste-undocumented') {
      return administrations.map((maRef) => {
        const key = `waste:${maRef}`;
        const open = forms.find((f) => f.key === key);
        return (
          <div key={key} class="finding-action">
            {!open && (
              <button type="button" onClick={() => openForm({ key, administration: maRef })}>
                Record waste for {administrationLabel(working, maRef)}
              </button>
            )}
            {open && wasteFormOf(open)}
          </div>
        );
      });
    }
    if (finding.code === 'drug-unmapped' || finding.code === 'ndc-missing') {
      return administrations
        .filter((maRef) => canSupplyNdc(record, maRef))
        .map((maRef) => (
          <div key={`ndc:${maRef}`} class="finding-action">
            <NdcEntry id={`ndc-${maRef.replace(/[^A-Za-z0-9-]/g, '-')}`} drugLabel={administrationLabel(working, maRef)} onApply={(ndc) => applyNdc(maRef, ndc)} />
          </div>
        ));
    }
    return null;
  };

  return (
    <main class="encounter" aria-labelledby="page-title">
      {context.needPatientBanner && <PatientBanner patient={record.patient} patientId={context.patientId} encounter={record.encounter} />}
      <h1 id="page-title">Drug billing for this encounter</h1>
      <p class="subtitle">
        {encounterLabel(record.encounter)} · catalog {catalogAnswer.catalog}
      </p>
      {expired && (
        <p class="write-error" role="alert">
          Your session with the EHR has ended. Relaunch J-Code Assist from the EHR to save; what you typed stays on this page until you leave it.
        </p>
      )}
      <p class="announcement" role="status" aria-live="polite" tabIndex={-1} ref={announcementRef}>
        {announcement}
      </p>
      {record.notes.length > 0 && (
        <section aria-labelledby="notes-title" class="read-notes">
          <h2 id="notes-title">Not everything could be read</h2>
          <ul>
            {record.notes.map((n, i) => (
              <li key={i}>{n.message}</li>
            ))}
          </ul>
        </section>
      )}
      <FindingsList findings={result.findings} actionsFor={actionsFor} />
      <LinesTable lines={result.lines} />
      <WasteRecords
        records={wasteRecords}
        drugOf={(maRef) => administrationLabel(working, maRef)}
        onCorrect={(view) => openForm({ key: `fix:${refOf(view.resource)}`, administration: view.administration, replaces: view })}
        formFor={(view) => {
          const open = forms.find((f) => f.key === `fix:${refOf(view.resource)}`);
          return open ? wasteFormOf(open) : null;
        }}
      />
      <ClaimPanel
        claim={result.claim}
        errorCount={errorCount}
        cannotWrite={claimTarget.cannotWrite}
        destination={claimTarget.label}
        state={claimState}
        encounterId={context.encounterId ?? encounterRef}
        onWrite={() => void writeClaim()}
      />
    </main>
  );
}

/** "Infliximab given 2026-03-02 09:00" for buttons and messages. */
function administrationLabel(record: EncounterRecord, maRef: string): string {
  const ma = record.administrations.find((a) => refOf(a) === maRef);
  if (!ma) return maRef;
  const store = new ResourceStore(resourcesOf(record));
  const when = recordedTime(ma.effectivePeriod?.start ?? ma.effectiveDateTime);
  return `${drugName(ma, medicationOf(ma, store))}${when ? ` given ${when}` : ''}`;
}

/** The record with a written resource added, or put in place of the version it replaces. */
function withResource(record: EncounterRecord, resource: WasteRecordResource): EncounterRecord {
  const key = refOf(resource);
  if (resource.resourceType === 'MedicationAdministration') {
    const others = record.administrations.filter((a) => refOf(a) !== key);
    return { ...record, administrations: [...others, resource as MedicationAdministration] };
  }
  const others = record.wasteNotes.filter((d) => refOf(d) !== key);
  return { ...record, wasteNotes: [...others, resource as DocumentReference] };
}

interface ClaimTarget {
  rest: FhirRest;
  label: string;
  canUpdate: boolean;
  cannotWrite?: string;
}

/** The EHR (default) or the FHIR server smart-config.json names, and whether the token allows writing there. */
function claimDestination(config: AppConfig, context: LaunchContext, rest: FhirRest, record: EncounterRecord, services: EncounterServices): ClaimTarget {
  if (config.claimDestination !== 'ehr') {
    const base = config.claimDestination.fhirBaseUrl;
    return { rest: new FhirRest(base, services.claimTransport), label: base, canUpdate: true };
  }
  const label = 'the EHR';
  const { scopes } = context;
  if (!scopes.mayAttempt('Claim', 'c')) {
    return { rest, label, canUpdate: false, cannotWrite: 'The EHR did not grant the app permission to save Claims (scope patient/Claim.c), so the draft cannot be written there.' };
  }
  if (record.capabilities.allows('Claim', 'create') === false) {
    return { rest, label, canUpdate: false, cannotWrite: 'This EHR does not accept Claims from apps (its CapabilityStatement offers no Claim create).' };
  }
  return { rest, label, canUpdate: scopes.mayAttempt('Claim', 's') && scopes.mayAttempt('Claim', 'u') };
}
