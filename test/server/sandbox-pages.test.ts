// The sandbox EHR's pages: the landing page lists every sample with an EHR-launch link, and the EHR frame embeds
// the app's launch page with iss = the sandbox FHIR base and a launch code that carries patient and visit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, FHIR_BASE, testApp, type TestApp } from './helpers';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ sandbox: true });
});
afterAll(() => t.cleanup());

describe('landing page', () => {
  it('lists every sample patient with an "Open from the EHR" link, and the FHIR base for other tools', async () => {
    const res = await t.app.request(`${ORIGIN}/sandbox/`);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const sample of t.sandbox!.cases) {
      expect(page).toContain(`href="/sandbox/ehr/${sample.id}"`);
      expect(page).toContain(sample.title);
    }
    expect(page.match(/class="button"[^>]*>Open from the EHR</g)).toHaveLength(t.sandbox!.cases.length);
    expect(page).toContain(FHIR_BASE);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await t.app.request(`${ORIGIN}/sandbox`)).headers.get('location')).toBe('/sandbox/');
  });
});

describe('EHR frame', () => {
  it('embeds /launch/ with iss and a launch code carrying the patient and the visit', async () => {
    const res = await t.app.request(`${ORIGIN}/sandbox/ehr/waste-missing`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Maria Alvarez');
    const src = /<iframe[^>]*title="J-Code Assist"[^>]*src="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&');
    expect(src).toBeDefined();
    const launchUrl = new URL(src!, ORIGIN);
    expect(launchUrl.pathname).toBe('/launch/');
    expect(launchUrl.searchParams.get('iss')).toBe(FHIR_BASE);
    const context = t.sandbox!.store.launch(launchUrl.searchParams.get('launch')!);
    expect(context).toMatchObject({ patient: 'waste-missing', encounter: 'waste-missing-visit', needPatientBanner: false });
    expect(res.headers.get('content-security-policy')).toContain("frame-src 'self'");
  });

  it('answers an unknown patient with 404', async () => {
    const res = await t.app.request(`${ORIGIN}/sandbox/ehr/nobody`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No such patient');
  });

  it('shows text from the request as text, never as markup', async () => {
    const id = encodeURIComponent(`<img src=x onerror="alert(1)">'`);
    const page = await (await t.app.request(`${ORIGIN}/sandbox/ehr/${id}`)).text();
    expect(page).toContain("no patient '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;'.");
    expect(page).not.toContain('<img');
  });
});

describe('GET /api/config with the sandbox', () => {
  it('adds the sandbox registration for the origin of the request', async () => {
    const body = (await (await t.app.request('http://127.0.0.1:5555/api/config')).json()) as { clients: { iss: string; clientId: string; scopes: string }[] };
    expect(body.clients[0]).toMatchObject({ iss: 'http://127.0.0.1:5555/sandbox/fhir', clientId: 'jcode-assist-sandbox' });
    expect(body.clients[0]!.scopes).toContain('patient/Claim.crus');
  });
});
