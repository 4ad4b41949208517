// Test context for the CDS Hooks service: an EHR key pair made here (jose generateKeyPair), the app configured
// to trust it, prefetch built from the sandbox's sample patients as an EHR would return it, and signed calls.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Bundle, Resource } from 'fhir/r4';
import { parseSmartConfig } from '../../src/config/smart-config';
import type { AppOptions } from '../../server/app';
import { ORIGIN, testApp, type TestApp } from '../server/helpers';

export const EHR_ISS = 'https://ehr.example.org';
export const SERVICE = 'jcode-assist-encounter-discharge';
export const PATIENT_VIEW = 'jcode-assist-patient-view';
export const endpoint = (id: string) => `${ORIGIN}/cds-services/${id}`;

export interface EhrKeys {
  privateKey: CryptoKey;
  jwk: JWK;
  kid: string;
  alg: 'ES384' | 'RS384';
}

export async function ehrKeys(alg: 'ES384' | 'RS384' = 'ES384'): Promise<EhrKeys> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = crypto.randomUUID();
  return { privateKey, kid, alg, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenOptions {
  iss?: string;
  aud?: string;
  /** Seconds from now. */
  exp?: number;
  jti?: string;
  jku?: string;
  kid?: string;
}

export async function clientToken(keys: EhrKeys, opts: TokenOptions = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: keys.alg, kid: opts.kid ?? keys.kid, typ: 'JWT', ...(opts.jku ? { jku: opts.jku } : {}) })
    .setIssuer(opts.iss ?? EHR_ISS)
    .setAudience(opts.aud ?? endpoint(SERVICE))
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (opts.exp ?? 300))
    .setJti(opts.jti ?? crypto.randomUUID())
    .sign(keys.privateKey);
}

export interface CdsTestApp extends TestApp {
  keys: EhrKeys;
  call: (id: string, body: unknown, opts?: { token?: string | null; tokenOptions?: TokenOptions }) => Promise<Response>;
}

/** The app with the sandbox (its FHIR server stands in for the EHR's) and one configured EHR issuer. */
export async function cdsTestApp(
  opts: { issuer?: Record<string, unknown>; cdsHooks?: Record<string, unknown>; keys?: EhrKeys; app?: Partial<AppOptions>; sandbox?: boolean } = {},
): Promise<CdsTestApp> {
  const keys = opts.keys ?? (await ehrKeys());
  const smartConfig = parseSmartConfig({
    // A generous budget: a loaded test machine must not turn a slow read into an empty answer, except where a
    // test is about the budget and sets its own.
    cdsHooks: { issuers: [{ iss: EHR_ISS, jwks: { keys: [keys.jwk] }, ...opts.issuer }], budgetMs: 10_000, ...opts.cdsHooks },
  });
  const t = await testApp({ sandbox: opts.sandbox ?? true, smartConfig, ...(opts.app ? { app: opts.app } : {}) });
  const call: CdsTestApp['call'] = async (id, body, o = {}) => {
    const token = o.token === undefined ? await clientToken(keys, { aud: endpoint(id), ...o.tokenOptions }) : o.token;
    return t.app.request(endpoint(id), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  };
  return { ...t, keys, call };
}

export function searchset(resources: Resource[], include: Resource[] = []): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: [
      ...resources.map((resource) => ({ resource, search: { mode: 'match' as const } })),
      ...include.map((resource) => ({ resource, search: { mode: 'include' as const } })),
    ],
  };
}

/** The encounter-discharge call an EHR would send for a sample patient, with every prefetch key filled. */
export async function dischargeCall(sampleId: string): Promise<Record<string, unknown> & { prefetch: Record<string, unknown> }> {
  const { SAMPLE_CASES, SHARED_RESOURCES } = await import('../../server/sandbox/samples');
  const sample = SAMPLE_CASES.find((c) => c.id === sampleId)!;
  const of = (type: string) => sample.resources.filter((r) => r.resourceType === type);
  const medications = SHARED_RESOURCES.filter((r) => r.resourceType === 'Medication');
  return {
    hook: 'encounter-discharge',
    hookInstance: crypto.randomUUID(),
    context: { userId: 'Practitioner/sandbox-nurse', patientId: sample.id, encounterId: sample.encounter.id },
    prefetch: {
      encounter: sample.encounter,
      administrations: searchset(of('MedicationAdministration'), medications),
      procedures: searchset(of('Procedure')),
      coverage: searchset(of('Coverage')),
      nurseNotes: searchset(of('DocumentReference')),
    },
  };
}

/** A sandbox access token for the sample patient, as the EHR's fhirAuthorization. */
export function fhirAuthorization(t: TestApp, patient: string): Record<string, unknown> {
  const { token } = t.sandbox!.store.issueAccessToken({
    clientId: 'cds-test',
    scopes: ['patient/*.rs'],
    context: { patient, fhirUser: 'Practitioner/sandbox-nurse', needPatientBanner: false },
    fromCode: `cds-test-${crypto.randomUUID()}`,
  });
  return { access_token: token, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.rs', subject: 'cds-test', patient };
}

/** The test app on a real loopback port (the service reads its FHIR server over HTTP); every URL asked is kept. */
export async function listening(
  t: { app: TestApp['app'] },
  opts: { delayMs?: number } = {},
): Promise<{ base: string; seen: string[]; maxInFlight: () => number; close: () => Promise<void> }> {
  const seen: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  // With a delay before each answer, requests sent at once overlap here, and requests sent one by one do not.
  const answer = async (req: Request): Promise<Response> => {
    seen.push(req.url);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      if (opts.delayMs) await new Promise((resolve) => setTimeout(resolve, opts.delayMs));
      return await t.app.fetch(req);
    } finally {
      inFlight--;
    }
  };
  const server = serve({ fetch: answer, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    seen,
    maxInFlight: () => maxInFlight,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A FHIR server that answers every request with one status, or never (status 'never'). */
export async function faultyServer(status: number | 'never'): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    if (status === 'never') return;
    res.writeHead(status, { 'content-type': 'application/fhir+json' });
    res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security', diagnostics: 'Patient waste-missing is not yours' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
