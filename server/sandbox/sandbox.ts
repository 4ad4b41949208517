// The sandbox EHR (docs/design.md, "Sandbox EHR"): a FHIR R4 server loaded with the sample patients, its SMART
// authorization server, and the landing and EHR-frame pages, as one Hono app mounted at /sandbox. One instance,
// in memory, reset on restart (docs/design.md, "State").
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { Hono } from 'hono';
import type { ClientRegistration } from '../../src/config/smart-config';
import { loadFhirDefinitions } from './fhir/definitions';
import { fhirRoutes } from './fhir/fhir-routes';
import { SandboxCdsClient } from './cds/cds-client';
import { cdsRoutes as sandboxCdsRoutes } from './cds/cds-pages';
import { EHR_CSS, SMART_STYLE } from './pages/ehr-style';
import { ehrFramePage, unknownPatientPage } from './pages/ehr-frame-page';
import { landingPage } from './pages/landing-page';
import { sandboxPageCsp } from './pages/page-csp';
import { SAMPLE_CASES, SANDBOX_USER, SHARED_RESOURCES, type SampleCase } from './samples';
import { patientName } from './samples/sample-case';
import { appRedirectUri, sandboxClient } from './sandbox-client';
import { authRoutes, type AuthRoutesOptions } from './smart/auth-routes';
import { AuthStore, DEFAULT_LIFETIMES, type AuthLifetimes } from './smart/auth-store';
import { IdTokenSigner } from './smart/id-token';
import { ownOrigin } from '../own-origin';
import { SANDBOX_PREFIX, sandboxUrls } from './urls';

export interface SandboxOptions {
  bodyLimitBytes: number;
  /** The clock of launch codes, authorization codes and tokens (tests move it). */
  now?: () => number;
  lifetimes?: AuthLifetimes;
  software?: { name: string; version: string };
  /** Other SMART tools' redirect URIs the authorize endpoint accepts besides the app's own. */
  extraRedirectUris?: readonly string[];
  /** Off by default, for tests of how the app meets a refusal: see AuthRoutesOptions. */
  clientIds?: AuthRoutesOptions['clientIds'];
  confirmSignIn?: AuthRoutesOptions['confirmSignIn'];
}

export interface Sandbox {
  /** Every sandbox route, under /sandbox: mount at the root. */
  routes: Hono;
  /** The app's client registration for this sandbox, as seen from a request's origin. */
  clientFor: (origin: string) => ClientRegistration;
  repo: MemoryRepository;
  store: AuthStore;
  cases: readonly SampleCase[];
  /** The sandbox as a CDS Hooks client: its issuer (trusted by this server's CDS service) and its calls. */
  cdsClient: SandboxCdsClient;
  cdsIssuer: SandboxCdsClient['issuer'];
}

export async function createSandbox(opts: SandboxOptions): Promise<Sandbox> {
  loadFhirDefinitions();
  const repo = new MemoryRepository();
  for (const resource of [...SHARED_RESOURCES, ...SAMPLE_CASES.flatMap((c) => c.resources)]) {
    await repo.createResource(structuredClone(resource) as Parameters<MemoryRepository['createResource']>[0]);
  }
  const store = new AuthStore(opts.now, opts.lifetimes ?? DEFAULT_LIFETIMES);
  const signer = new IdTokenSigner(opts.now);
  const cdsClient = await SandboxCdsClient.create(store);
  const routes = new Hono();

  routes.get('/ehr/ehr.css', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.body(EHR_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  routes.get('/ehr/smart-style.json', (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(SMART_STYLE);
  });
  routes.get('/ehr/:patient', (c) => {
    c.header('Cache-Control', 'no-store');
    const sample = SAMPLE_CASES.find((s) => s.id === c.req.param('patient'));
    if (!sample) {
      c.header('Content-Security-Policy', sandboxPageCsp());
      return c.html(unknownPatientPage(c.req.param('patient')), 404);
    }
    // The EHR shows the patient in its own banner, so the app need not (need_patient_banner: false).
    const launch = store.createLaunch({ patient: sample.id, encounter: sample.encounter.id!, fhirUser: SANDBOX_USER, needPatientBanner: false });
    c.header('Content-Security-Policy', sandboxPageCsp({ frameApp: true }));
    return c.html(ehrFramePage(sample, launch, sandboxUrls(ownOrigin(c))));
  });

  routes.route('/', sandboxCdsRoutes({ store, client: cdsClient }));
  routes.route('/', authRoutes({
    store,
    signer,
    fhirUser: SANDBOX_USER,
    patients: SAMPLE_CASES.map((s) => ({ id: s.id, name: patientName(s.patient), encounterId: s.encounter.id!, summary: s.title })),
    redirectUris: (origin) => [appRedirectUri(origin), ...(opts.extraRedirectUris ?? [])],
    clientIds: opts.clientIds,
    confirmSignIn: opts.confirmSignIn,
  }));
  routes.route('/', fhirRoutes({
    repo,
    router: new FhirRouter(),
    store,
    bodyLimitBytes: opts.bodyLimitBytes,
    software: opts.software ?? { name: 'J-Code Assist sandbox EHR', version: '0.1.0' },
  }));

  // The landing page is /sandbox/ with its slash (a sub-app's '/' would be /sandbox), so the prefix is owned here.
  const sandboxApp = new Hono();
  sandboxApp.get(`${SANDBOX_PREFIX}/`, (c) => {
    c.header('Content-Security-Policy', sandboxPageCsp());
    c.header('Cache-Control', 'no-store');
    return c.html(landingPage(SAMPLE_CASES, sandboxUrls(ownOrigin(c))));
  });
  sandboxApp.get(SANDBOX_PREFIX, (c) => c.redirect(`${SANDBOX_PREFIX}/`, 301));
  sandboxApp.route(SANDBOX_PREFIX, routes);
  return { routes: sandboxApp, clientFor: sandboxClient, repo, store, cases: SAMPLE_CASES, cdsClient, cdsIssuer: cdsClient.issuer };
}
