// One encounter on screen: findings (with the waste form and NDC entry under the findings that need them), the
// derived lines, the waste recorded, and the draft claim. Every change the nurse makes goes to the EHR first; the
// page then derives again from the record as the EHR now holds it. The waste forms and the claim write live in
// their own hooks (use-waste-entries.tsx, use-claim-write.ts); this file puts the page together.
import { useMemo, useRef, useState } from 'preact/hooks';
import { drugName, medicationOf, refOf, ResourceStore, type Finding } from '../billing';
import { CatalogIndex } from '../catalog/catalog-index';
import { hyphenatedNdc } from '../catalog/ndc';
import { catalogOfAnswer } from '../catalog/entries-for';
import { LaunchProblem } from '../fhir/launch-problem';
import { productsOf } from '../fhir/products';
import type { EncounterRecord } from '../fhir/read-encounter';
import { FhirRest } from '../fhir/rest';
import type { LaunchContext } from '../fhir/session';
import type { AppConfig, CatalogAnswer } from './app-server';
import { ClaimPanel } from './ClaimPanel';
import { deriveEncounter, resourcesOf } from './encounter-model';
import { FindingsList, findingsToShow } from './FindingsList';
import { localDate, recordedTime } from './format';
import { LinesTable } from './LinesTable';
import { NdcEntry } from './NdcEntry';
import { encounterLabel, PatientBanner } from './PatientBanner';
import { pendingLinesOf } from './pending-lines';
import { canSupplyNdc, saveSuppliedNdcs, withSuppliedNdcs, type SuppliedNdcs } from './supplied-ndc';
import { useClaimWrite, type ClaimTarget } from './use-claim-write';
import { openerId, useWasteEntries, type OpenForm } from './use-waste-entries';
import { WasteForm } from './WasteForm';
import { WasteRecords } from './WasteRecords';
import { wasteRecordSummary } from './waste-words';

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

export function EncounterView({ context, initialRecord, initialCatalog, initialSupplied, config, rest, services }: Props) {
  const [record, setRecord] = useState(initialRecord);
  const [catalogAnswer, setCatalogAnswer] = useState(initialCatalog);
  const [supplied, setSupplied] = useState(initialSupplied);
  const [announcement, setAnnouncement] = useState('');
  const [expired, setExpired] = useState(false);
  const recordRef = useRef(record);
  recordRef.current = record;
  const announcementRef = useRef<HTMLParagraphElement>(null);

  const settings = config.billing;
  const catalog = useMemo(() => new CatalogIndex(catalogOfAnswer(catalogAnswer)), [catalogAnswer]);
  const working = useMemo(() => withSuppliedNdcs(record, supplied), [record, supplied]);
  const today = localDate(services.now());
  const result = useMemo(() => deriveEncounter(working, catalog, settings, today), [working, catalog, settings, today]);
  const claimTarget = useMemo(() => claimDestination(config, context, rest, record, services), [config, context, rest, record, services]);
  const errorCount = findingsToShow(result.findings).filter((f) => f.severity === 'error').length;

  const noteFailure = (err: unknown) => {
    if (err instanceof LaunchProblem && err.kind === 'expired') setExpired(true);
  };
  const announce = (message: string) => {
    setAnnouncement(message);
    // The form that was saved is gone: focus moves to the message that says what was saved.
    setTimeout(() => announcementRef.current?.focus(), 0);
  };
  const waste = useWasteEntries({
    context,
    working,
    current: () => recordRef.current,
    setRecord,
    catalog,
    settings,
    rest,
    now: services.now,
    newEntryId: services.newEntryId,
    announce,
    noteFailure,
  });
  const claim = useClaimWrite(result.claim, claimTarget, noteFailure);
  const pending = pendingLinesOf(result.findings, waste.contextOf);

  const applyNdc = async (maRef: string, ndc11: string) => {
    const next = { ...supplied, [maRef]: ndc11 };
    const answer = await services.fetchCatalog(productsOf(withSuppliedNdcs(record, next).administrations, record.medications));
    saveSuppliedNdcs(context.encounterId ?? '', next);
    setCatalogAnswer(answer);
    setSupplied(next);
    // As printed on claims and in the lines table (5-4-2); the NDC form may be gone, so focus goes to the message.
    announce(`NDC ${hyphenatedNdc(ndc11)} is used for ${administrationLabel(working, maRef)} in this session; the billing lines were worked out again.`);
  };

  const wasteFormOf = (form: OpenForm) => {
    const draft = waste.drafts[form.key];
    const ctx = waste.contextOf(form.administration);
    if (!draft || !ctx) return null;
    return (
      <WasteForm
        id={form.key.replace(/[^A-Za-z0-9-]/g, '-')}
        context={ctx}
        draft={draft}
        recordedBy={context.fhirUser ? record.userName ?? 'you (signed in to the EHR)' : undefined}
        correcting={form.replaces ? wasteRecordSummary(form.replaces.record) : undefined}
        savedAs={waste.writer.plannedForm()}
        onChange={(d) => waste.setDraft(form.key, d)}
        onSave={() => void waste.save(form)}
        onCancel={() => waste.closeForm(form.key)}
      />
    );
  };

  const actionsFor = (finding: Finding) => {
    const administrations = finding.resources.filter((r) => r.startsWith('MedicationAdministration/'));
    if (finding.code === 'waste-undocumented') {
      return administrations.map((maRef) => {
        const key = `waste:${maRef}`;
        const open = waste.forms.find((f) => f.key === key);
        return (
          <div key={key} class="finding-action">
            {!open && (
              <button type="button" id={openerId(key)} onClick={() => waste.openForm({ key, administration: maRef })}>
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
      <p class="subtitle">{encounterLabel(record.encounter)}</p>
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
      <LinesTable lines={result.lines} pending={pending} />
      <WasteRecords
        records={waste.records}
        drugOf={(maRef) => administrationLabel(working, maRef)}
        onCorrect={(view) => waste.openForm({ key: `fix:${refOf(view.resource)}`, administration: view.administration, replaces: view })}
        formFor={(view) => {
          const open = waste.forms.find((f) => f.key === `fix:${refOf(view.resource)}`);
          return open ? wasteFormOf(open) : null;
        }}
      />
      <ClaimPanel
        claim={result.claim}
        errorCount={errorCount}
        cannotWrite={claimTarget.cannotWrite}
        destination={claimTarget.label}
        state={claim.state}
        outOfDate={claim.outOfDate}
        encounterId={context.encounterId ?? refOf(record.encounter)}
        onWrite={() => void claim.write()}
        findings={result.findings}
        patient={record.patient}
        coverages={record.coverages}
      />
      <details class="setup">
        <summary>For whoever set up the app</summary>
        <p class="sources">
          Drug catalog: {catalogAnswer.catalog}. Encounter {refOf(record.encounter)}; patient Patient/{context.patientId}
          {context.fhirUser ? `; signed in as ${context.fhirUser}` : ''}.
        </p>
      </details>
    </main>
  );
}

/** "Infliximab given 2026-03-02 09:00" for buttons and messages. */
function administrationLabel(record: EncounterRecord, maRef: string): string {
  const ma = record.administrations.find((a) => refOf(a) === maRef);
  if (!ma) return 'a medication not on this visit';
  const store = new ResourceStore(resourcesOf(record));
  const when = recordedTime(ma.effectivePeriod?.start ?? ma.effectiveDateTime);
  return `${drugName(ma, medicationOf(ma, store))}${when ? ` given ${when}` : ''}`;
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
