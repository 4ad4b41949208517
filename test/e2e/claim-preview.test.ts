// The claim preview in Chromium, with the sandbox's own configuration: the app gets the fee schedule through
// GET /api/config and shows, before the draft is written, each line's charge (units x fee), NDC with its quantity
// code, pointers, the total and the attending physician, in a 420 px side panel without sideways scrolling.
// Screenshots go to artifacts/e2e/ (and docs/screenshots/ with JCODE_UPDATE_SCREENSHOTS=1).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cannotRun, screenshot, useDemo, watchErrors } from './browser';

const skip = cannotRun();
const demo = useDemo();

/** Opens the app for a sample patient as the EHR frame would, as the whole page at the given width. */
async function openApp(patient: string, width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await demo.browser.context.newPage();
  const errors = watchErrors(page);
  await page.setViewportSize({ width, height: 900 });
  await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  await page.goto(`${demo.base}sandbox/ehr/${patient}`);
  const launchUrl = await page.locator('iframe[title="J-Code Assist"]').getAttribute('src');
  await page.goto(new URL(launchUrl!, demo.base).href);
  await page.getByRole('heading', { name: 'What the biller will see' }).waitFor({ timeout: 30_000 });
  return { page, errors };
}

describe.skipIf(skip)('the claim preview', () => {
  it('exact vials: J9271-JZ 200 x $58.75 = $11,750.00, 96413 $310.00, total $12,060.00, the physician renders', async () => {
    const { page, errors } = await openApp('exact-vials', 420);
    try {
      const items = page.locator('.claim-items > li');
      expect(await items.count()).toBe(2);
      const first = await items.nth(0).innerText();
      expect(first).toContain('J9271-JZ');
      expect(first).toContain('200 × $58.75 = $11,750.00');
      expect(first).toContain('00006-3026-02, 8 ML');
      expect(await items.nth(1).innerText()).toContain('1 × $310.00 = $310.00');
      expect(await page.locator('.claim-total').innerText()).toBe('Total charges: $12,060.00');
      const parties = await page.locator('.claim-parties').innerText();
      expect(parties).toContain('Priya Raman MD, NPI 1245319599');
      expect(parties).toContain('NPI 1987654328, tax id 12-3456789');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      await screenshot(page, 'claim-preview-420');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('more than 12 diagnoses: 12 listed, what to add names the two left off', async () => {
    const { page } = await openApp('many-conditions', 1366);
    try {
      expect(await page.locator('.claim-diagnoses > li').count()).toBe(12);
      expect(await page.locator('.claim-to-add').innerText()).toContain('M17.0, Z79.4');
      expect(await page.locator('.claim-items > li').nth(0).innerText()).toContain('2, 1, 3, 4');
    } finally {
      await page.close();
    }
  });
});
