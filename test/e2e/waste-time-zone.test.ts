// The waste form's "Discarded at" in Chromium running in another time zone than the clinic's (user trial: a
// browser set to another zone showed a default hours off and saved the typed time in the wrong zone). Chromium
// runs in Asia/Tokyo (UTC+09:00); the sandbox's "waste missing" infusion was recorded 10:00-12:10 at UTC-06:00.
import type { Bundle, MedicationAdministration } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { cannotRun, readerToken, screenshot, useDemo, watchErrors } from './browser';

const skip = cannotRun();
if (skip) process.stderr.write(`e2e skipped: ${skip}\n`);

const demo = useDemo({ timezoneId: 'Asia/Tokyo' });

describe.skipIf(skip)('"Discarded at" in a browser in another time zone, in Chromium', () => {
  it('shows, takes and saves the clinic\'s clock time with the recorded offset', async () => {
    const page = await demo.browser.context.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${demo.base}sandbox/ehr/waste-missing`);
      const app = page.frameLocator('iframe[title="J-Code Assist"]');
      // The browser really is in Tokyo.
      expect(await page.evaluate(() => new Date('2026-11-24T18:10:00Z').getTimezoneOffset())).toBe(-540);
      await app.getByRole('button', { name: /Record waste for/ }).click({ timeout: 30_000 });
      await app.getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      const time = app.getByLabel('Discarded at (time at the clinic, UTC-06:00)');
      expect(await time.inputValue()).toBe('2026-11-24T12:10');
      await time.fill('2026-11-24T12:40');
      await screenshot(page, 'waste-time-zone-form', false);
      await app.getByRole('button', { name: 'Save waste record' }).click();
      await app.getByText(/saved: 50 mg discarded at 2026-11-24 12:40/).waitFor({ timeout: 20_000 });

      const res = await fetch(`${demo.base}sandbox/fhir/MedicationAdministration?patient=waste-missing&status=not-done`, {
        headers: { Authorization: `Bearer ${readerToken(demo)}` },
      });
      const records = ((await res.json()) as Bundle).entry?.map((e) => e.resource as MedicationAdministration) ?? [];
      expect(records.map((r) => r.effectiveDateTime)).toEqual(['2026-11-24T12:40:00-06:00']);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
