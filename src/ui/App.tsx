// The app: sign in (complete the SMART launch), read the encounter with a visible progress, look up its drugs in
// the catalog, derive in the browser, show. Any failure to start becomes a page that says what to do.
import { useEffect, useState } from 'preact/hooks';
import { asLaunchProblem, LaunchProblem } from '../fhir/launch-problem';
import { productsOf } from '../fhir/products';
import { readEncounter, type EncounterRecord } from '../fhir/read-encounter';
import { FhirRest, type RestOptions } from '../fhir/rest';
import type { FhirSession } from '../fhir/session';
import type { AppConfig, CatalogAnswer } from './app-server';
import { EncounterView, type EncounterServices } from './EncounterView';
import { ProblemPage } from './ProblemPage';
import { ReadingProgress, type ReadingState } from './ReadingProgress';
import { CatalogLookup } from './catalog-lookup';
import { applySmartStyle } from './smart-style';
import { loadSuppliedNdcs, withSuppliedNdcs, type SuppliedNdcs } from './supplied-ndc';

export interface AppServices extends EncounterServices {
  /** Completes the SMART launch (the fhirclient-backed SmartAuthorizer in production). */
  connect: () => Promise<FhirSession>;
  fetchConfig: () => Promise<AppConfig>;
  /** Retry timing of reads; tests shorten it. */
  restOptions?: Pick<RestOptions, 'retryDelaysMs' | 'sleep'>;
}

type Phase =
  | { kind: 'loading'; progress: ReadingState }
  | { kind: 'problem'; problem: LaunchProblem }
  | {
      kind: 'ready';
      session: FhirSession;
      rest: FhirRest;
      config: AppConfig;
      record: EncounterRecord;
      catalog: CatalogAnswer;
      supplied: SuppliedNdcs;
    };

export function App({ services }: { services: AppServices }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading', progress: { step: 'signing-in', asked: 0, answered: 0 } });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    let failed = false;
    // A failed read ends the start: the reads still in flight report progress as they finish, and none of that
    // may replace the error page.
    const show = (next: Phase) => live && !failed && setPhase(next);
    void start(services, show).catch((err: unknown) => {
      show({ kind: 'problem', problem: asLaunchProblem(err) });
      failed = true;
    });
    return () => {
      live = false;
    };
  }, [services, attempt]);

  if (phase.kind === 'loading') return <ReadingProgress state={phase.progress} />;
  if (phase.kind === 'problem') {
    const retry = phase.problem.kind === 'read-failed' || phase.problem.kind === 'config-unavailable';
    return <ProblemPage problem={phase.problem} onRetry={retry ? () => setAttempt((n) => n + 1) : undefined} />;
  }
  return (
    <EncounterView
      context={phase.session.context}
      initialRecord={phase.record}
      initialCatalog={phase.catalog}
      initialSupplied={phase.supplied}
      config={phase.config}
      rest={phase.rest}
      services={services}
    />
  );
}

async function start(services: AppServices, show: (phase: Phase) => void): Promise<void> {
  // The app's own configuration does not depend on the EHR: ask for it while signing in.
  const configP = services.fetchConfig().catch((err: unknown) => {
    throw new LaunchProblem('config-unavailable', err instanceof Error ? err.message : String(err));
  });
  configP.catch(() => undefined);
  const session = await services.connect();
  if (session.context.smartStyleUrl) void applySmartStyle(session.context.smartStyleUrl);

  const progress: ReadingState = { step: 'reading', asked: 0, answered: 0 };
  let reading = true; // the same client later writes: those requests are not reading progress
  const report = () => reading && show({ kind: 'loading', progress: { ...progress } });
  report();
  const rest = new FhirRest(session.context.serverUrl, session.fetch, {
    ...services.restOptions,
    onRequest: (event) => {
      if (event.phase === 'start') progress.asked++;
      else progress.answered++;
      report();
    },
  });
  const supplied = loadSuppliedNdcs(session.context.encounterId ?? '');
  const lookup = new CatalogLookup(services.fetchCatalog, Object.values(supplied));
  const [record, config] = await Promise.all([
    readEncounter(rest, session.context, { onFirstAdministrations: (mas, meds) => lookup.start(mas, meds) }),
    configP,
  ]);
  reading = false;
  show({ kind: 'loading', progress: { ...progress, step: 'catalog' } });
  const withNdcs = withSuppliedNdcs(record, supplied);
  const catalog = await lookup.answerFor(productsOf(withNdcs.administrations, withNdcs.medications)).catch((err: unknown) => {
    throw new LaunchProblem('config-unavailable', `catalog: ${err instanceof Error ? err.message : String(err)}`);
  });
  show({ kind: 'ready', session, rest, config, record, catalog, supplied });
}
