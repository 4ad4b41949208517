// The CDS Hooks demo in Chromium: the sandbox EHR closes the waste-missing visit, which calls the
// encounter-discharge service; the card appears; its SMART link launches the app on that visit; the nurse
// records the discarded amount; closing the visit again shows no card. Screenshots go to artifacts/e2e/.
import { describe, expect, it } from 'vitest';
import { cannotRun, screenshot, useDemo, watchErrors } from './browser';

const skip = cannotRun();
if (skip) process.stderr.write(`e2e skipped: ${skip}\n`);

const demo = useDemo();

const SUMMARY = 'Remicade (infliximab): 50 mg left in the vials has no discarded amount recorded';

describe.skipIf(skip)('CDS Hooks card in the sandbox EHR, in Chromium', () => {
  it('closing the waste-missing visit shows the card; its link opens the app there; once the waste is recorded no card', async () => {
    const page = await demo.browser.context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${demo.base}sandbox/ehr/waste-missing`);
      await page.getByRole('button', { name: 'Close visit' }).click();

      const card = page.getByRole('article', { name: 'J-Code Assist card' });
      await card.waitFor({ timeout: 20_000 });
      expect(await card.getByRole('heading', { level: 2 }).innerText()).toBe(SUMMARY);
      expect(await card.innerText()).toMatch(/warning/i);
      await screenshot(page, 'cds-1-discharge-card');

      // The SMART link: the EHR launches the app with a launch code for the visit the card names.
      await card.getByRole('link', { name: 'Record the discarded amount in J-Code Assist' }).click();
      const app = page.frameLocator('iframe[title="J-Code Assist"]');
      await app.getByRole('heading', { name: 'Billing lines' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => app.getByText(/no discarded amount is recorded/).count()).toBe(1);
      await screenshot(page, 'cds-2-app-from-card', false);

      await app.getByRole('button', { name: /Record waste for/ }).click();
      await app.getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      await app.getByRole('textbox', { name: 'Discarded amount' }).fill('50');
      await app.getByRole('textbox', { name: 'Unit' }).fill('mg');
      await app.getByRole('button', { name: 'Save waste record' }).click();
      await expect.poll(() => app.getByText(/no discarded amount is recorded/).count(), { timeout: 20_000 }).toBe(0);

      // Close again: the service reads the new waste record and has nothing to say.
      await page.getByRole('button', { name: 'Close visit' }).click();
      await page.getByText('No cards: nothing stands in the way of closing this visit.').waitFor({ timeout: 20_000 });
      expect(await page.getByRole('article').count()).toBe(0);
      await screenshot(page, 'cds-3-no-card', false);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
