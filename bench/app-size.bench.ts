// The SMART app's weight and latency shape (issue 3): gzipped JavaScript each page loads (targets: app < 60 kB,
// launch page < 35 kB), and the number of sequential FHIR round trips from the token to the first rendered line
// (target: 2 with _include or contained Medications, 3 otherwise, plus one per extra page), counted against the
// sandbox EHR with the quirks the app tests use (test/app/support/quirky-ehr.ts): a request's depth is one more than the deepest request finished when it started.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { setupServer } from 'msw/node';
import { build } from 'vite';
import { readEncounter } from '../src/fhir/read-encounter';
import { FhirRest } from '../src/fhir/rest';
import { GrantedScopes } from '../src/fhir/scopes';
import type { FhirSession } from '../src/fhir/session';
import { encounterResources, sandboxEhrOptions, SCOPES } from '../test/app/support/fixtures';
import { EHR_BASE, QuirkyEhr, type QuirkyEhrOptions } from '../test/app/support/quirky-ehr';
import { RoundTrips } from '../test/app/support/round-trips';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.bench-tmp', 'app-dist');

export default async function (): Promise<Record<string, string | number>> {
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const launch = await pageScripts('launch/index.html');
  const app = await pageScripts('app/index.html');
  const figures: Record<string, string | number> = {
    'launch page JS (kB gzip)': kb(await gzippedBytes(launch)),
    'app page JS (kB gzip)': kb(await gzippedBytes(app)),
    // Every launch passes through the launch page first, and the modules both pages share are served immutable,
    // so these are the bytes the app page itself brings over the network.
    'app page JS not already loaded by the launch page (kB gzip)': kb(await gzippedBytes(app.filter((f) => !launch.includes(f)))),
  };
  const scenarios: [string, QuirkyEhrOptions][] = [
    ['Epic-like, _include', sandboxEhrOptions('epic')],
    ['Oracle-like, contained Medication', sandboxEhrOptions('oracle')],
    ['referenced Medication, no _include', sandboxEhrOptions('epic', { noInclude: true })],
    ['Oracle-like, 27 in window, pages of 10', sandboxEhrOptions('oracle', { resources: encounterResources('oracle', { extraAdministrations: 25 }) })],
    ['Epic-like, 1,002 in window, pages of 100', sandboxEhrOptions('epic', { resources: encounterResources('epic', { extraAdministrations: 1000 }) })],
  ];
  for (const [name, options] of scenarios) {
    const { depth, requests, ms } = await roundTrips(options);
    figures[`round trips: ${name}`] = `${depth} (${requests} requests, ${ms} ms)`;
  }
  return figures;
}

/** The entry script and every module it preloads, as listed in the built page. */
async function pageScripts(page: string): Promise<string[]> {
  const html = await readFile(path.join(outDir, page), 'utf8');
  return [...new Set([...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]!))];
}

async function gzippedBytes(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(path.join(outDir, file))).length;
  return total;
}

async function roundTrips(options: QuirkyEhrOptions): Promise<{ depth: number; requests: number; ms: number }> {
  const ehr = await QuirkyEhr.create(options);
  const server = setupServer(...ehr.handlers());
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const token = ehr.issueToken(SCOPES);
    const trips = new RoundTrips();
    const session: FhirSession = {
      context: {
        serverUrl: EHR_BASE,
        patientId: 'p1',
        encounterId: 'e1',
        fhirUser: 'Practitioner/n1',
        scopes: new GrantedScopes(SCOPES),
        needPatientBanner: true,
        smartStyleUrl: undefined,
      },
      fetch: trips.wrap((url, init) => fetch(url, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } })),
    };
    const started = performance.now();
    const record = await readEncounter(new FhirRest(EHR_BASE, session.fetch), session.context);
    const ms = Math.round(performance.now() - started);
    if (!record.administrations.some((a) => a.id === 'ma1')) throw new Error('the encounter administration was not read');
    return { depth: trips.depth, requests: trips.requests.length, ms };
  } finally {
    server.close();
  }
}

/** kB of 1,000 bytes, as Vite reports them. */
function kb(bytes: number): number {
  return Math.round(bytes / 100) / 10;
}
