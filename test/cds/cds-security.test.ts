// Who may call the CDS service: every call carries the EHR's JWT, signed ES384 or RS384 by a key the
// configuration trusts for its issuer (inline JWKS, or a jku on the issuer's list, fetched from a real HTTP
// server here), for this service's URL, unexpired and never replayed. Anything else: 401 and no card.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { serviceResponse } from './cds-hooks-schema';
import { cdsTestApp, clientToken, dischargeCall, EHR_ISS, ehrKeys, endpoint, SERVICE, type CdsTestApp } from './helpers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(opts: Parameters<typeof cdsTestApp>[0] = {}): Promise<CdsTestApp> {
  const t = await cdsTestApp({ sandbox: false, ...opts });
  cleanups.push(t.cleanup);
  return t;
}

/** A JWK Set served over HTTP on loopback; counts its fetches. */
async function jwksServer(keys: object[]): Promise<{ url: string; fetches: () => number }> {
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, fetches: () => fetches };
}

async function expectRefused(t: CdsTestApp, token: string | null, reason: string): Promise<void> {
  const res = await t.call(SERVICE, await dischargeCall('waste-missing'), { token });
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toContain('Bearer');
  expect(JSON.stringify(await res.json())).not.toContain('cards');
  expect(t.logs.at(-1)?.note).toEqual({ cdsOutcome: 'refused', cdsReason: reason });
}

describe('the EHR JWT', () => {
  it('accepts ES384 and RS384 tokens from a configured issuer for this service', async () => {
    for (const alg of ['ES384', 'RS384'] as const) {
      const t = await setup({ keys: await ehrKeys(alg) });
      const res = await t.call(SERVICE, await dischargeCall('waste-missing'));
      expect(res.status, alg).toBe(200);
      expect(serviceResponse.parse(await res.json()).cards).toHaveLength(1);
    }
  });

  it('refuses a call without a token, or with one that is not a JWT', async () => {
    const t = await setup();
    await expectRefused(t, null, 'no Authorization header');
    await expectRefused(t, 'not-a-jwt', 'the Authorization header is not a Bearer JWT');
  });

  it('refuses alg none and algorithms other than ES384/RS384', async () => {
    const t = await setup();
    const none = new UnsecuredJWT({}).setIssuer(EHR_ISS).setAudience(endpoint(SERVICE)).setIssuedAt().setExpirationTime('5m').setJti('j1').encode();
    await expectRefused(t, none, 'algorithm "none" is not accepted (ES384 or RS384)');
    const es256 = await generateKeyPair('ES256');
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(EHR_ISS).setAudience(endpoint(SERVICE)).setIssuedAt().setExpirationTime('5m').setJti('j2').sign(es256.privateKey);
    await expectRefused(t, token, 'algorithm "ES256" is not accepted (ES384 or RS384)');
    const hmac = await new SignJWT({}).setProtectedHeader({ alg: 'HS384' }).setIssuer(EHR_ISS).setAudience(endpoint(SERVICE)).setIssuedAt().setExpirationTime('5m').setJti('j3').sign(new TextEncoder().encode('x'.repeat(48)));
    await expectRefused(t, hmac, 'algorithm "HS384" is not accepted (ES384 or RS384)');
  });

  it('refuses an expired token, a token for another audience, and one living longer than five minutes', async () => {
    const t = await setup();
    await expectRefused(t, await clientToken(t.keys, { exp: -120 }), 'the token has expired');
    await expectRefused(t, await clientToken(t.keys, { aud: 'https://other-service.example.org/cds-services/x' }), 'claim aud is not valid (check_failed)');
    await expectRefused(t, await clientToken(t.keys, { aud: endpoint('jcode-assist-patient-view') }), 'claim aud is not valid (check_failed)');
    await expectRefused(t, await clientToken(t.keys, { exp: 3600 }), 'the token expires more than five minutes from now');
  });

  it('refuses an unknown issuer and a key the issuer does not have', async () => {
    const t = await setup();
    await expectRefused(t, await clientToken(t.keys, { iss: 'https://evil.example.org' }), 'the issuer is not configured');
    const stranger = await ehrKeys();
    await expectRefused(t, await clientToken(stranger), "no key of the issuer's JWK Set matches the token");
    await expectRefused(t, await clientToken({ ...stranger, kid: t.keys.kid }), 'the signature does not verify');
  });

  it('refuses a replayed jti', async () => {
    const t = await setup();
    const token = await clientToken(t.keys);
    const first = await t.call(SERVICE, await dischargeCall('waste-missing'), { token });
    expect(first.status).toBe(200);
    await expectRefused(t, token, 'the jti was already used (replay)');
  });

  it('fetches keys from a jku on the issuer\'s list, and never from one outside it', async () => {
    const keys = await ehrKeys();
    const allowed = await jwksServer([keys.jwk]);
    const outside = await jwksServer([keys.jwk]);
    const t = await setup({ keys, issuer: { jwks: undefined, jku: [allowed.url] } });
    const ok = await t.call(SERVICE, await dischargeCall('waste-missing'), { tokenOptions: { jku: allowed.url } });
    expect(ok.status).toBe(200);
    expect(allowed.fetches()).toBe(1);
    await expectRefused(t, await clientToken(keys, { jku: outside.url }), "the jku is not one of the issuer's allowed JWK Set URLs");
    expect(outside.fetches()).toBe(0);
  });

  it('fetches keys from the configured jwksUrl when the token names no jku', async () => {
    const keys = await ehrKeys('RS384');
    const published = await jwksServer([keys.jwk]);
    const t = await setup({ keys, issuer: { jwks: undefined, jwksUrl: published.url } });
    expect((await t.call(SERVICE, await dischargeCall('waste-documented'))).status).toBe(200);
    expect((await t.call(SERVICE, await dischargeCall('waste-documented'))).status).toBe(200);
    // Cached: one fetch for two calls.
    expect(published.fetches()).toBe(1);
  });

  it('checks the token before anything else: a malformed call without a valid token is a 401, not a 400', async () => {
    const t = await setup();
    const res = await t.call(SERVICE, { hook: 'encounter-discharge' }, { token: null });
    expect(res.status).toBe(401);
  });

  it('uses the public URL (JCODE_PUBLIC_URL) as the audience, not the Host the request came with', async () => {
    const t = await setup({ app: { publicUrl: 'https://jcode.example.org' } });
    await expectRefused(t, await clientToken(t.keys, { aud: endpoint(SERVICE) }), 'claim aud is not valid (check_failed)');
    const res = await t.call(SERVICE, await dischargeCall('waste-missing'), { tokenOptions: { aud: `https://jcode.example.org/cds-services/${SERVICE}` } });
    expect(res.status).toBe(200);
    const [card] = serviceResponse.parse(await res.json()).cards;
    expect(card?.links?.[0]?.url).toBe('https://jcode.example.org/launch/');
  });
});

describe('feedback', () => {
  const feedbackUrl = `${endpoint(SERVICE)}/feedback`;

  async function send(t: CdsTestApp, body: unknown, token?: string | null): Promise<Response> {
    const jwt = token === undefined ? await clientToken(t.keys) : token;
    return t.app.request(feedbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) },
      body: JSON.stringify(body),
    });
  }

  it('counts accepted and overridden cards with the offered reason codes, never the comment', async () => {
    const t = await setup();
    const at = '2026-11-27T10:00:00Z';
    const res = await send(t, {
      feedback: [
        { card: crypto.randomUUID(), outcome: 'accepted', outcomeTimestamp: at },
        {
          card: crypto.randomUUID(),
          outcome: 'overridden',
          outcomeTimestamp: at,
          overrideReason: { reason: { system: 'https://jcode-assist.dev/fhir/CodeSystem/cds-override-reason', code: 'will-record-later' }, userComment: 'Maria Alvarez: pharmacy has it' },
        },
        { card: crypto.randomUUID(), outcome: 'overridden', outcomeTimestamp: at, overrideReason: { reason: { system: 'urn:x', code: 'Patient/123' } } },
      ],
    });
    expect(res.status).toBe(200);
    expect(t.logs.at(-1)?.note).toEqual({
      cdsFeedbackService: SERVICE,
      cdsAccepted: 1,
      cdsOverridden: 2,
      'cdsOverride_will-record-later': 1,
      cdsOverride_other: 1,
    });
    expect(JSON.stringify(t.logs)).not.toMatch(/Maria|pharmacy|Patient\/123/);
  });

  it('accepts a token whose aud is the feedback URL itself, and refuses one without a token', async () => {
    const t = await setup();
    const body = { feedback: [{ card: crypto.randomUUID(), outcome: 'accepted', outcomeTimestamp: '2026-11-27T10:00:00Z' }] };
    expect((await send(t, body, await clientToken(t.keys, { aud: feedbackUrl }))).status).toBe(200);
    expect((await send(t, body, null)).status).toBe(401);
  });

  it('refuses malformed feedback with 400 naming each field in words', async () => {
    const t = await setup();
    const cases: [unknown, string[]][] = [
      [{}, ['feedback: is missing (expected a list [ ... ])']],
      [{ feedback: [] }, ['feedback: must list at least one entry']],
      [{ feedback: [{ card: 'x', outcome: 'ignored', outcomeTimestamp: 'now' }] }, ["feedback[0].outcome: must be one of 'accepted', 'overridden' (got 'ignored')"]],
    ];
    for (const [body, problems] of cases) {
      const res = await send(t, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { problems: string[] }).problems).toEqual(problems);
    }
  });
});

describe('configuration', () => {
  it('is validated at start-up with every problem named', async () => {
    const { parseSmartConfig, ConfigError } = await import('../../src/config/smart-config');
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    const p256 = await generateKeyPair('ES256', { extractable: true });
    let error: unknown;
    try {
      parseSmartConfig({
        cdsHooks: {
          issuers: [
            { iss: 'https://a.example.org', jwks: { keys: [await exportJWK(privateKey)] } },
            { iss: 'https://b.example.org', jwks: { keys: [await exportJWK(p256.publicKey)] } },
            { iss: 'https://c.example.org' },
            { iss: 'https://d.example.org', jwksUrl: 'http://ehr.example.org/jwks' },
          ],
        },
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as InstanceType<typeof ConfigError>).problems).toEqual([
      'cdsHooks.issuers[0].jwks.keys[0]: holds private or symmetric key material: configure the public key only',
      'cdsHooks.issuers[1].jwks.keys[0]: an EC key for ES384 must be on curve P-384, got "P-256"',
      'cdsHooks.issuers[2]: needs its keys: jwks (inline), jwksUrl, or allowed jku URLs',
      'cdsHooks.issuers[3].jwksUrl: must be an https URL (http only for localhost)',
    ]);
  });

  it('rejects a duplicate issuer; an issuer needs the public URL of the server (checked at start-up)', async () => {
    const { parseSmartConfig } = await import('../../src/config/smart-config');
    const { cdsStartupProblems } = await import('../../src/config/cds-hooks-config');
    const { readStartupFiles } = await import('../../server/start');
    const { serverConfigFrom } = await import('../../server/config');
    const keys = await ehrKeys();
    const issuer = { iss: 'https://a.example.org', jwks: { keys: [keys.jwk] } };
    let error: unknown;
    try {
      parseSmartConfig({ cdsHooks: { issuers: [issuer, issuer] } });
    } catch (err) {
      error = err;
    }
    expect((error as { problems: string[] }).problems).toEqual(["cdsHooks.issuers[1].iss: 'https://a.example.org' is listed twice"]);
    const config = parseSmartConfig({ cdsHooks: { issuers: [issuer] } });
    expect(config.cdsHooks.budgetMs).toBe(1500);
    expect(cdsStartupProblems(config.cdsHooks, 'https://jcode.example.org')).toEqual([]);
    expect(cdsStartupProblems(parseSmartConfig({}).cdsHooks, undefined)).toEqual([]);

    const dir = mkdtempSync(path.join(tmpdir(), 'jcode-cds-config-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'smart-config.json'), JSON.stringify({ cdsHooks: { issuers: [issuer] } }));
    const { problems } = await readStartupFiles(serverConfigFrom(['--config', path.join(dir, 'smart-config.json'), '--dist', dir], {}, dir));
    expect(problems).toContain(
      'smart-config.json cdsHooks.issuers: EHRs are configured to call the CDS service, but the server has no --public-url / JCODE_PUBLIC_URL; their tokens name {public URL}/cds-services/{id} as aud, so set it',
    );
  });
});
