// The whole demo in Chromium: open the sandbox EHR, launch the app from the EHR frame for the "waste missing"
// patient, see the waste-undocumented finding, record the discarded amount, see the JW line appear, write the
// draft Claim, and read it back from the sandbox FHIR server. Then the multi-dose patient: no JW or JZ.
// A screenshot of every step goes to artifacts/e2e/.
import type { Bundle, Claim, MedicationAdministration } from 'fhir/r4';
import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cannotRun, readerToken, screenshot, useDemo, visibleLines, watchErrors } from './browser';

const skip = cannotRun();
if (skip) process.stderr.write(`e2e skipped: ${skip}\n`);

const demo = useDemo();

/** Opens the landing page and performs the EHR launch of one sample patient; returns the app inside the frame. */
async function launchFromEhr(page: Page, caseLabel: RegExp, prefix: string, errors: string[]): Promise<FrameLocator> {
  await page.goto(demo.base);
  await expect.poll(() => page.title()).toContain('Sandbox EHR');
  await screenshot(page, `${prefix}-1-landing`, prefix === 'waste-missing');
  await page.getByRole('link', { name: caseLabel }).click();
  const app = page.frameLocator('iframe[title="J-Code Assist"]');
  try {
    await app.getByRole('heading', { name: 'Billing lines' }).waitFor({ timeout: 30_000 });
  } catch (err) {
    await screenshot(page, `${prefix}-launch-failed`, false);
    const shown = await app.locator('body').innerText().catch(() => '(no app frame)');
    throw new Error(`the app did not show its lines after the EHR launch.\nThe frame shows: ${shown.slice(0, 500)}\nThe browser reported: ${errors.join('\n') || 'nothing'}`, { cause: err });
  }
  return app;
}

async function readFhir<T>(path: string): Promise<T> {
  const res = await fetch(`${demo.base}sandbox/fhir/${path}`, { headers: { Authorization: `Bearer ${readerToken(demo)}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe.skipIf(skip)('EHR launch in Chromium', () => {
  it('waste missing: finding, record the discarded amount, JW line, draft Claim written and read back', async () => {
    const page = await demo.browser.context.newPage();
    const errors = watchErrors(page);
    try {
      const app = await launchFromEhr(page, /Waste missing/, 'waste-missing', errors);

      // The finding: 350 mg given from four 100 mg single-dose vials, nothing recorded as discarded.
      await expect.poll(() => app.getByText(/no discarded amount is recorded/).count()).toBe(1);
      const recordWaste = app.getByRole('button', { name: /Record waste for/ });
      await recordWaste.waitFor();
      expect(await visibleLines(app)).not.toContain('J1745-JW x5');
      await screenshot(page, 'waste-missing-2-finding');

      // The nurse records the 50 mg left in the fourth vial.
      await recordWaste.click();
      await app.getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      await app.getByRole('textbox', { name: 'Discarded amount' }).fill('50');
      await app.getByRole('textbox', { name: 'Unit' }).fill('mg');
      await screenshot(page, 'waste-missing-3-waste-form');
      await app.getByRole('button', { name: 'Save waste record' }).click();

      // The lines are derived again: administered units plus the JW line, and nothing blocks the claim.
      await expect.poll(() => visibleLines(app), { timeout: 20_000 }).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x5']);
      await screenshot(page, 'waste-missing-4-jw-line');

      await app.getByRole('button', { name: 'Write the draft claim' }).click();
      await app.getByText(/Draft claim created/).waitFor({ timeout: 20_000 });
      await screenshot(page, 'waste-missing-5-claim-written');

      // Read back from the sandbox FHIR server: the waste record and the draft Claim with the right items.
      const waste = await readFhir<Bundle>('MedicationAdministration?patient=waste-missing&status=not-done');
      const record = waste.entry?.[0]?.resource as MedicationAdministration | undefined;
      expect(record?.partOf?.[0]?.reference).toBe('MedicationAdministration/waste-missing-infliximab');
      expect(record?.dosage?.dose).toMatchObject({ value: 50 });
      const claims = await readFhir<Bundle>('Claim?patient=waste-missing');
      expect(claims.total).toBe(1);
      const claim = claims.entry![0]!.resource as Claim;
      expect(claim.status).toBe('draft');
      const items = (claim.item ?? []).map((item) =>
        [item.productOrService.coding?.[0]?.code, ...(item.modifier ?? []).map((m) => m.coding?.[0]?.code)].join('-') + ` x${item.quantity?.value}`,
      );
      expect(items.sort()).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x5']);
      const ndcDetails = (claim.item ?? []).filter((i) => i.detail).map((i) => `${i.detail?.[0]?.productOrService.coding?.[0]?.code} ${i.detail?.[0]?.quantity?.value} ${i.detail?.[0]?.quantity?.unit}`);
      expect(ndcDetails.sort()).toEqual(['57894003001 0.5 UN', '57894003001 3.5 UN']);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('multi-dose vial: the lines carry no JW and no JZ', async () => {
    const page = await demo.browser.context.newPage();
    const errors = watchErrors(page);
    try {
      const app = await launchFromEhr(page, /Multi-dose vial/, 'multi-dose', errors);
      await expect.poll(() => visibleLines(app), { timeout: 20_000 }).toEqual(['96372 x1', 'J0885 x14']);
      const modifiers = await app.locator('table.lines tbody tr:not(.rule) td:nth-of-type(2)').allInnerTexts();
      expect(modifiers.join(' ')).not.toMatch(/\bJ[WZ]\b/);
      await screenshot(page, 'multi-dose-2-lines');
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
