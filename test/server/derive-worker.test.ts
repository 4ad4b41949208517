// /api/derive off the event loop (issue 11, item 2), on a real listening server (port 0): /healthz keeps answering
// while the largest allowed Bundle is derived, a Bundle that runs out of time gets 503 with an OperationOutcome and
// the server derives the next one, and the request's own time bounds the job. How fast /healthz answers is measured
// in bench/derive-worst.bench.ts; here, that it answers at all while derive works.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { serverConfigFrom, ServerConfigError } from '../../server/config';
import { DerivePool } from '../../server/derive/derive-pool';
import { startServer, type RunningServer } from '../../server/start';
import { adversarialBundle } from '../support/adversarial-bundle';
import { fakeDist, sampleBundle, testApp } from './helpers';

const dist = fakeDist();
const MAX_ENTRIES = 10_000;
const BODY_LIMIT = 5 * 1024 * 1024;
const errors: unknown[] = [];
const started: RunningServer[] = [];

async function server(extra: string[] = []): Promise<RunningServer> {
  const config = serverConfigFrom(
    ['--port', '0', '--dist', dist.dir, '--quiet', '--no-sandbox', '--ehr-origin', 'https://ehr.example.org', '--max-entries', String(MAX_ENTRIES), '--body-limit', String(BODY_LIMIT), '--derive-workers', '1', ...extra],
    {},
  );
  const running = await startServer({ ...config, smartConfig: { path: path.join(dist.dir, 'absent.json'), explicit: false } }, { onError: (e) => errors.push(e), today: () => '2026-11-27' });
  started.push(running);
  return running;
}

const post = (running: RunningServer, body: string) =>
  fetch(new URL('/api/derive', running.url), { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body });

interface Outcome {
  resourceType: string;
  issue: { severity: string; code: string; diagnostics: string }[];
}

const largest = JSON.stringify(adversarialBundle({ maxEntries: MAX_ENTRIES }));

afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  dist.remove();
});

describe('the largest allowed Bundle', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await server();
  });

  it('is within the limits: 10,000 entries in under 5 MB', () => {
    expect(largest.length).toBeLessThan(BODY_LIMIT);
    expect((JSON.parse(largest) as { entry: unknown[] }).entry).toHaveLength(MAX_ENTRIES);
  });

  it('derives in a worker while /healthz keeps answering', async () => {
    let deriveDone = false;
    const derived = post(running, largest).then(async (res) => {
      deriveDone = true;
      return { status: res.status, body: (await res.json()) as { results: { lines: { code: string; modifiers: string[]; units: number }[] }[] } };
    });
    // /healthz, one after another, until the derive answers: each one answered before it is the event loop at work.
    let answeredDuring = 0;
    while (!deriveDone) {
      const res = await fetch(new URL('/healthz', running.url));
      expect(res.status).toBe(200);
      if (!deriveDone) answeredDuring++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { status, body } = await derived;
    expect(status).toBe(200);
    expect(answeredDuring).toBeGreaterThan(3);
    expect(body.results).toHaveLength(3332);
    expect(body.results[2]!.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} x${l.units}`)).toEqual(['J9299 x1900006', 'J9299-JW x5', '96413 x1']);
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('time limits', () => {
  it('a Bundle that runs past --derive-timeout gets 503 and an OperationOutcome; the next Bundle derives', async () => {
    const running = await server(['--derive-timeout', '200']);
    const res = await post(running, largest);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const outcome = (await res.json()) as Outcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'too-costly' });
    expect(outcome.issue[0]!.diagnostics).toContain('200 ms');
    expect((await fetch(new URL('/healthz', running.url))).status).toBe(200);
    // The stopped worker was replaced: a small Bundle derives as usual.
    const next = await post(running, JSON.stringify(await sampleBundle('exact-vials')));
    expect(next.status).toBe(200);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the request timeout bounds the job too: --request-timeout 250 stops a derive allowed 60 s', async () => {
    // 250 ms: well under what the largest Bundle takes to derive even on an idle machine (about a second), so the
    // request's own limit is what stops it.
    const running = await server(['--request-timeout', '250', '--derive-timeout', '60000']);
    const res = await post(running, largest);
    // Either the job's own answer (503, stopped at what was left of the request's time) or the request's 408.
    expect([503, 408]).toContain(res.status);
    const outcome = (await res.json()) as Outcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    if (res.status === 503) expect(Number(/\((\d+) ms\)/.exec(outcome.issue[0]!.diagnostics)?.[1])).toBeLessThan(250);
    // The stopped worker's replacement takes a moment to load the engine; within the second a request is allowed
    // here, a small Bundle may still find it loading (503). The server derives again once it is ready.
    const small = JSON.stringify(await sampleBundle('exact-vials'));
    let status = 0;
    for (let attempt = 0; attempt < 30 && status !== 200; attempt++) {
      status = (await post(running, small)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status).toBe(200);
  }, 120_000);

  it('bad input still gets 400 from the worker, with the same OperationOutcome as before', async () => {
    const running = started[0]!;
    const res = await post(running, '{"resourceType": "Bundle", ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as Outcome).issue[0]!.diagnostics).toContain('not valid JSON');
  });
});

describe('the derive pool', () => {
  it('answers "busy" at once when its queue is full, and every queued job still gets its answer', async () => {
    const { entries } = await loadCatalog();
    const pool = new DerivePool({ data: { catalog: entries, settings: defaultBillingSettings, maxBundleEntries: MAX_ENTRIES }, workers: 1, timeLimitMs: 60_000, maxQueued: 1 });
    try {
      await pool.warm();
      const job = { body: largest, today: '2026-11-27' };
      const answers = await Promise.all([pool.run(job), pool.run(job), pool.run(job)]);
      expect(answers.map((a) => a.kind)).toEqual(['ok', 'ok', 'busy']);
      expect(answers[2]).toEqual({ kind: 'busy', reason: 'full', waitedMs: 0 });
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('bounds the bytes its queue holds: a body that would pass the bound is "busy", a small one still queues', async () => {
    const { entries } = await loadCatalog();
    const pool = new DerivePool({ data: { catalog: entries, settings: defaultBillingSettings, maxBundleEntries: MAX_ENTRIES }, workers: 1, timeLimitMs: 60_000, maxQueued: 100, maxQueuedBytes: largest.length + 100_000 });
    try {
      await pool.warm();
      const big = { body: largest, today: '2026-11-27' };
      const small = { body: JSON.stringify(await sampleBundle('exact-vials')), today: '2026-11-27' };
      // The first runs at once (the worker is idle); the second fills the queue's bytes; the third would pass them.
      const answers = await Promise.all([pool.run(big), pool.run(big), pool.run(big), pool.run(small)]);
      expect(answers.map((a) => a.kind)).toEqual(['ok', 'ok', 'busy', 'ok']);
      expect(answers[2]).toMatchObject({ reason: 'full' });
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a job that waits past its queue-wait limit is "busy" (it never ran), and the running job is not disturbed', async () => {
    const { entries } = await loadCatalog();
    const pool = new DerivePool({ data: { catalog: entries, settings: defaultBillingSettings, maxBundleEntries: MAX_ENTRIES }, workers: 1, timeLimitMs: 60_000, maxQueued: 100, maxWaitMs: 150 });
    try {
      await pool.warm();
      const running = pool.run({ body: largest, today: '2026-11-27' });
      // The largest Bundle takes about a second of the worker even on an idle machine: the small one waits behind it.
      const waiting = await pool.run({ body: JSON.stringify(await sampleBundle('exact-vials')), today: '2026-11-27' });
      expect(waiting).toMatchObject({ kind: 'busy', reason: 'waited' });
      expect((waiting as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(140);
      expect((await running).kind).toBe('ok');
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a job whose caller goes away is dropped; a long one has its worker stopped after the grace, and the next job derives', async () => {
    const { entries } = await loadCatalog();
    const pool = new DerivePool({ data: { catalog: entries, settings: defaultBillingSettings, maxBundleEntries: MAX_ENTRIES }, workers: 1, timeLimitMs: 60_000, maxQueued: 2, abandonGraceMs: 50 });
    try {
      await pool.warm();
      const gone = new AbortController();
      const dropped = pool.run({ body: largest, today: '2026-11-27' }, { signal: gone.signal });
      gone.abort();
      expect((await dropped).kind).toBe('cancelled');
      const answer = await pool.run({ body: JSON.stringify(await sampleBundle('exact-vials')), today: '2026-11-27' });
      expect(answer.kind).toBe('ok');
      // The largest Bundle takes about a second, far past the 50 ms grace: its worker was stopped and replaced.
      expect(pool.started).toBe(2);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('a short job whose caller goes away while it runs ends in its worker, which is kept (no second to start another)', async () => {
    const { entries } = await loadCatalog();
    const pool = new DerivePool({ data: { catalog: entries, settings: defaultBillingSettings, maxBundleEntries: MAX_ENTRIES }, workers: 1, timeLimitMs: 60_000, maxQueued: 2, abandonGraceMs: 30_000 });
    try {
      await pool.warm();
      const small = JSON.stringify(await sampleBundle('exact-vials'));
      const gone = new AbortController();
      const dropped = pool.run({ body: small, today: '2026-11-27' }, { signal: gone.signal });
      gone.abort();
      expect((await dropped).kind).toBe('cancelled');
      // The next job waits for the dropped one to end (a worker does one job at a time), then derives in the same worker.
      expect((await pool.run({ body: small, today: '2026-11-27' })).kind).toBe('ok');
      expect(pool.started).toBe(1);
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('concurrent requests', () => {
  it('a one-worker server answers 40 requests sent at once, every one derived (none refused as busy)', async () => {
    const running = await server();
    const body = JSON.stringify(await sampleBundle('exact-vials'));
    const statuses = await Promise.all(Array.from({ length: 40 }, () => post(running, body).then(async (res) => (await res.arrayBuffer(), res.status))));
    expect(statuses).toEqual(Array.from({ length: 40 }, () => 200));
  }, 120_000);

  it('a request that waits past the queue-wait limit gets 503, an OperationOutcome and Retry-After', async () => {
    const { entries } = await loadCatalog();
    const pool = new DerivePool({ data: { catalog: entries, settings: defaultBillingSettings, maxBundleEntries: MAX_ENTRIES }, workers: 1, timeLimitMs: 60_000, maxQueued: 100, maxWaitMs: 150 });
    const t = await testApp({ app: { derivePool: pool, bodyLimitBytes: BODY_LIMIT } });
    try {
      await pool.warm();
      const request = (body: string) => t.app.request('/api/derive', { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body });
      const first = request(largest);
      const res = await request(JSON.stringify(await sampleBundle('exact-vials')));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.headers.get('content-type')).toContain('application/fhir+json');
      const outcome = (await res.json()) as Outcome;
      expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'transient' });
      expect(outcome.issue[0]!.diagnostics).toMatch(/no worker was free within \d+ ms; nothing was derived/);
      expect((await first).status).toBe(200);
    } finally {
      await pool.close();
      t.cleanup();
    }
  }, 120_000);
});

describe('the body on the wire', () => {
  const chunked = (running: RunningServer, text: string) => {
    const bytes = new TextEncoder().encode(text);
    // A stream of no declared length: sent with Transfer-Encoding: chunked, counted as it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
        controller.close();
      },
    });
    return fetch(new URL('/api/derive', running.url), { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: stream, duplex: 'half' } as RequestInit);
  };

  it('a declared length over the limit gets 413 before the body is read; a chunked body is counted as it comes', async () => {
    const running = await server(['--body-limit', '65536']);
    const over = `{"resourceType":"Bundle","padding":"${'x'.repeat(70_000)}"}`;
    const declared = await post(running, over);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as Outcome).issue[0]).toMatchObject({ code: 'too-costly' });
    const streamed = await chunked(running, over);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as Outcome).issue[0]!.diagnostics).toContain('65536 bytes');
    const within = await chunked(running, JSON.stringify(await sampleBundle('exact-vials')));
    expect(within.status).toBe(200);
  }, 120_000);
});

describe('configuration', () => {
  it('reads --derive-timeout and --derive-workers (and their variables), and refuses nonsense', () => {
    const base = ['--dist', dist.dir];
    expect(serverConfigFrom([...base, '--derive-timeout', '5000', '--derive-workers', '3'], {})).toMatchObject({ deriveTimeoutMs: 5000, deriveWorkers: 3 });
    expect(serverConfigFrom(base, { JCODE_DERIVE_TIMEOUT_MS: '7000', JCODE_DERIVE_WORKERS: '2' })).toMatchObject({ deriveTimeoutMs: 7000, deriveWorkers: 2 });
    expect(serverConfigFrom(base, {}).deriveTimeoutMs).toBe(20_000);
    expect(() => serverConfigFrom([...base, '--derive-timeout', '0', '--derive-workers', 'many'], {})).toThrow(ServerConfigError);
    try {
      serverConfigFrom([...base, '--derive-timeout', '0', '--derive-workers', 'many'], {});
    } catch (err) {
      expect((err as ServerConfigError).problems.join('\n')).toMatch(/--derive-timeout.*\n.*--derive-workers/);
    }
  });
});
