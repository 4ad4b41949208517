// The HTTP server: start-up time (in process, with and without the sandbox EHR, and a whole `node server/main.ts`
// process to its first line), then POST /api/derive under a bounded load on loopback only: autocannon,
// 10 connections for 10 s, a one-encounter Bundle (the "exact vials" sample). Target: above 1,000 requests/s
// on this 2-core machine. The server runs in its own process so the load generator does not share its CPU.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverConfigFrom } from '../server/config';
import { SAMPLE_CASES, SHARED_RESOURCES } from '../server/sandbox/samples';
import { startServer } from '../server/start';
import { placeholderDist, serverProcess } from './server-process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DURATION_S = 10;
const CONNECTIONS = 10;

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function inProcessStartMs(dist: string, sandbox: boolean): Promise<number> {
  const args = ['--port', '0', '--dist', dist, '--quiet', ...(sandbox ? [] : ['--no-sandbox', '--ehr-origin', 'https://ehr.example.org'])];
  const start = performance.now();
  const running = await startServer(serverConfigFrom(args, {}, root));
  const ms = performance.now() - start;
  await running.close();
  return ms;
}

export default async function serverBench(): Promise<Record<string, string | number>> {
  const dist = placeholderDist();
  try {
    const withSandbox = await inProcessStartMs(dist, true);
    const withoutSandbox = await inProcessStartMs(dist, false);
    const sample = SAMPLE_CASES.find((c) => c.id === 'exact-vials')!;
    const body = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [...SHARED_RESOURCES, ...sample.resources].map((resource) => ({ resource })) });
    const { child, url, readyMs } = await serverProcess(dist, ['--ehr-origin', 'https://ehr.example.org']);
    try {
      const target = { url: `${url}api/derive`, method: 'POST' as const, headers: { 'Content-Type': 'application/fhir+json' }, body };
      await autocannon({ ...target, connections: CONNECTIONS, duration: 2 }); // warm-up: JIT, connection pools
      const result = await autocannon({ ...target, connections: CONNECTIONS, duration: DURATION_S });
      return {
        'start-up, in process, with sandbox (ms)': Math.round(withSandbox),
        'start-up, in process, production (ms)': Math.round(withoutSandbox),
        'start-up, `node server/main.ts` to its address line (ms)': Math.round(readyMs),
        'derive bundle (bytes, one encounter)': body.length,
        'load': `${CONNECTIONS} connections x ${DURATION_S} s, loopback`,
        '/api/derive requests/s (mean)': Math.round(result.requests.average),
        '/api/derive p50 latency (ms)': result.latency.p50,
        '/api/derive p99 latency (ms)': result.latency.p99,
        '/api/derive max latency (ms)': result.latency.max,
        'requests': result.requests.total,
        'non-2xx / errors / timeouts': `${result.non2xx} / ${result.errors} / ${result.timeouts}`,
        'target (> 1,000 requests/s)': result.requests.average > 1000 && result.non2xx === 0 ? 'met' : 'NOT met',
      };
    } finally {
      child.kill('SIGTERM');
    }
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
}
