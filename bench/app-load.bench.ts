// "Open from the EHR" to the first billing line, in Debian's Chromium against the sandbox (issue 14): cold cache
// (a fresh browser context per run), Chrome DevTools network emulation at 0 ms and at 400 ms latency with
// 1.5 Mbit/s each way, median of 5 runs. Also: bytes on the wire per page, requests and repeated requests, the time
// from the app page's arrival to its first paint, and the round-trip floor the SMART dance and the reads impose.
//
// The floor. Emulated latency is added to every request, so a chain of requests that each need the one before
// costs one latency per link, plus the bytes of the chain at the bandwidth. The links no app can avoid:
//   1. the EHR page that frames the app;       2. the launch URL (/launch/?iss&launch);
//   3. the SMART discovery document (its authorize endpoint; the launch code runs beside it);
//   4. authorize (the EHR answers with a redirect); 5. the redirect URL (/app/?code&state);
//   6. the token (the app's code can be fetched before, beside links 3-5); 7. the Encounter (its period bounds the
//   search); 8. the encounter's MedicationAdministrations (with their Medications); 9. the catalog entries of the
//   products they name (our server). Then the line is drawn.
// Floor = 9 x latency + (bytes of every response the page needs) / bandwidth, all bytes counted as if they were on
// the critical path (a lower floor than the truth would be: it only makes the ratio stricter).
import path from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { serverConfigFrom } from '../server/config';
import { buildApp, staleReason } from '../server/ensure-build';
import { startServer } from '../server/start';

const root = path.resolve(import.meta.dirname, '..');
const RUNS = 5;
const PATIENT = 'waste-missing';
const BANDWIDTH_BYTES_PER_S = (1.5 * 1_000_000) / 8;
const FLOOR_LINKS = 9;

interface Run {
  firstLineMs: number;
  /** From the app page's last byte to its first contentful paint. */
  appShellPaintMs: number;
  /** From "Open from the EHR" to the first paint inside the app's frame (until then the frame is blank). */
  framePaintMs: number;
  bytesByPage: Record<string, number>;
  requests: number;
  repeated: string[];
  sequence: string[];
}

export default async function (): Promise<Record<string, string | number>> {
  const distDir = path.join(root, 'dist');
  const stale = staleReason(root, distDir);
  if (stale) await buildApp(root, distDir, () => undefined);
  const server = await startServer({ ...serverConfigFrom(['--port', '0', '--quiet'], {}, root), distDir });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  const figures: Record<string, string | number> = { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' };
  try {
    const base = server.url.replace('localhost', '127.0.0.1');
    await loadOnce(browser, base, 0); // warm the server's code paths; the browser side stays cold per run
    for (const latencyMs of [0, 400]) {
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await loadOnce(browser, base, latencyMs));
      const label = `${latencyMs} ms`;
      const first = median(runs.map((r) => r.firstLineMs));
      figures[`first line, ${label} (median of ${RUNS}, ms)`] = Math.round(first);
      figures[`first line, ${label}, each run (ms)`] = runs.map((r) => Math.round(r.firstLineMs)).join(', ');
      figures[`app page to first paint, ${label} (median, ms)`] = Math.round(median(runs.map((r) => r.appShellPaintMs)));
      figures[`frame blank until, ${label} (median, ms)`] = Math.round(median(runs.map((r) => r.framePaintMs)));
      const last = runs[runs.length - 1]!;
      figures[`requests, ${label}`] = last.requests;
      figures[`repeated requests, ${label}`] = last.repeated.length ? last.repeated.join(' ') : 0;
      if (latencyMs > 0) {
        const bytes = Object.values(last.bytesByPage).reduce((a, b) => a + b, 0);
        for (const [page, n] of Object.entries(last.bytesByPage).sort()) figures[`bytes on the wire: ${page}`] = n;
        const floor = FLOOR_LINKS * latencyMs + (bytes / BANDWIDTH_BYTES_PER_S) * 1000;
        figures[`floor, ${label}: ${FLOOR_LINKS} x latency + ${bytes} B at 1.5 Mbit/s (ms)`] = Math.round(floor);
        figures[`ratio to the floor, ${label}`] = (first / floor).toFixed(2);
        figures[`requests in order, sent-done, ${label}`] = last.sequence.join(' | ');
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}

async function loadOnce(browser: Browser, base: string, latencyMs: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: latencyMs,
    downloadThroughput: latencyMs ? BANDWIDTH_BYTES_PER_S : -1,
    uploadThroughput: latencyMs ? BANDWIDTH_BYTES_PER_S : -1,
  });
  const net = watchNetwork(cdp);
  // Every document of the frame reports its first contentful paint to the EHR page, in wall-clock time.
  await context.addInitScript(() => {
    if (window === window.top) return;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const top = window.top as unknown as { framePaints?: number[] };
        (top.framePaints ??= []).push(performance.timeOrigin + entry.startTime);
      }
    }).observe({ type: 'paint', buffered: true });
  });
  try {
    const startEpoch = Date.now();
    const start = performance.now();
    await page.goto(`${base}sandbox/ehr/${PATIENT}`);
    const app = page.frameLocator('iframe[title="J-Code Assist"]');
    await app.locator('table.lines tbody tr').first().waitFor({ timeout: 60_000 });
    const firstLineMs = performance.now() - start;
    const frame = page.frames().find((f) => f.url().includes('/app/'));
    const appShellPaintMs = frame
      ? await frame.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          return paint && nav ? paint.startTime - nav.responseEnd : NaN;
        })
      : NaN;
    const paints = await page.evaluate(() => (window as unknown as { framePaints?: number[] }).framePaints ?? []);
    const framePaintMs = paints.length ? Math.min(...paints) - startEpoch : NaN;
    return { firstLineMs, appShellPaintMs, framePaintMs, ...net.summary() };
  } finally {
    await context.close();
  }
}

interface Fetch {
  method: string;
  url: URL;
  page: string;
  fromCache: boolean;
  bytes: number;
  /** Seconds on the protocol's clock: sent, and last byte received. */
  sentAt: number;
  doneAt: number;
}

/**
 * What went over the wire, from the DevTools protocol (the page's frames included): each request with the page
 * that asked for it (the document URL at the time), whether the cache answered it, and its encoded bytes.
 */
function watchNetwork(cdp: CDPSession) {
  const fetches = new Map<string, Fetch>();
  const order: Fetch[] = [];
  cdp.on('Network.requestWillBeSent', (e) => {
    const url = new URL(e.request.url);
    if (url.protocol === 'data:') return;
    const documentPath = e.type === 'Document' ? url.pathname : new URL(e.documentURL).pathname;
    const page = documentPath.startsWith('/app/') ? 'app page' : documentPath.startsWith('/launch/') ? 'launch page' : 'EHR page';
    const fetch: Fetch = { method: e.request.method, url, page, fromCache: false, bytes: 0, sentAt: e.timestamp, doneAt: NaN };
    fetches.set(e.requestId, fetch); // a redirect's next hop reuses the id: the hop replaces the redirect
    order.push(fetch);
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const f = fetches.get(e.requestId);
    if (f) f.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const f = fetches.get(e.requestId);
    if (f && (e.response.fromDiskCache || e.response.fromPrefetchCache)) f.fromCache = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const f = fetches.get(e.requestId);
    if (f) {
      f.bytes = e.encodedDataLength;
      f.doneAt = e.timestamp;
    }
  });
  return {
    summary(): Pick<Run, 'bytesByPage' | 'requests' | 'repeated' | 'sequence'> {
      const bytesByPage: Record<string, number> = {};
      const counts = new Map<string, number>();
      const sequence: string[] = [];
      const t0 = order[0]?.sentAt ?? 0;
      const ms = (t: number) => Math.round((t - t0) * 1000);
      for (const f of order) {
        const when = f.fromCache ? 'cache' : `${ms(f.sentAt)}-${ms(f.doneAt)} ms`;
        const label = `${f.method} ${f.url.pathname.replace(/^\/sandbox\/fhir\//, 'fhir/')} (${when})`;
        sequence.push(label);
        if (f.fromCache || f.method === 'OPTIONS') continue;
        bytesByPage[f.page] = (bytesByPage[f.page] ?? 0) + f.bytes;
        const key = `${f.method} ${f.url.pathname}${f.url.search.replace(/=[^&]*/g, '')}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const repeated = [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
      return { bytesByPage, requests: order.filter((f) => !f.fromCache).length, repeated, sequence };
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
