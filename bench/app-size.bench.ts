// The SMART app's weight and latency shape (issue 3): gzipped JavaScript each page loads (targets: app < 60 kB,
// launch page < 35 kB), and the number of sequential FHIR round trips from the token to the first rendered line
// (target: 2 with _include or contained Medications, 3 otherwise, plus one per extra page), counted against the
// msw EHRs the app tests use: a request's depth is one more than the deepest request finished when it started.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { setupServer } from 'msw/node';
import { build } from 'vite';
import { readEncounter } from '../src/fhir/read-encounter';
import { FhirRest } from '../src/fhir/rest';
import { GrantedScopes } from '../src/fhir/scopes';
import type { FhirSession } from '../src/fhir/session';
import { FakeEhr, type FakeEhrOptions } from '../test/app/support/fake-ehr';
import { ehrOptions, encounterResources, SCOPES } from '../test/app/support/fixtures';
import { RoundTrips } from '../test/app/support/round-trips';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, '.bench-tmp', 'app-dist');

export default async function (): Promise<Record<string, string | number>> {
  await build({ root, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  const figures: Record<string, string | number> = {
    'launch page JS (kB gzip)': kb(await pageScriptBytes('launch/index.html')),
    'app page JS (kB gzip)': kb(await pageScriptBytes('app/index.html')),
  };
  const scenarios: [string, FakeEhrOptions][] = [
    ['Epic-like, _include', ehrOptions('epic')],
    ['Oracle-like, contained Medication', ehrOptions('oracle')],
    ['referenced Medication, no _include', ehrOptions('epic', { include: false })],
    ['Oracle-like, 27 in window, pages of 10', ehrOptions('oracle', { resources: encounterResources('oracle', { extraAdministrations: 25 }) })],
    ['Epic-like, 1,002 in window, pages of 100', ehrOptions('epic', { resources: encounterResources('epic', { extraAdministrations: 1000 }) })],
  ];
  for (const [name, options] of scenarios) {
    const { depth, requests, ms } = await roundTrips(options);
    figures[`round trips: ${name}`] = `${depth} (${requests} requests, ${ms} ms)`;
  }
  return figures;
}

/** Gzipped bytes of the entry script and every module it preloads, as listed in the built page. */
async function pageScriptBytes(page: string): Promise<number> {
  const html = await readFile(path.join(outDir, page), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  let total = 0;
  for (const file of new Set(files)) total += gzipSync(await readFile(path.join(outDir, file))).length;
  return total;
}

async function roundTrips(options: FakeEhrOptions): Promise<{ depth: number; requests: number; ms: number }> {
  const ehr = new FakeEhr(options);
  const server = setupServer(...ehr.handlers());
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const token = ehr.issueToken();
    const trips = new RoundTrips();
    const session: FhirSession = {
      context: {
        serverUrl: options.base,
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
    const record = await readEncounter(new FhirRest(options.base, session.fetch), session.context);
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
