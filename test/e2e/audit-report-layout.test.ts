// report.html on a phone-sized screen, in Chromium (user trial: the page was 1025 px wide at a 420 px viewport, so
// the whole page scrolled sideways). At 420 x 800 the page itself must not be wider than the viewport: each wide
// table scrolls inside its own container, which can be reached and scrolled with the keyboard. Screenshots at
// 420 x 800 and 1366 x 768 go to artifacts/e2e/.
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport } from '../../src/audit/audit-export';
import { removeDir, tempDir, testCatalog } from '../audit/export-fixture';
import { writeSmallExport } from '../audit/small-export';
import { cannotRun, launchChromium, screenshot, type Browser } from './browser';

const skip = cannotRun();
if (skip) process.stderr.write(`e2e skipped: ${skip}\n`);

let exportDir: string;
let outDir: string;
let browser: Browser | undefined;

beforeAll(async () => {
  if (skip) return;
  exportDir = tempDir('layout-export');
  outDir = tempDir('layout-audit');
  writeSmallExport(exportDir);
  // A line that is not JSON, so the report has its input-fault tables too.
  appendFileSync(join(exportDir, 'Patient.ndjson'), '{"resourceType": "Patient", "id": "cut-sh\n');
  await auditExport({ exportDir, outDir, catalog: testCatalog(), today: '2026-01-02' });
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  if (exportDir) removeDir(exportDir);
  if (outDir) removeDir(outDir);
});

/** The page's width against the viewport's, and the element that reaches furthest past its right edge (outside scrolling boxes). */
async function overflow(page: Page): Promise<{ pageWidth: number; viewport: number; widest: string }> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    let widest = '';
    let right = viewport;
    const clipped = (el: Element): boolean => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll('body *')) {
      // Inside a box that scrolls on its own, an element may be wider than the screen: the page is not.
      if (clipped(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.right > right + 0.5) {
        right = box.right;
        widest = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className)}` : ''} to ${Math.round(box.right)} px`;
      }
    }
    return { pageWidth: document.documentElement.scrollWidth, viewport, widest };
  });
}

describe.skipIf(skip)('report.html layout in Chromium', () => {
  it('at 420 x 800 the page is no wider than the screen; tables scroll in their own keyboard-reachable container', async () => {
    const file = join(outDir, 'report.html');
    expect(existsSync(file)).toBe(true);
    const page = await browser!.context.newPage();
    try {
      await page.setViewportSize({ width: 420, height: 800 });
      await page.goto(pathToFileURL(file).href);
      const narrow = await overflow(page);
      expect(narrow, `page ${narrow.pageWidth} px wide at ${narrow.viewport} px; widest: ${narrow.widest}`).toMatchObject({ pageWidth: narrow.viewport, widest: '' });
      await screenshot(page, 'audit-report-420x800', false);

      // The wide tables are still whole: scrolled sideways inside their container, each a named, focusable region.
      const regions = page.locator('.table-scroll');
      expect(await regions.count()).toBeGreaterThanOrEqual(4);
      const worst = page.getByRole('region', { name: 'Worst encounters first' });
      expect(await worst.getAttribute('tabindex')).toBe('0');
      const [inner, outer] = await worst.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(inner).toBeGreaterThan(outer!);
      await worst.focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => worst.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

      await page.setViewportSize({ width: 1366, height: 768 });
      const wide = await overflow(page);
      expect(wide.pageWidth).toBe(wide.viewport);
      await screenshot(page, 'audit-report-1366x768', false);
    } finally {
      await page.close();
    }
  }, 60_000);
});
