// The app in an EHR's side panel (issue 14): at 420 px wide every line shows its code, units and description
// without sideways scrolling, the waste form fits and its Save button is on screen while the form is open; at
// 1366 and 1920 px the lines stay a table. Screenshots of each size go to artifacts/e2e/ (and to
// docs/screenshots/ with JCODE_UPDATE_SCREENSHOTS=1).
import { describe, expect, it } from 'vitest';
import { cannotRun, openAppPage, screenshot, sidewaysOverflow, useDemo, watchErrors } from './browser';

const skip = cannotRun();
const demo = useDemo();

const openApp = (patient: string, width: number, height: number) => openAppPage(demo, patient, { width, height }, 'Billing lines');


describe.skipIf(skip)('side panel and full screen', () => {
  it('at 420 px each line is a card with code, units and description on screen, and nothing scrolls sideways', async () => {
    const { page, errors } = await openApp('chemo-antiemetic', 420, 800);
    try {
      expect(await sidewaysOverflow(page)).toBe(0);
      const rows = page.locator('table.lines tbody tr:not(.rule)');
      expect(await rows.count()).toBe(4);
      for (let i = 0; i < 4; i++) {
        const row = rows.nth(i);
        for (const cell of [row.locator('th'), row.locator('td').nth(0), row.locator('td').nth(2)]) {
          const box = (await cell.boundingBox())!;
          expect(box.width).toBeGreaterThan(0);
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(420);
        }
        expect(await row.locator('td').nth(2).innerText()).toMatch(/^\d+$/);
        expect(await row.locator('td').nth(2).evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Units "');
        // Each label names its own cell: the fifth cell is the pairing, the sixth the Why? button (no label).
        expect(await row.locator('td').nth(4).evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Paired with: "');
        expect(await row.locator('td').nth(5).evaluate((td) => getComputedStyle(td, '::before').content)).toBe('none');
        expect((await row.locator('td').nth(0).innerText()).length).toBeGreaterThan(10);
      }
      await page.getByRole('button', { name: /Why\? J9201/ }).click();
      expect(await sidewaysOverflow(page)).toBe(0);
      await screenshot(page, 'side-panel-420x800-lines');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('at 420 px the findings and the waste form fit, and Save is on screen with the form open', async () => {
    const { page, errors } = await openApp('waste-missing', 420, 800);
    try {
      await page.getByRole('button', { name: /Record waste for/ }).click();
      await page.getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      expect(await sidewaysOverflow(page)).toBe(0);
      const form = (await page.getByRole('form', { name: /Record the discarded amount/ }).boundingBox())!;
      expect(form.x + form.width).toBeLessThanOrEqual(420);
      const findings = (await page.getByRole('region', { name: 'What needs attention' }).boundingBox())!;
      expect(findings.x + findings.width).toBeLessThanOrEqual(420);
      const save = page.getByRole('button', { name: 'Save waste record' });
      expect(await save.evaluate((b) => {
        const r = b.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
      })).toBe(true);
      // Still on screen when the nurse scrolls to the top of the form to read what was given.
      await page.getByRole('textbox', { name: 'Discarded amount' }).fill('50');
      await page.getByRole('heading', { name: /Record the discarded amount/ }).scrollIntoViewIfNeeded();
      expect(await save.evaluate((b) => b.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true);
      await screenshot(page, 'side-panel-420x800-waste-form', true, false);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('at 420 x 800 in the EHR frame a refused save shows the field and its message, clear of the sticky Save bar', async () => {
    // In the EHR's frame (674 px high under its banner), as the nurse sees it: focusing the field alone left the
    // message under the Save bar or below the frame.
    const page = await demo.browser.context.newPage();
    const errors = watchErrors(page);
    await page.setViewportSize({ width: 420, height: 800 });
    try {
      await page.goto(`${demo.base}sandbox/ehr/waste-missing`);
      const frame = page.locator('iframe[title="J-Code Assist"]');
      const app = page.frameLocator('iframe[title="J-Code Assist"]');
      await app.getByRole('heading', { name: 'Billing lines' }).waitFor({ timeout: 30_000 });
      await app.getByRole('button', { name: /Record waste for/ }).click();
      const form = app.getByRole('form', { name: /Record the discarded amount/ });
      /** The focused field and the given message lie inside the frame, above the top of the Save bar. */
      const clearOfTheBar = async (message: string) => {
        const shown = form.getByText(message);
        await shown.waitFor();
        const frameBox = (await frame.boundingBox())!;
        const barTop = (await form.locator('.buttons').boundingBox())!.y;
        expect(barTop + 1).toBeLessThan(frameBox.y + frameBox.height);
        for (const box of [(await app.locator(':focus').boundingBox())!, (await shown.boundingBox())!]) {
          expect(box.y).toBeGreaterThanOrEqual(frameBox.y);
          expect(box.y + box.height).toBeLessThanOrEqual(barTop);
        }
      };
      await form.getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      await form.getByRole('textbox', { name: 'Discarded amount' }).fill('150');
      await form.getByRole('button', { name: 'Save waste record' }).click();
      await clearOfTheBar('That is more than was left');
      expect(await app.locator(':focus').getAttribute('id')).toMatch(/-amount$/);
      await screenshot(page, 'side-panel-420x800-more-than-was-left', false, false);
      await form.getByRole('radio', { name: 'Nothing was discarded' }).check();
      await form.getByRole('button', { name: 'Save waste record' }).click();
      await clearOfTheBar('say why none of it was discarded');
      expect(await app.locator(':focus').getAttribute('id')).toMatch(/-reason$/);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it("at 1366 px each of the waste form's facts keeps its label and its value on one line", async () => {
    const { page, errors } = await openApp('waste-missing', 1366, 768);
    try {
      await page.getByRole('button', { name: /Record waste for/ }).click();
      const terms = page.locator('.waste-form dl.facts dt');
      expect(await terms.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        const term = (await terms.nth(i).boundingBox())!;
        const value = (await terms.nth(i).locator('xpath=following-sibling::dd[1]').boundingBox())!;
        expect(Math.abs(value.y - term.y)).toBeLessThan(2);
        expect(value.x).toBeGreaterThan(term.x);
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it.each([
    [1366, 768],
    [1920, 1080],
  ])('at %i x %i the lines stay a table and nothing scrolls sideways', async (width, height) => {
    const { page, errors } = await openApp('chemo-antiemetic', width, height);
    try {
      expect(await sidewaysOverflow(page)).toBe(0);
      expect(await page.locator('table.lines').evaluate((t) => getComputedStyle(t).display)).toBe('table');
      expect(await page.locator('table.lines thead').isVisible()).toBe(true);
      await screenshot(page, `full-screen-${width}x${height}-lines`, true, false);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
