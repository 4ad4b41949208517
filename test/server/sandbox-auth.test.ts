// The sandbox's SMART authorization server: discovery, authorize with PKCE S256 only, launch context, codes that
// are single use and expire, the token response, refresh, id_token, and the standalone patient picker.
import { createPublicKey, createVerify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, FHIR_BASE, REDIRECT_URI, authorize, exchange, pkcePair, signIn, testApp, type TestApp, fhir } from './helpers';

let clock = Date.parse('2026-11-27T15:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await testApp({ sandbox: { bodyLimitBytes: 1024 * 1024, now: () => clock } });
});
afterAll(() => t.cleanup());

const launchFor = (patient = 'waste-missing', encounter = 'waste-missing-visit') =>
  t.sandbox!.store.createLaunch({ patient, encounter, fhirUser: 'Practitioner/sandbox-nurse', needPatientBanner: false });

describe('discovery', () => {
  it('publishes the SMART configuration at the FHIR base, for the origin asked', async () => {
    const res = await t.app.request(`${FHIR_BASE}/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const config = (await res.json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      authorization_endpoint: `${ORIGIN}/sandbox/auth/authorize`,
      token_endpoint: `${ORIGIN}/sandbox/auth/token`,
      code_challenge_methods_supported: ['S256'],
      issuer: FHIR_BASE,
      jwks_uri: `${ORIGIN}/sandbox/auth/jwks`,
    });
    expect(config.capabilities).toEqual(expect.arrayContaining(['launch-ehr', 'context-ehr-patient', 'context-ehr-encounter', 'context-banner', 'context-style', 'permission-v2', 'permission-v1']));
    const other = (await (await t.app.request('http://127.0.0.1:41234/sandbox/fhir/.well-known/smart-configuration')).json()) as Record<string, string>;
    expect(other.token_endpoint).toBe('http://127.0.0.1:41234/sandbox/auth/token');
  });

  it('lists the SMART endpoints in the CapabilityStatement without a token', async () => {
    const res = await fhir(t.app, undefined, 'metadata');
    expect(res.status).toBe(200);
    const cs = (await res.json()) as { fhirVersion: string; rest: { security: { extension: { extension: { url: string; valueUri: string }[] }[] } }[] };
    expect(cs.fhirVersion).toBe('4.0.1');
    const uris = cs.rest[0]!.security.extension[0]!.extension.map((e) => [e.url, e.valueUri]);
    expect(uris).toEqual([['authorize', `${ORIGIN}/sandbox/auth/authorize`], ['token', `${ORIGIN}/sandbox/auth/token`]]);
  });
});

describe('EHR launch', () => {
  it('answers the token with patient, encounter, need_patient_banner, smart_style_url, scope and expires_in', async () => {
    const { body } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing', encounter: 'waste-missing-visit', scope: 'launch openid fhirUser online_access patient/*.rs' });
    expect(body).toMatchObject({
      token_type: 'Bearer',
      patient: 'waste-missing',
      encounter: 'waste-missing-visit',
      need_patient_banner: false,
      smart_style_url: `${ORIGIN}/sandbox/ehr/smart-style.json`,
      scope: 'launch openid fhirUser online_access patient/*.rs',
      expires_in: 3600,
      refresh_token: expect.any(String),
    });
    const style = await t.app.request(body.smart_style_url as string);
    expect(await style.json()).toMatchObject({ color_background: expect.any(String), font_family_body: expect.any(String) });
  });

  it('signs an id_token for openid fhirUser that verifies against the JWKS', async () => {
    const { body } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing', scope: 'launch openid fhirUser patient/*.rs' });
    const [header, payload, signature] = (body.id_token as string).split('.');
    const jwks = (await (await t.app.request(`${ORIGIN}/sandbox/auth/jwks`)).json()) as { keys: Record<string, string>[] };
    const key = createPublicKey({ key: jwks.keys[0]!, format: 'jwk' });
    expect(createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(key, signature!, 'base64url')).toBe(true);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: FHIR_BASE, aud: 'test-client', fhirUser: `${FHIR_BASE}/Practitioner/sandbox-nurse` });
  });

  it('drops scopes it does not understand and grants the rest', async () => {
    const { body } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing', scope: 'launch patient/Claim.crus system/*.* patient/Observation.rs?category=x bogus' });
    expect(body.scope).toBe('launch patient/Claim.crus');
  });

  it('refreshes a token once (refresh tokens rotate)', async () => {
    const { body } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing', scope: 'launch offline_access patient/*.rs' });
    const refreshed = await exchange(t.app, { grant_type: 'refresh_token', refresh_token: body.refresh_token as string, client_id: 'test-client' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ patient: 'waste-missing', access_token: expect.any(String) });
    const again = await exchange(t.app, { grant_type: 'refresh_token', refresh_token: body.refresh_token as string });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('authorize refuses', () => {
  const { challenge } = pkcePair();

  it('PKCE plain, and a missing code challenge, back to the client with invalid_request and the state', async () => {
    const plain = await authorize(t.app, { launch: launchFor(), challenge: 'x'.repeat(43), method: 'plain' });
    expect(plain.res.status).toBe(302);
    expect(Object.fromEntries(plain.query)).toMatchObject({ error: 'invalid_request', state: 'state-123' });
    expect(plain.query.get('error_description')).toContain('S256');
    const missing = await authorize(t.app, { launch: launchFor() });
    expect(missing.query.get('error')).toBe('invalid_request');
    expect(missing.query.get('error_description')).toContain('PKCE is required');
  });

  it('an unknown launch code', async () => {
    const { query } = await authorize(t.app, { launch: 'not-a-launch-code', challenge, method: 'S256' });
    expect(query.get('error')).toBe('invalid_request');
    expect(query.get('error_description')).toMatch(/unknown or expired launch code/i);
  });

  it('an expired launch code', async () => {
    const launch = launchFor();
    clock += t.sandbox!.store.lifetimes.launchMs + 1;
    const { query } = await authorize(t.app, { launch, challenge, method: 'S256' });
    expect(query.get('error_description')).toMatch(/unknown or expired launch code/i);
  });

  it('an aud that is not this FHIR server', async () => {
    const { query } = await authorize(t.app, { launch: launchFor(), challenge, method: 'S256', aud: 'https://elsewhere.example/fhir' });
    expect(query.get('error')).toBe('invalid_request');
    expect(query.get('error_description')).toContain('aud');
  });

  it('a request with no usable redirect_uri, with a page instead of a redirect', async () => {
    const res = await t.app.request(`${ORIGIN}/sandbox/auth/authorize?response_type=code&client_id=x&redirect_uri=javascript:alert(1)`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
  });
});

describe('token refuses', () => {
  async function codeFor(): Promise<{ code: string; verifier: string }> {
    const { verifier, challenge } = pkcePair();
    const { query } = await authorize(t.app, { launch: launchFor(), challenge, method: 'S256' });
    return { code: query.get('code')!, verifier };
  }
  const grant = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    exchange(t.app, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: 'test-client', code_verifier: verifier, ...extra });

  it('a wrong PKCE verifier', async () => {
    const { code } = await codeFor();
    const res = await grant(code, pkcePair().verifier);
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(res.body.error_description).toContain('code_verifier');
  });

  it('a reused code, and the token issued for it stops working', async () => {
    const { code, verifier } = await codeFor();
    const first = await grant(code, verifier);
    expect(first.status).toBe(200);
    const token = first.body.access_token as string;
    expect((await fhir(t.app, token, 'Patient/waste-missing')).status).toBe(200);
    const second = await grant(code, verifier);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(second.body.error_description).toContain('already used');
    expect((await fhir(t.app, token, 'Patient/waste-missing')).status).toBe(401);
  });

  it('an expired code', async () => {
    const { code, verifier } = await codeFor();
    clock += t.sandbox!.store.lifetimes.codeMs + 1;
    const res = await grant(code, verifier);
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(res.body.error_description).toContain('expired');
  });

  it('an unknown code, another client, another redirect_uri, a missing verifier, another grant type', async () => {
    expect((await grant('made-up', pkcePair().verifier)).body.error).toBe('invalid_grant');
    const a = await codeFor();
    expect((await grant(a.code, a.verifier, { client_id: 'someone-else' })).body.error).toBe('invalid_grant');
    const b = await codeFor();
    expect((await grant(b.code, b.verifier, { redirect_uri: `${ORIGIN}/elsewhere/` })).body.error).toBe('invalid_grant');
    const c = await codeFor();
    expect((await exchange(t.app, { grant_type: 'authorization_code', code: c.code, redirect_uri: REDIRECT_URI, client_id: 'test-client' })).body.error).toBe('invalid_request');
    expect((await exchange(t.app, { grant_type: 'password', username: 'a' })).body.error).toBe('unsupported_grant_type');
  });

  it('an expired access token', async () => {
    const { token } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing' });
    clock += t.sandbox!.store.lifetimes.accessTokenMs + 1;
    const res = await fhir(t.app, token, 'Patient/waste-missing');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });
});

describe('standalone launch', () => {
  it('shows a patient picker, then grants the chosen patient with a banner', async () => {
    const { verifier, challenge } = pkcePair();
    const picker = await authorize(t.app, { scope: 'launch/patient openid fhirUser patient/*.rs', challenge, method: 'S256' });
    expect(picker.res.status).toBe(200);
    const page = await picker.res.text();
    expect(page).toContain('Choose a patient');
    expect(page).toContain('value="intravitreal"');
    const form = new URLSearchParams({
      response_type: 'code', client_id: 'test-client', redirect_uri: REDIRECT_URI, scope: 'launch/patient openid fhirUser patient/*.rs',
      state: 's', aud: FHIR_BASE, code_challenge: challenge, code_challenge_method: 'S256', patient_choice: 'intravitreal',
    });
    const chosen = await t.app.request(`${ORIGIN}/sandbox/auth/authorize`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
    expect(chosen.status).toBe(302);
    const code = new URL(chosen.headers.get('location')!).searchParams.get('code')!;
    const token = await exchange(t.app, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: 'test-client', code_verifier: verifier });
    expect(token.body).toMatchObject({ patient: 'intravitreal', need_patient_banner: true });
  });
});

describe('an EHR that registers its apps and asks the user to sign in (clientIds, confirmSignIn)', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await testApp({ sandbox: { bodyLimitBytes: 1024 * 1024, now: () => clock, clientIds: ['registered-app'], confirmSignIn: true } });
  });
  afterAll(() => strict.cleanup());

  const launch = () => strict.sandbox!.store.createLaunch({ patient: 'waste-missing', encounter: 'waste-missing-visit', fhirUser: 'Practitioner/sandbox-nurse', needPatientBanner: false });

  it('sends a client id it does not know back with unauthorized_client, and issues no code', async () => {
    const { res, query } = await authorize(strict.app, { clientId: 'test-client', launch: launch(), ...pkce() });
    expect(res.status).toBe(302);
    expect(query.get('error')).toBe('unauthorized_client');
    expect(query.get('error_description')).toContain("'test-client'");
    expect(query.get('state')).toBe('state-123');
    expect(query.has('code')).toBe(false);
  });

  it('shows a registered app a sign-in page first; Decline answers access_denied, Allow a code that exchanges', async () => {
    const { verifier, challenge } = pkcePair();
    const ask = { clientId: 'registered-app', launch: launch(), challenge, method: 'S256' };
    const page = await authorize(strict.app, ask);
    expect(page.res.status).toBe(200);
    const html = await page.res.text();
    expect(html).toContain('<code>registered-app</code>');
    expect(html).toMatch(/name="decision" value="allow"/);
    expect(html).toMatch(/name="decision" value="decline"/);
    expect(page.query.has('code')).toBe(false);

    const declined = await authorize(strict.app, { ...ask, extra: { decision: 'decline' } });
    expect(declined.query.get('error')).toBe('access_denied');
    expect(declined.query.has('code')).toBe(false);

    const allowed = await authorize(strict.app, { ...ask, launch: launch(), extra: { decision: 'allow' } });
    const code = allowed.query.get('code');
    expect(code).toBeTruthy();
    const token = await exchange(strict.app, { grant_type: 'authorization_code', code: code!, redirect_uri: REDIRECT_URI, client_id: 'registered-app', code_verifier: verifier });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ patient: 'waste-missing', encounter: 'waste-missing-visit' });
  });
});

function pkce(): { challenge: string; method: string } {
  return { challenge: pkcePair().challenge, method: 'S256' };
}
