// End-to-end context: the real server on port 0 with the sandbox EHR, the app build (built here when missing or
// stale, so `npm test` needs no separate step), and Debian's Chromium driven by playwright-core: never a
// downloaded browser.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { serverConfigFrom } from '../../server/config';
import { buildApp, staleReason } from '../../server/ensure-build';
import { startServer, type RunningServer } from '../../server/start';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const projectRoot = path.resolve(import.meta.dirname, '../..');
export const artifactsDir = path.join(projectRoot, 'artifacts', 'e2e');
/** With JCODE_UPDATE_SCREENSHOTS=1 the screenshots in docs/ are refreshed from the run too. */
const docsScreenshots = process.env.JCODE_UPDATE_SCREENSHOTS === '1' ? path.join(projectRoot, 'docs', 'screenshots') : undefined;

/** Why the end-to-end tests cannot run here, or undefined. In CI a missing browser is a failure, not a skip. */
export function cannotRun(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} is not installed (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`end-to-end tests need Chromium: ${reason}`);
  return reason;
}

export async function ensureAppBuild(): Promise<void> {
  const distDir = path.join(projectRoot, 'dist');
  const reason = staleReason(projectRoot, distDir);
  if (reason) {
    process.stderr.write(`e2e: building the app first (${reason})\n`);
    await buildApp(projectRoot, distDir, (line) => process.stderr.write(`e2e: ${line}\n`));
  }
}

export async function startDemoServer(): Promise<RunningServer> {
  const config = serverConfigFrom(['--port', '0', '--quiet'], {}, projectRoot);
  return startServer({ ...config, distDir: path.join(projectRoot, 'dist') });
}

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

export async function launchChromium(opts: { timezoneId?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'jcode-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 1000 },
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a full-page screenshot of one step to artifacts/e2e/, and to docs/screenshots/ when refreshing the docs'
 * pictures (`forDocs: false` for steps the docs do not show).
 */
export async function screenshot(page: Page, name: string, forDocs = true, fullPage = true): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage });
  if (docsScreenshots && forDocs) {
    mkdirSync(docsScreenshots, { recursive: true });
    await page.screenshot({ path: path.join(docsScreenshots, `${name}.png`), fullPage });
  }
}

/** Collects the page's uncaught errors and console errors, so a failing step can say what the browser saw. */
export function watchErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('pageerror', (err) => seen.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.push(`console: ${msg.text()}`);
  });
  return seen;
}

/** A suite's demo server and browser; `base` is 127.0.0.1 rather than localhost (one address, still a secure context for PKCE). */
export interface Demo {
  server: RunningServer;
  browser: Browser;
  base: string;
}

/** Starts the demo server and Chromium before the suite's tests (unless e2e cannot run here) and closes both after. */
export function useDemo(opts: { timezoneId?: string } = {}): Demo {
  const demo = {} as Demo;
  beforeAll(async () => {
    if (cannotRun()) return;
    await ensureAppBuild();
    demo.server = await startDemoServer();
    demo.base = demo.server.url.replace('localhost', '127.0.0.1');
    demo.browser = await launchChromium(opts);
  }, 180_000);
  afterAll(async () => {
    await demo.browser?.close();
    await demo.server?.close();
  });
  return demo;
}

/**
 * Opens the app for a sample patient the way the EHR frame would, but as the whole page at the given size, and waits
 * for the heading that says it is ready. Opened as the whole page, the browser asks for a favicon the app does not
 * have (inside an EHR frame it does not).
 */
export async function openAppPage(
  demo: Demo,
  patient: string,
  size: { width: number; height: number },
  readyHeading: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await demo.browser.context.newPage();
  const errors = watchErrors(page);
  await page.setViewportSize(size);
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  await page.goto(`${demo.base}sandbox/ehr/${patient}`);
  const launchUrl = await page.locator('iframe[title="J-Code Assist"]').getAttribute('src');
  await page.goto(new URL(launchUrl!, demo.base).href);
  await page.getByRole('heading', { name: readyHeading }).waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** How far the page scrolls sideways: 0 when nothing is wider than the screen. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The derived lines as "CODE-MODIFIERS x units" (or "CODE pending" while waste is missing), read from the table the user sees. */
export async function visibleLines(app: FrameLocator): Promise<string[]> {
  const rows = app.locator('table.lines tbody tr:not(.rule)');
  const out: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const code = (await row.locator('th').innerText()).split(/\s/)[0] ?? '';
    if ((await row.getAttribute('class'))?.includes('pending')) {
      out.push(`${code} pending`);
      continue;
    }
    const cells = await row.locator('td').allInnerTexts();
    const modifiers = (cells[1] ?? '').split(',').map((m) => m.trim()).filter(Boolean);
    out.push(`${[code, ...modifiers].join('-')} x${(cells[2] ?? '').trim()}`);
  }
  return out.sort();
}

/** A read token for checking what the app wrote, issued by the sandbox's own authorization store. */
export function readerToken(demo: Demo): string {
  return demo.server.sandbox!.store.issueAccessToken({
    clientId: 'e2e-reader',
    scopes: ['user/*.rs'],
    context: { fhirUser: 'Practitioner/sandbox-nurse', needPatientBanner: true },
    fromCode: 'e2e-reader',
  }).token;
}
