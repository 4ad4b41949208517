// What a deployment must not get wrong: the server writes URLs for its own origin whatever Host a request names,
// the sandbox sends authorization codes only to registered redirect URIs, impossible dates are refused, and a
// foreign Origin gets no CORS grant on the API.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmartConfig } from '../../src/config/smart-config';
import { inlineStyleHashes } from '../../server/inline-styles';
import { withoutLocalhostClients } from '../../server/localhost-clients';
import { authorize, pkcePair, testApp, type TestApp } from './helpers';

const PUBLIC = 'https://jcode.example.org';
let pinned: TestApp;
let demo: TestApp;

beforeAll(async () => {
  pinned = await testApp({ sandbox: true, app: { publicUrl: PUBLIC } });
  demo = await testApp({ sandbox: true, app: { fallbackOrigin: () => 'http://localhost:3140' } });
});
afterAll(() => {
  pinned.cleanup();
  demo.cleanup();
});

const discovery = async (t: TestApp, origin: string) =>
  (await (await t.app.request(`${origin}/sandbox/fhir/.well-known/smart-configuration`)).json()) as Record<string, string>;

describe('the server’s own origin', () => {
  it('with JCODE_PUBLIC_URL, every URL it writes uses it, whatever the Host', async () => {
    for (const origin of ['http://localhost:3000', 'https://evil.example', PUBLIC]) {
      const doc = await discovery(pinned, origin);
      expect(doc.authorization_endpoint).toBe(`${PUBLIC}/sandbox/auth/authorize`);
      expect(doc.token_endpoint).toBe(`${PUBLIC}/sandbox/auth/token`);
      const config = (await (await pinned.app.request(`${origin}/api/config`)).json()) as { clients: { iss: string }[] };
      expect(config.clients[0]!.iss).toBe(`${PUBLIC}/sandbox/fhir`);
      const metadata = (await (await pinned.app.request(`${origin}/sandbox/fhir/metadata`)).json()) as { implementation: { url: string } };
      expect(metadata.implementation.url).toBe(`${PUBLIC}/sandbox/fhir`);
    }
    const frame = await (await pinned.app.request('https://evil.example/sandbox/ehr/waste-missing')).text();
    expect(frame).toContain(encodeURIComponent(`${PUBLIC}/sandbox/fhir`));
    expect(frame).not.toContain('evil.example');
  });

  it('without it, a loopback request keeps its origin and a foreign Host gets the local one', async () => {
    expect((await discovery(demo, 'http://127.0.0.1:3000')).issuer).toBe('http://127.0.0.1:3000/sandbox/fhir');
    expect((await discovery(demo, 'http://localhost:3000')).issuer).toBe('http://localhost:3000/sandbox/fhir');
    expect((await discovery(demo, 'http://evil.example')).issuer).toBe('http://localhost:3140/sandbox/fhir');
    expect((await discovery(demo, 'http://localhost.evil.example:3000')).issuer).toBe('http://localhost:3140/sandbox/fhir');
  });
});

describe('the sandbox authorize endpoint', () => {
  const launchFor = (t: TestApp) => t.sandbox!.store.createLaunch({ patient: 'waste-missing', fhirUser: 'Practitioner/sandbox-nurse', needPatientBanner: false });

  it('sends a code to the app’s own redirect URI', async () => {
    const { challenge } = pkcePair();
    const { query } = await authorize(demo.app, { launch: launchFor(demo), challenge, method: 'S256' });
    expect(query.get('code')).toBeTruthy();
  });

  it.each([
    ['another site', 'https://evil.example/app/'],
    ['another path on this origin', 'http://localhost/sandbox/'],
    ['the app with a query', 'http://localhost/app/?x=1'],
    ['another port', 'http://localhost:9999/app/'],
  ])('refuses %s with a page, never a redirect', async (_what, redirect) => {
    const { challenge } = pkcePair();
    const { res } = await authorize(demo.app, { launch: launchFor(demo), challenge, method: 'S256', extra: { redirect_uri: redirect } });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const page = await res.text();
    expect(page).toContain('not registered');
    expect(page).toContain('--sandbox-redirect-uri');
  });

  it('accepts a redirect URI configured for another SMART tool', async () => {
    const tool = 'http://localhost:8443/sample-app/';
    const t = await testApp({ sandbox: { bodyLimitBytes: 1024 * 1024, extraRedirectUris: [tool] } });
    try {
      const { challenge } = pkcePair();
      const { res } = await authorize(t.app, { launch: launchFor(t), challenge, method: 'S256', extra: { redirect_uri: tool } });
      expect(res.headers.get('location')).toMatch(/^http:\/\/localhost:8443\/sample-app\/\?code=/);
    } finally {
      t.cleanup();
    }
  });
});

describe('bad input on the API', () => {
  const post = (query: string, headers: Record<string, string> = {}) =>
    demo.app.request(`http://localhost/api/derive${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"resourceType":"Bundle"}' });

  it.each(['2026-02-31', '2026-02-29', '2025-04-31', '2026-13-01', '0000-00-00'])('refuses today=%s with 400 OperationOutcome', async (day) => {
    const res = await post(`?today=${day}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { resourceType: string; issue: { diagnostics: string }[] };
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0]!.diagnostics).toContain(day);
  });

  it.each(['2028-02-29', '2026-12-31', '0099-01-01'])('accepts the real date %s', async (day) => {
    expect((await post(`?today=${day}`)).status).toBe(200);
  });

  it('gives a foreign Origin no CORS grant', async () => {
    const res = await post('', { Origin: 'https://evil.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await demo.app.request('http://localhost/api/derive', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('registrations pointing at this machine', () => {
  const client = (name: string, iss: string, redirectUri = '/app/') => ({ name, iss, clientId: name, scopes: 'launch', redirectUri });
  it('are found by FHIR server or redirect host', () => {
    const config = parseSmartConfig({
      clients: [
        client('epic', 'https://fhir.epic.example/R4'),
        client('sandbox', 'http://localhost:3000/sandbox/fhir'),
        client('loop', 'http://127.0.0.1:8080/fhir'),
        client('v6', 'http://[::1]:8080/fhir'),
        client('redirect', 'https://fhir.other.example/R4', 'http://localhost:3000/app/'),
        client('sub', 'http://ehr.localhost/fhir'),
      ],
    });
    const { smartConfig, dropped } = withoutLocalhostClients(config);
    expect(smartConfig.clients.map((c) => c.name)).toEqual(['epic']);
    expect(dropped).toHaveLength(5);
    expect(dropped[0]).toContain('http://localhost:3000/sandbox/fhir');
  });
});

describe('the launch page’s discovery preload', () => {
  it('names the discovery document of a registered iss in a Link header', async () => {
    const res = await demo.app.request(`http://localhost/launch/?iss=${encodeURIComponent('http://localhost/sandbox/fhir')}&launch=abc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toBe('<http://localhost/sandbox/fhir/.well-known/smart-configuration>; rel=preload; as=fetch; crossorigin');
  });

  it.each([
    ['an unregistered iss', 'https://evil.example/fhir'],
    ['no URL at all', 'not a url'],
    ['a header injection attempt', 'http://localhost/sandbox/fhir>; rel=preload, <https://evil.example/x'],
  ])('names nothing for %s', async (_what, iss) => {
    const res = await demo.app.request(`http://localhost/launch/?iss=${encodeURIComponent(iss)}&launch=abc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toBeNull();
  });
});

describe('the pages’ own inline style', () => {
  it('is allowed by its hash in the CSP, and no other inline style is', async () => {
    const t = await testApp();
    const style = 'body { margin: 0 }';
    writeFileSync(path.join(t.distDir, 'launch', 'index.html'), `<!doctype html><style>${style}</style><main>Connecting</main>`);
    try {
      const hash = `'sha256-${createHash('sha256').update(style).digest('base64')}'`;
      expect(inlineStyleHashes(t.distDir)).toEqual([hash]);
      const withStyle = await testApp({ app: { distDir: t.distDir } });
      const csp = (await withStyle.app.request('http://localhost/launch/')).headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`style-src 'self' ${hash};`);
      expect(csp).not.toContain('unsafe-inline');
      withStyle.cleanup();
      const plain = (await t.app.request('http://localhost/app/')).headers.get('content-security-policy') ?? '';
      expect(plain).toContain("style-src 'self';");
    } finally {
      t.cleanup();
    }
  });
});
