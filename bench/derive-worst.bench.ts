// Worst-case derive (issue 11): the adversarial Bundle of test/support/adversarial-bundle.ts (10,000 entries, the
// API's entry limit: 3,332 encounters, each one single-dose administration of a different huge dose, 1,900,000 mg,
// 1,900,003 mg, ..., with its waste record), derived in process; then the same Bundle padded with nurse notes to
// just under the 5 MB body limit, POSTed to a server in its own process while /healthz is asked every 50 ms.
// Targets: the whole Bundle in under 10 s; /healthz within 100 ms while /api/derive works.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, MedicationAdministration } from 'fhir/r4';
import { derive } from '../src/billing';
import { serverProcess } from './server-process';
import { CatalogIndex } from '../src/catalog/catalog-index';
import { starterCatalog } from '../src/catalog/starter';
import { defaultBillingSettings } from '../src/config/smart-config';
import { adversarialBundle } from '../test/support/adversarial-bundle';

const MAX_ENTRIES = 10_000;
const BODY_LIMIT = 5 * 1024 * 1024;
const HEALTH_EVERY_MS = 50;

/** The adversarial Bundle with a note on each administration, filled to within 1 KB of the body limit. */
function largestBody(): string {
  const bundle = adversarialBundle({ maxEntries: MAX_ENTRIES });
  const administrations = bundle
    .entry!.map((e) => e.resource)
    .filter((r): r is MedicationAdministration => r?.resourceType === 'MedicationAdministration' && (r as MedicationAdministration).status === 'completed');
  const spare = BODY_LIMIT - 1024 - JSON.stringify(bundle).length;
  const per = Math.floor(spare / administrations.length) - '"note":[{"text":""}],'.length;
  for (const ma of administrations) ma.note = [{ text: 'n'.repeat(Math.max(0, per)) }];
  return JSON.stringify(bundle);
}

function fakeDist(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jcode-bench-dist-'));
  for (const shell of ['launch', 'app']) {
    mkdirSync(path.join(dir, shell));
    writeFileSync(path.join(dir, shell, 'index.html'), '<!doctype html>');
  }
  return dir;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function healthzWhileDeriving(url: string, body: string): Promise<{ status: number; deriveMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const started = performance.now();
  const derived = fetch(new URL('/api/derive', url), { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body }).then(async (res) => {
    await res.arrayBuffer();
    done = true;
    return { status: res.status, deriveMs: performance.now() - started };
  });
  while (!done) {
    const asked = performance.now();
    await (await fetch(new URL('/healthz', url))).arrayBuffer();
    if (!done) latencies.push(performance.now() - asked);
    await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
  }
  return { ...(await derived), latencies };
}

export default async function deriveWorstBench(): Promise<Record<string, string | number>> {
  const adversarial: Bundle = adversarialBundle({ maxEntries: MAX_ENTRIES });
  const catalog = new CatalogIndex(starterCatalog);
  let encounters = 0;
  // The best of three: the machine's cores are shared, and the engine's own cost is the fastest run.
  let seconds = Infinity;
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    encounters = derive(adversarial, catalog, defaultBillingSettings, { today: '2026-12-31' }).results.length;
    seconds = Math.min(seconds, (performance.now() - t) / 1000);
  }

  const body = largestBody();
  const dist = fakeDist();
  const { child, url } = await serverProcess(dist, ['--allow-no-framing']);
  try {
    // The same questions with nothing to derive: what this machine's load alone costs them.
    const idle: number[] = [];
    for (let i = 0; i < 40; i++) {
      const asked = performance.now();
      await (await fetch(new URL('/healthz', url))).arrayBuffer();
      idle.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
    }
    idle.sort((a, b) => a - b);
    const { status, deriveMs, latencies } = await healthzWhileDeriving(url, body);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      'adversarial Bundle (entries)': adversarial.entry!.length,
      encounters,
      'derive in process, s (best of 3)': seconds.toFixed(2),
      'ms per encounter': ((seconds * 1000) / encounters).toFixed(2),
      'target (whole Bundle)': '< 10 s',
      'largest body (bytes)': body.length,
      'POST /api/derive status': status,
      'POST /api/derive, s': (deriveMs / 1000).toFixed(2),
      '/healthz asked while deriving': latencies.length,
      '/healthz p50 ms': percentile(sorted, 50).toFixed(1),
      '/healthz p95 ms': percentile(sorted, 95).toFixed(1),
      '/healthz max ms': (sorted.at(-1) ?? NaN).toFixed(1),
      '/healthz idle p50 / p95 / max ms': `${percentile(idle, 50).toFixed(1)} / ${percentile(idle, 95).toFixed(1)} / ${(idle.at(-1) ?? NaN).toFixed(1)}`,
      'target (/healthz)': '< 100 ms',
    };
  } finally {
    child.kill('SIGTERM');
    rmSync(dist, { recursive: true, force: true });
  }
}
