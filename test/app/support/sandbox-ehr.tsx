// The app against the sandbox EHR itself (issue 16: the real FHIR server instead of a hand-written fake): the
// project's own server (api/config, api/catalog with the starter catalog, and the sandbox's SMART authorization
// and @medplum/fhir-router FHIR server) answers every request the app in happy-dom makes, through msw. The EHR
// launch is the real one: a launch code from the sandbox, the launch page, the sandbox's authorize redirect, the
// token exchange with PKCE. Quirks a test needs (a 412, a slow answer) are msw handlers put in front.
import { render, type RenderResult } from '@testing-library/preact';
import { http, type HttpHandler } from 'msw';
import type { MedicationAdministration, Resource } from 'fhir/r4';
import { identifierQuery, slotIdentifier, wasteAdministration, wasteIdentifier } from '../../../src/fhir/waste-record-builder';
import { App, type AppServices } from '../../../src/ui/App';
import { FHIR_BASE, ORIGIN, testApp, type TestApp } from '../../server/helpers';
import { SANDBOX_USER } from '../../../server/sandbox/samples';
import { openLaunchPage, setUrl, testServices } from './harness';

export { FHIR_BASE, ORIGIN };

export interface SandboxEhr {
  server: TestApp;
  /** Forwards every request to the server's origin into the Hono app. */
  handlers: HttpHandler[];
  /** A fresh EHR launch of one sample patient, as the sandbox's EHR frame starts it, rendered. */
  launch: (patient: string, services?: Partial<AppServices>, opts?: { launchCode?: string }) => Promise<RenderResult>;
  /**
   * Another nurse (another tab) saves a waste record for an administration through the FHIR API, as the app
   * would: conditional create on the slot's identifier.
   */
  writeAsOtherNurse: (administration: string, amountMg: number, entryId: string, slot?: string) => Promise<void>;
  /** Resources of a type as the sandbox FHIR server holds them now. */
  search: <T extends Resource>(query: string) => Promise<T[]>;
  close: () => void;
}

export async function sandboxEhr(): Promise<SandboxEhr> {
  const server = await testApp({ sandbox: true });
  const sandbox = server.sandbox!;
  const handlers = [http.all(`${ORIGIN}/*`, ({ request }) => server.app.fetch(request))];
  const token = (scope: string) =>
    sandbox.store.issueAccessToken({ clientId: 'test-reader', scopes: [scope], context: { fhirUser: SANDBOX_USER, needPatientBanner: true }, fromCode: 'test-reader' }).token;
  return {
    server,
    handlers,
    async launch(patient, services = {}, opts = {}) {
      const sample = sandbox.cases.find((c) => c.id === patient);
      if (!sample) throw new Error(`no sample patient ${patient}`);
      const code = opts.launchCode ?? sandbox.store.createLaunch({ patient, encounter: sample.encounter.id!, fhirUser: SANDBOX_USER, needPatientBanner: false });
      const { navigated, root } = await openLaunchPage(`${ORIGIN}/launch/?iss=${encodeURIComponent(FHIR_BASE)}&launch=${code}`);
      root.remove();
      if (!navigated) throw new Error(`the launch page stopped: ${root.textContent}`);
      const answer = await server.app.request(navigated);
      const location = answer.headers.get('location');
      if (!location) throw new Error(`the sandbox did not redirect: ${answer.status}`);
      setUrl(new URL(location, ORIGIN).href);
      return render(<App services={testServices(services)} />);
    },
    async writeAsOtherNurse(administration, amountMg, entryId, slot) {
      const res = await server.app.request(`${FHIR_BASE}/${administration}`, { headers: { Authorization: `Bearer ${token('user/*.rs')}` } });
      const given = (await res.json()) as MedicationAdministration;
      const input = {
        administration: given,
        amount: { value: String(amountMg), unit: 'mg', code: 'mg', system: 'http://unitsofmeasure.org' },
        discardedAt: given.effectivePeriod?.end ?? '',
        performer: { reference: SANDBOX_USER, display: 'Dana Okafor' },
        entryId,
        ...(slot ? { slot } : {}),
      };
      const identifier = slotIdentifier(input) ?? wasteIdentifier(input);
      const written = await server.app.request(`${FHIR_BASE}/MedicationAdministration`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token('user/*.cruds')}`, 'Content-Type': 'application/fhir+json', 'If-None-Exist': identifierQuery(identifier) },
        body: JSON.stringify(wasteAdministration(input)),
      });
      if (written.status !== 201) throw new Error(`the other nurse's record was not created: ${written.status}`);
    },
    async search<T extends Resource>(query: string) {
      const res = await server.app.request(`${FHIR_BASE}/${query}`, { headers: { Authorization: `Bearer ${token('user/*.rs')}` } });
      const bundle = (await res.json()) as { entry?: { resource: T }[] };
      return (bundle.entry ?? []).map((e) => e.resource);
    },
    close: () => server.cleanup(),
  };
}
