// The production API through app.request(): /healthz, /api/config, /api/catalog, /api/derive and its bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmartConfig } from '../../src/config/smart-config';
import { ORIGIN, sampleBundle, testApp, type TestApp } from './helpers';

let t: TestApp;
const post = (body: string, contentType = 'application/fhir+json', query = '') =>
  t.app.request(`${ORIGIN}/api/derive${query}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

beforeAll(async () => {
  t = await testApp({
    smartConfig: parseSmartConfig({
      clients: [{ name: 'Epic test', iss: 'https://fhir.epic.example/api/FHIR/R4', clientId: 'epic-client', scopes: 'launch patient/*.rs' }],
      billing: { billingProvider: 'Organization/clinic' },
    }),
  });
});
afterAll(() => t.cleanup());

describe('GET /healthz', () => {
  it('answers ok with the engine version and the catalog quarter', async () => {
    const res = await t.app.request(`${ORIGIN}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', engine: expect.any(String), catalog: expect.any(String), sandbox: false });
  });
});

describe('GET /api/config', () => {
  it('answers the public part of smart-config.json', async () => {
    const res = await t.app.request(`${ORIGIN}/api/config`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['billing', 'claimDestination', 'clients']);
    expect(body.clients).toEqual([expect.objectContaining({ clientId: 'epic-client', redirectUri: '/app/' })]);
    expect(body.billing).toMatchObject({ billingProvider: 'Organization/clinic', placeOfService: '11' });
    expect(body.claimDestination).toBe('ehr');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /api/catalog', () => {
  it('answers the entries of the products asked for and what is unknown', async () => {
    const res = await t.app.request(`${ORIGIN}/api/catalog?ndc=57894-0030-01&code=J9271&ndc=99999999999`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { catalog: string; entries: { hcpcs: string; code?: { code: string }; products: { ndc: string }[] }[]; unknown: string[] };
    expect(body.entries.map((e) => e.code?.code).sort()).toEqual(['J1745', 'J9271']);
    expect(body.entries.flatMap((e) => e.products.map((p) => p.ndc))).toContain('57894003001');
    expect(body.unknown).toEqual(['99999999999']);
  });

  it('is cacheable: an ETag per catalog quarter, and 304 when it still matches', async () => {
    const first = await t.app.request(`${ORIGIN}/api/catalog?code=J1745`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toContain('public');
    const again = await t.app.request(`${ORIGIN}/api/catalog?code=J9271`);
    expect(again.headers.get('etag')).toBe(etag);
    const revalidated = await t.app.request(`${ORIGIN}/api/catalog?code=J1745`, { headers: { 'If-None-Match': etag! } });
    expect(revalidated.status).toBe(304);
  });

  it('refuses what is neither an NDC nor a HCPCS code, with an OperationOutcome', async () => {
    const res = await t.app.request(`${ORIGIN}/api/catalog?ndc=abc&code=J17`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { resourceType: string; issue: { diagnostics: string }[] };
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue[0]!.diagnostics).toContain("ndc 'abc'");
  });
});

describe('POST /api/derive', () => {
  it('answers exactly the CLI contract for a one-encounter Bundle', async () => {
    const res = await post(JSON.stringify(await sampleBundle('exact-vials')), 'application/fhir+json', '?today=2026-11-27');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { engine: { version: string; catalog: string }; results: { encounter: string; lines: { code: string; modifiers: string[]; units: number }[]; claim: { created: string } | null }[] };
    expect(Object.keys(body)).toEqual(['engine', 'results']);
    expect(body.engine).toEqual({ version: expect.any(String), catalog: expect.any(String) });
    expect(body.results).toHaveLength(1);
    const result = body.results[0]!;
    expect(result.encounter).toBe('Encounter/exact-vials-visit');
    expect(result.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} x${l.units}`)).toEqual(expect.arrayContaining(['J9271-JZ x200', '96413 x1']));
    expect(result.claim?.created).toBe('2026-11-27');
  });

  it('answers a Bundle of junk entries without failing (derive never throws on FHIR-shaped input)', async () => {
    const junk = { resourceType: 'Bundle', type: 'collection', entry: [null, 1, 'x', {}, { resource: null }, { resource: { resourceType: 'MedicationAdministration' } }, { resource: { resourceType: 'Encounter', id: 'e' } }] };
    const res = await post(JSON.stringify(junk));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0);
    expect(t.errors).toEqual([]);
  });

  it('accepts application/json too', async () => {
    expect((await post(JSON.stringify({ resourceType: 'Bundle', type: 'collection' }), 'application/json; charset=utf-8')).status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"resourceType": "Bundle", ', 'not valid JSON'],
    ['a non-Bundle', JSON.stringify({ resourceType: 'Patient', id: 'p1' }), 'must be a FHIR Bundle'],
    ['a JSON array', '[]', 'must be a FHIR Bundle'],
    ['a Bundle whose entry is not an array', JSON.stringify({ resourceType: 'Bundle', entry: {} }), 'entry must be an array'],
  ])('answers %s with 400 and an OperationOutcome', async (_name, body, text) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const outcome = (await res.json()) as { resourceType: string; issue: { severity: string; diagnostics: string }[] };
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]!.severity).toBe('error');
    expect(outcome.issue[0]!.diagnostics).toContain(text);
  });

  it('answers a Bundle of 50,000 entries with 413 and says what to do instead', async () => {
    const entry = Array.from({ length: 50_000 }, (_, i) => ({ resource: { resourceType: 'Basic', id: `b${i}` } }));
    const body = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry });
    expect(body.length).toBeLessThan(1024 * 1024 * 4);
    const big = await testApp({ app: { bodyLimitBytes: 8 * 1024 * 1024 } });
    try {
      const res = await big.app.request(`${ORIGIN}/api/derive`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body });
      expect(res.status).toBe(413);
      const outcome = (await res.json()) as { issue: { code: string; diagnostics: string }[] };
      expect(outcome.issue[0]!.code).toBe('too-costly');
      expect(outcome.issue[0]!.diagnostics).toContain('50000 entries');
    } finally {
      big.cleanup();
    }
  });

  it('answers a body over the limit with 413', async () => {
    const res = await post(`{"resourceType":"Bundle","padding":"${'x'.repeat(1024 * 1024 + 10)}"}`);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('answers another content type with 415 and a bad ?today= with 400', async () => {
    expect((await post('<Bundle/>', 'application/xml')).status).toBe(415);
    expect((await post('{"resourceType":"Bundle"}', 'application/json', '?today=27/11/2026')).status).toBe(400);
    // The pattern fits but the day does not exist: it would be written into Claim.created.
    for (const today of ['2026-02-29', '2026-04-31', '2026-13-01']) {
      expect((await post('{"resourceType":"Bundle"}', 'application/json', `?today=${today}`)).status, today).toBe(400);
    }
    expect((await post('{"resourceType":"Bundle"}', 'application/json', '?today=2028-02-29')).status).not.toBe(400);
  });

  it('keeps answering after bad input (nothing crashed, nothing logged as a server error)', async () => {
    expect((await post('{')).status).toBe(400);
    expect((await post(JSON.stringify(await sampleBundle('waste-missing')))).status).toBe(200);
    expect(t.errors).toEqual([]);
  });
});

describe('unknown API paths', () => {
  it('answer 404 with an OperationOutcome', async () => {
    const res = await t.app.request(`${ORIGIN}/api/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });
});

describe('request logs', () => {
  it('are structured and carry no query string (no PHI, no codes) and no bodies', async () => {
    await t.app.request(`${ORIGIN}/api/catalog?ndc=57894-0030-01`);
    const entry = t.logs.at(-1)!;
    expect(entry).toMatchObject({ method: 'GET', path: '/api/catalog', status: 200, requestId: expect.any(String) });
    expect(typeof entry.ms).toBe('number');
    expect(JSON.stringify(t.logs)).not.toContain('57894');
  });

  it('replace patient ids in sandbox paths', async () => {
    const { withoutIdentifiers } = await import('../../server/request-log');
    expect(withoutIdentifiers('/sandbox/fhir/Patient/waste-missing/_history/3')).toBe('/sandbox/fhir/Patient/:id/_history/:id');
    expect(withoutIdentifiers('/sandbox/fhir/MedicationAdministration')).toBe('/sandbox/fhir/MedicationAdministration');
    expect(withoutIdentifiers('/sandbox/ehr/waste-missing')).toBe('/sandbox/ehr/:patient');
    expect(withoutIdentifiers('/sandbox/ehr/ehr.css')).toBe('/sandbox/ehr/ehr.css');
  });
});
