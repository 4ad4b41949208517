// Test context for the server: a throwaway dist/ with the two HTML shells, the starter catalog, optionally the
// sandbox, and SMART sign-in through the sandbox's real authorize and token endpoints.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { loadCatalog, type LoadedCatalog } from '../../src/catalog/load';
import { parseSmartConfig, type SmartConfig } from '../../src/config/smart-config';
import { createApp, type AppOptions } from '../../server/app';
import type { RequestLogEntry } from '../../server/request-log';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../server/sandbox/sandbox';

export const ORIGIN = 'http://localhost';
export const FHIR_BASE = `${ORIGIN}/sandbox/fhir`;

/** A dist/ like the app build's: launch and app shells and one hashed asset. */
export function fakeDist(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'jcode-dist-'));
  for (const shell of ['launch', 'app']) {
    mkdirSync(path.join(dir, shell), { recursive: true });
    writeFileSync(path.join(dir, shell, 'index.html'), `<!doctype html><title>${shell}</title><script type="module" src="/assets/${shell}-abc123.js"></script>`);
  }
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let starter: Promise<LoadedCatalog> | undefined;
export const starterCatalog = () => (starter ??= loadCatalog());

export interface TestApp {
  app: Hono;
  sandbox?: Sandbox;
  logs: RequestLogEntry[];
  errors: unknown[];
  /** The throwaway dist/ the app serves. */
  distDir: string;
  cleanup: () => void;
}

export async function testApp(
  opts: { sandbox?: boolean | SandboxOptions; smartConfig?: SmartConfig; app?: Partial<AppOptions> } = {},
): Promise<TestApp> {
  const dist = fakeDist();
  const logs: RequestLogEntry[] = [];
  const errors: unknown[] = [];
  const sandbox = opts.sandbox
    ? await createSandbox(typeof opts.sandbox === 'object' ? opts.sandbox : { bodyLimitBytes: 1024 * 1024 })
    : undefined;
  const app = createApp({
    smartConfig: opts.smartConfig ?? parseSmartConfig({}),
    catalog: await starterCatalog(),
    distDir: dist.dir,
    ehrOrigins: ['https://ehr.example.org'],
    bodyLimitBytes: 1024 * 1024,
    maxBundleEntries: 10_000,
    requestTimeoutMs: 5_000,
    log: (entry) => logs.push(entry),
    today: () => '2026-11-27',
    onError: (err) => errors.push(err),
    ...(sandbox ? { sandbox } : {}),
    ...opts.app,
  });
  return { app, ...(sandbox ? { sandbox } : {}), logs, errors, distDir: dist.dir, cleanup: dist.remove };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const REDIRECT_URI = `${ORIGIN}/app/`;

export interface AuthorizeParams {
  launch?: string;
  scope?: string;
  clientId?: string;
  challenge?: string;
  method?: string;
  aud?: string;
  state?: string;
  extra?: Record<string, string>;
}

/** GET /sandbox/auth/authorize; returns the redirect's query (code or error) and the raw response. */
export async function authorize(app: Hono, p: AuthorizeParams): Promise<{ res: Response; query: URLSearchParams }> {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId ?? 'test-client',
    redirect_uri: REDIRECT_URI,
    scope: p.scope ?? 'launch openid fhirUser patient/*.cruds',
    state: p.state ?? 'state-123',
    aud: p.aud ?? FHIR_BASE,
    ...(p.challenge !== undefined ? { code_challenge: p.challenge } : {}),
    ...(p.method !== undefined ? { code_challenge_method: p.method } : {}),
    ...(p.launch !== undefined ? { launch: p.launch } : {}),
    ...p.extra,
  });
  const res = await app.request(`${ORIGIN}/sandbox/auth/authorize?${params}`);
  const location = res.headers.get('location');
  return { res, query: location ? new URL(location, ORIGIN).searchParams : new URLSearchParams() };
}

export async function exchange(app: Hono, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app.request(`${ORIGIN}/sandbox/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A full EHR launch: launch code for the patient, authorize with PKCE, exchange the code. */
export async function signIn(
  app: Hono,
  sandbox: Sandbox,
  opts: { patient?: string; encounter?: string; scope?: string } = {},
): Promise<{ token: string; body: Record<string, unknown> }> {
  const launch = sandbox.store.createLaunch({
    ...(opts.patient ? { patient: opts.patient } : {}),
    ...(opts.encounter ? { encounter: opts.encounter } : {}),
    fhirUser: 'Practitioner/sandbox-nurse',
    needPatientBanner: false,
  });
  const { verifier, challenge } = pkcePair();
  const { query } = await authorize(app, { launch, challenge, method: 'S256', ...(opts.scope ? { scope: opts.scope } : {}) });
  const code = query.get('code');
  if (!code) throw new Error(`authorize failed: ${query.get('error')} ${query.get('error_description')}`);
  const { status, body } = await exchange(app, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: 'test-client', code_verifier: verifier });
  if (status !== 200) throw new Error(`token failed: ${JSON.stringify(body)}`);
  return { token: body.access_token as string, body };
}

/** A request to the sandbox FHIR API with a bearer token. */
export function fhir(app: Hono, token: string | undefined, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.body && !headers.has('Content-Type')) headers.set('Content-Type', 'application/fhir+json');
  return Promise.resolve(app.request(`${FHIR_BASE}/${pathAndQuery}`, { ...init, headers }));
}

/** One sample patient's record as a collection Bundle, what an integrator would POST to /api/derive. */
export async function sampleBundle(id: string): Promise<Record<string, unknown>> {
  const { SAMPLE_CASES, SHARED_RESOURCES } = await import('../../server/sandbox/samples');
  const sample = SAMPLE_CASES.find((c) => c.id === id);
  if (!sample) throw new Error(`no sample ${id}`);
  return { resourceType: 'Bundle', type: 'collection', entry: [...SHARED_RESOURCES, ...sample.resources].map((resource) => ({ resource })) };
}
