// The CDS Hooks service's latency (issue 17: p95 under 500 ms on this machine for a visit of 20 administrations
// with prefetch; without prefetch the FHIR reads run in parallel). The server runs in this process on loopback
// with the sandbox EHR as the FHIR server; a synthetic visit of 20 administrations (Remicade, Velcade, Keytruda
// and ondansetron from single-dose vials, none with its waste recorded, so every call derives and builds a card).
// Each call carries a fresh ES384 JWT signed before the clock starts: the figure is the service's time, JWT
// verification included, as the EHR sees it (request sent to card list parsed).
import { createServer, type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, Resource } from 'fhir/r4';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { serverConfigFrom } from '../server/config';
import { diagnosis, given, medicarePartB, mg, officeVisit, patient, ROUTES } from '../server/sandbox/samples/fhir-builders';
import { FORMULARY, KEYTRUDA_100, ONDANSETRON_4, REMICADE_100, VELCADE_3_5 } from '../server/sandbox/samples/pharmacy';
import { startServer } from '../server/start';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVICE = 'jcode-assist-encounter-discharge';
const ISS = 'https://bench-ehr.example.org';
const WARMUP = 20;
const CALLS = 200;

function visitOf20(): { patientId: string; encounterId: string; resources: Resource[] } {
  const who = patient({ id: 'bench-patient', given: 'Bench', family: 'Visit', gender: 'female', birthDate: '1960-01-01', mrn: 'BENCH-1' });
  const dx = diagnosis(who, 'bench-dx', 'K50.90', "Crohn's disease, unspecified, without complications");
  const visit = officeVisit(who, { id: 'bench-visit', start: '2026-11-24T08:00:00-06:00', end: '2026-11-24T18:00:00-06:00', diagnoses: [dx], reason: 'Infusions' });
  const doses = [
    { medication: REMICADE_100, dose: mg(350), route: ROUTES.iv },
    { medication: VELCADE_3_5, dose: mg(2.6), route: ROUTES.subcutaneous },
    { medication: KEYTRUDA_100, dose: mg(150), route: ROUTES.iv },
    { medication: ONDANSETRON_4, dose: mg(2), route: ROUTES.iv },
  ];
  const administrations = Array.from({ length: 20 }, (_, i) => {
    const d = doses[i % doses.length]!;
    const minute = 8 * 60 + i * 25;
    const at = (m: number) => `2026-11-24T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00-06:00`;
    return given(who, visit, { id: `bench-ma-${i}`, ...d, start: at(minute), end: at(minute + 20), reason: dx });
  });
  return { patientId: who.id!, encounterId: visit.id!, resources: [who, dx, visit, medicarePartB(who, 'bench-coverage', '1EG4-TE5-MK99'), ...administrations] };
}

function searchset(resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export default async function cdsBench(): Promise<Record<string, string | number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jcode-bench-cds-'));
  for (const shell of ['launch', 'app']) {
    mkdirSync(path.join(dir, 'dist', shell), { recursive: true });
    writeFileSync(path.join(dir, 'dist', shell, 'index.html'), '<!doctype html>');
  }
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const kid = 'bench';
  writeFileSync(
    path.join(dir, 'smart-config.json'),
    JSON.stringify({ cdsHooks: { issuers: [{ iss: ISS, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES384' }] } }] } }),
  );
  // An EHR issuer needs the public URL its tokens name as aud: this machine's loopback on a free port.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const running = await startServer(
    serverConfigFrom(['--port', String(port), '--public-url', base, '--quiet', '--dist', path.join(dir, 'dist'), '--config', path.join(dir, 'smart-config.json')], {}, root),
  );
  try {
    const visit = visitOf20();
    for (const r of visit.resources) await running.sandbox!.repo.createResource(structuredClone(r) as never);
    const of = (type: string) => visit.resources.filter((r) => r.resourceType === type);
    const prefetch = {
      encounter: of('Encounter')[0],
      administrations: searchset([...of('MedicationAdministration'), ...FORMULARY]),
      procedures: searchset([]),
      coverage: searchset(of('Coverage')),
      nurseNotes: searchset([]),
    };
    const token = running.sandbox!.store.issueAccessToken({
      clientId: 'bench',
      scopes: ['patient/*.rs'],
      context: { patient: visit.patientId, fhirUser: 'Practitioner/sandbox-nurse', needPatientBanner: false },
      fromCode: 'bench',
    }).token;
    const context = { userId: 'Practitioner/sandbox-nurse', patientId: visit.patientId, encounterId: visit.encounterId };
    const withPrefetch = JSON.stringify({ hook: 'encounter-discharge', hookInstance: crypto.randomUUID(), context, prefetch });
    const withoutPrefetch = JSON.stringify({
      hook: 'encounter-discharge',
      hookInstance: crypto.randomUUID(),
      context,
      fhirServer: `${base}/sandbox/fhir`,
      fhirAuthorization: { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: 'patient/*.rs', subject: 'bench' },
    });

    const jwt = () =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES384', kid })
        .setIssuer(ISS)
        .setAudience(`${base}/cds-services/${SERVICE}`)
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti(crypto.randomUUID())
        .sign(privateKey);

    async function run(body: string, calls: number): Promise<number[]> {
      const ms: number[] = [];
      for (let i = 0; i < calls; i++) {
        const authorization = `Bearer ${await jwt()}`;
        const start = performance.now();
        const res = await fetch(`${base}/cds-services/${SERVICE}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
        const answer = (await res.json()) as { cards?: unknown[] };
        ms.push(performance.now() - start);
        if (res.status !== 200 || answer.cards?.length !== 1) throw new Error(`expected one card, got ${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
      }
      return ms.sort((a, b) => a - b);
    }

    await run(withPrefetch, WARMUP);
    const pre = await run(withPrefetch, CALLS);
    await run(withoutPrefetch, WARMUP);
    const reads = await run(withoutPrefetch, CALLS);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      visit: '20 administrations, 4 single-dose products, waste not recorded (1 card)',
      calls: `${CALLS} sequential per mode after ${WARMUP} warm-up calls`,
      'prefetch p50 ms': round(percentile(pre, 50)),
      'prefetch p95 ms': round(percentile(pre, 95)),
      'prefetch max ms': round(pre.at(-1)!),
      'prefetch body kB': Math.round(withPrefetch.length / 1024),
      'no prefetch (5 reads in parallel) p50 ms': round(percentile(reads, 50)),
      'no prefetch (5 reads in parallel) p95 ms': round(percentile(reads, 95)),
      'no prefetch max ms': round(reads.at(-1)!),
    };
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
