// The claim preview in Chromium, with the sandbox's own configuration: the app gets the fee schedule through
// GET /api/config and shows, before the draft is written, a header with who is billed and for when (patient and
// payer as the sandbox EHR gives them, date of service, providers with NPI, total), the diagnoses lettered A-L and
// each line's pointers as those letters, each line's charge (units x fee) and NDC with its quantity code. At 420 px
// (the EHR's side panel) the lines are cards; at 1366 and 1920 px a table; at no width does the page scroll sideways.
// Screenshots go to artifacts/e2e/ (and docs/screenshots/ with JCODE_UPDATE_SCREENSHOTS=1).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cannotRun, openAppPage, screenshot, sidewaysOverflow, useDemo } from './browser';

const skip = cannotRun();
const demo = useDemo();

const openApp = (patient: string, width: number, height = 900) => openAppPage(demo, patient, { width, height }, 'What the biller will see');

/** How the lines table is laid out: 'table' on a wide screen, 'block' (cards) in a side panel. */
const linesDisplay = (page: Page) => page.locator('table.claim-lines').evaluate((t) => getComputedStyle(t).display);

describe.skipIf(skip)('the claim preview', () => {
  it('exact vials at 420 px: the header says who is billed and for when; J9271-JZ 200 x $58.75 points at A; cards', async () => {
    const { page, errors } = await openApp('exact-vials', 420, 800);
    try {
      const header = await page.locator('.claim-header').innerText();
      expect(header).toContain('Walter Brooks');
      expect(header).toContain('Medicare Part B, member ID 1EG4-TE5-MK73');
      expect(header).toContain('2026-11-24');
      expect(header).toContain('Priya Raman MD, NPI 1245319599');
      expect(header).toContain('NPI 1987654328, tax id 12-3456789');
      expect(await page.locator('.claim-total dd').innerText()).toBe('$12,060.00');
      const rows = page.locator('.claim-lines tbody tr');
      expect(await rows.count()).toBe(2);
      const first = rows.nth(0);
      expect(await first.locator('.code strong').innerText()).toBe('J9271');
      expect(await first.locator('.modifiers').innerText()).toContain('JZ');
      expect(await first.locator('.charge').innerText()).toContain('200 × $58.75 = $11,750.00');
      expect(await first.locator('.ndc').innerText()).toContain('00006-3026-02, 8 ML');
      expect(await first.locator('.pointers').innerText()).toContain('A');
      expect(await rows.nth(1).locator('.charge').innerText()).toContain('1 × $310.00 = $310.00');
      expect(await linesDisplay(page)).toBe('block');
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'claim-preview-420');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('more than 12 diagnoses at 1366 and 1920 px: lettered A-L, pointers B, A, C, D, the lines a table, no sideways scroll', async () => {
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      const { page, errors } = await openApp('many-conditions', width, height);
      try {
        const letters = await page.locator('.claim-diagnoses .dx-letter').allInnerTexts();
        expect(letters).toEqual([...'ABCDEFGHIJKL']);
        expect(await page.locator('.claim-to-add').innerText()).toContain('M17.0, Z79.4');
        expect(await page.locator('.claim-lines tbody tr').nth(0).locator('.pointers').innerText()).toBe('B, A, C, D');
        expect(await linesDisplay(page)).toBe('table');
        expect(await page.locator('.claim-lines thead').isVisible()).toBe(true);
        expect(await sidewaysOverflow(page)).toBe(0);
        // The viewport with the preview's top at the top: what a biller sees of it on that screen.
        await page.locator('.claim-preview').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await screenshot(page, `claim-preview-${width}`, width === 1920, false);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });
});
