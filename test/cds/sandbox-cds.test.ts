// The sandbox EHR as a CDS client: "Close visit" sends encounter-discharge with its own signed JWT and a
// prefetch filled from its FHIR server, shows the card, and launches the app from the card's SMART link with a
// launch code for that visit.
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN, testApp, type TestApp } from '../server/helpers';
import { hookRequest } from './cds-hooks-schema';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(): Promise<TestApp> {
  const t = await testApp({ sandbox: true });
  cleanups.push(t.cleanup);
  return t;
}

const close = (t: TestApp, patient: string) => t.app.request(`${ORIGIN}/sandbox/ehr/${patient}/close`, { method: 'POST' });

describe('closing a visit in the sandbox EHR', () => {
  it('offers a Close visit button on the chart', async () => {
    const t = await setup();
    const page = await (await t.app.request(`${ORIGIN}/sandbox/ehr/waste-missing`)).text();
    expect(page).toContain('<form class="close-visit" method="post" action="/sandbox/ehr/waste-missing/close"><button type="submit">Close visit</button></form>');
  });

  it('calls encounter-discharge as a CDS client (signed JWT, prefetch, fhirServer) and shows the card with its SMART link', async () => {
    const t = await setup();
    const sent: { url: string; authorization: string | null; body: unknown }[] = [];
    t.sandbox!.cdsClient.useServer(async (request) => {
      if (request.method === 'POST') sent.push({ url: request.url, authorization: request.headers.get('authorization'), body: await request.clone().json() });
      return t.app.fetch(request);
    });
    const res = await close(t, 'waste-missing');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h2>Remicade (infliximab): 50 mg left in the vials has no discarded amount recorded</h2>');
    expect(page).toContain('class="cds-card cds-warning"');
    expect(page).toContain('Source: J-Code Assist');

    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe(`${ORIGIN}/cds-services/jcode-assist-encounter-discharge`);
    expect(sent[0]!.authorization).toMatch(/^Bearer ey/);
    const call = hookRequest.parse(sent[0]!.body);
    expect(call.context).toEqual({ userId: 'Practitioner/sandbox-nurse', patientId: 'waste-missing', encounterId: 'waste-missing-visit' });
    expect(call.fhirServer).toBe(`${ORIGIN}/sandbox/fhir`);
    expect(Object.keys(call.prefetch ?? {}).sort()).toEqual(['administrations', 'coverage', 'encounter', 'nurseNotes', 'procedures']);
    expect((call.prefetch!.encounter as { id: string }).id).toBe('waste-missing-visit');

    const link = /href="(\/sandbox\/ehr\/waste-missing\/smart-link\?[^"]+)"/.exec(page)?.[1];
    expect(link).toBeDefined();
    const frame = await t.app.request(`${ORIGIN}${link!.replace(/&amp;|&#38;/g, '&')}`);
    expect(frame.status).toBe(200);
    const src = /<iframe class="app-frame" title="J-Code Assist" src="([^"]+)"/.exec(await frame.text())?.[1]?.replace(/&amp;|&#38;/g, '&');
    const launchUrl = new URL(src!, ORIGIN);
    expect(launchUrl.pathname).toBe('/launch/');
    expect(launchUrl.searchParams.get('iss')).toBe(`${ORIGIN}/sandbox/fhir`);
    expect(t.sandbox!.store.launch(launchUrl.searchParams.get('launch')!)).toMatchObject({ patient: 'waste-missing', encounter: 'waste-missing-visit' });
  });

  it('shows that nothing stands in the way when the service answers no card', async () => {
    const t = await setup();
    const page = await (await close(t, 'waste-documented')).text();
    expect(page).toContain('No cards: nothing stands in the way of closing this visit.');
    expect(page).not.toContain('cds-card');
  });

  it('launches only the app served here, on a visit of the patient in the chart', async () => {
    const t = await setup();
    const appContext = JSON.stringify({ encounter: 'Encounter/waste-missing-visit' });
    const link = (url: string, context = appContext) =>
      t.app.request(`${ORIGIN}/sandbox/ehr/waste-missing/smart-link?${new URLSearchParams({ url, appContext: context })}`);
    expect((await link('https://evil.example.org/launch/')).status).toBe(400);
    expect((await link(`${ORIGIN}/launch/`, JSON.stringify({ encounter: 'Encounter/waste-documented-visit' }))).status).toBe(400);
    expect((await link(`${ORIGIN}/launch/`, 'not json')).status).toBe(400);
    expect((await link(`${ORIGIN}/launch/`)).status).toBe(200);
  });

  it('logs the chart actions without the patient', async () => {
    const t = await setup();
    await close(t, 'waste-missing');
    const paths = t.logs.map((l) => l.path);
    expect(paths).toContain('/sandbox/ehr/:patient/close');
    expect(paths).toContain('/cds-services/jcode-assist-encounter-discharge');
    expect(JSON.stringify(t.logs)).not.toContain('waste-missing');
  });
});
