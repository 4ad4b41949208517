// The nurse's waste record in Chromium against the demo server (issue 13): the amount checks (150 mg where 50 mg
// was left; nothing discarded with 50 mg left), two pages saving at once (one record; the other page shows it),
// a relaunch a day later by the browser's clock (the JW line is there, nothing asks again), and an error page that
// stays while the other reads finish. Screenshots of each step go to artifacts/e2e/ (docs/screenshots/ with
// JCODE_UPDATE_SCREENSHOTS=1): the nurse documentation in docs/app.md shows them.
import type { Bundle, MedicationAdministration } from 'fhir/r4';
import type { FrameLocator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cannotRun, readerToken, screenshot, useDemo, visibleLines, watchErrors } from './browser';

const skip = cannotRun();
if (skip) process.stderr.write(`e2e skipped: ${skip}\n`);

const demo = useDemo({ timezoneId: 'America/Chicago' });

/** The infusion of the "waste missing" patient ended 2026-11-24 12:10 at UTC-6; two hours later, and a day later. */
const SAME_DAY = new Date('2026-11-24T20:10:00Z');
const NEXT_DAY = new Date('2026-11-25T20:10:00Z');

/** A page whose clock reads `at`, with the EHR frame of the "waste missing" patient opened on it. */
async function openPatient(at: Date): Promise<{ page: Page; app: FrameLocator; errors: string[] }> {
  const page = await demo.browser.context.newPage();
  await page.clock.setFixedTime(at);
  const errors = watchErrors(page);
  await page.goto(`${demo.base}sandbox/ehr/waste-missing`);
  const app = page.frameLocator('iframe[title="J-Code Assist"]');
  await app.getByRole('heading', { name: 'Billing lines' }).waitFor({ timeout: 30_000 });
  return { page, app, errors };
}

async function liveWasteRecords(): Promise<MedicationAdministration[]> {
  const res = await fetch(`${demo.base}sandbox/fhir/MedicationAdministration?patient=waste-missing&status=not-done`, { headers: { Authorization: `Bearer ${readerToken(demo)}` } });
  const bundle = (await res.json()) as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource as MedicationAdministration);
}

async function openWasteForm(app: FrameLocator) {
  await app.getByRole('button', { name: /Record waste for/ }).click();
  const form = app.getByRole('form', { name: /Record the discarded amount/ });
  await form.waitFor();
  return form;
}

describe.skipIf(skip)('the waste record in Chromium', () => {
  it('blocks 150 mg where 50 mg was left, and "nothing discarded" without a reason', async () => {
    const { page, app, errors } = await openPatient(SAME_DAY);
    try {
      expect(await visibleLines(app)).toEqual(['96413 x1', '96415 x1', 'J1745 pending']);
      await screenshot(page, 'nurse-1-waiting-for-waste');
      const form = await openWasteForm(app);
      await form.getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      expect(await form.getByRole('textbox', { name: 'Discarded amount' }).inputValue()).toBe('50');
      await screenshot(page, 'nurse-2-waste-form');
      await form.getByRole('textbox', { name: 'Discarded amount' }).fill('150');
      await form.getByRole('button', { name: 'Save waste record' }).click();
      await form.getByText(/That is more than was left: the opened containers \(4 x 100 mg = 400 mg\) left 50 mg after the 350 mg dose/).waitFor();
      expect(await app.locator(':focus').getAttribute('id')).toMatch(/-amount$/);
      await screenshot(page, 'nurse-3-more-than-was-left');
      await form.getByRole('radio', { name: 'Nothing was discarded' }).check();
      await form.getByRole('button', { name: 'Save waste record' }).click();
      await form.getByText('The opened containers left 50 mg: say why none of it was discarded.').waitFor();
      expect(await app.locator(':focus').getAttribute('id')).toMatch(/-reason$/);
      await screenshot(page, 'nurse-4-nothing-discarded-asks-why');
      await page.keyboard.press('Escape');
      await app.getByRole('button', { name: /Record waste for/ }).waitFor();
      expect(await liveWasteRecords()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('two pages saving at once leave one record, the other page shows it; a day later the JW line is there and nothing asks again', async () => {
    const first = await openPatient(SAME_DAY);
    const second = await openPatient(SAME_DAY);
    try {
      const forms = await Promise.all([openWasteForm(first.app), openWasteForm(second.app)]);
      await forms[0].getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      await forms[1].getByRole('radio', { name: 'Yes, an amount was discarded' }).check();
      await forms[1].getByRole('textbox', { name: 'Discarded amount' }).fill('45');
      // Both saved with the default time (the end of the infusion), at the same moment.
      await Promise.all(forms.map((form) => form.getByRole('button', { name: 'Save waste record' }).click()));
      const outcome = async (app: FrameLocator) => {
        const saved = app.getByText(/Waste record for .* saved:/);
        const theirs = app.getByText(/While you were typing, a waste record for .* was saved by someone else/);
        await saved.or(theirs).first().waitFor({ timeout: 20_000 });
        return (await saved.count()) > 0 ? 'saved' : 'shown theirs';
      };
      const outcomes = await Promise.all([outcome(first.app), outcome(second.app)]);
      expect([...outcomes].sort()).toEqual(['saved', 'shown theirs']);
      const loser = outcomes[0] === 'saved' ? second : first;
      const correction = loser.app.getByRole('form', { name: /Correct the waste record/ });
      await correction.getByRole('alert').waitFor();
      await screenshot(loser.page, 'nurse-5-saved-by-someone-else');
      const records = await liveWasteRecords();
      expect(records).toHaveLength(1);
      const kept = records[0]!.dosage?.dose?.value;
      expect(await loser.app.getByRole('region', { name: 'Waste recorded' }).innerText()).toContain(`${kept} mg discarded`);
      expect(first.errors.concat(second.errors)).toEqual([]);
    } finally {
      await first.page.close();
      await second.page.close();
    }

    const later = await openPatient(NEXT_DAY);
    try {
      await later.app.getByRole('heading', { name: 'Waste recorded' }).waitFor();
      const lines = await visibleLines(later.app);
      expect(lines.filter((l) => !l.startsWith('J1745-JW'))).toEqual(['96413 x1', '96415 x1', 'J1745 x35']);
      expect(lines.some((l) => l.startsWith('J1745-JW x'))).toBe(true);
      expect(await later.app.getByRole('button', { name: /Record waste for/ }).count()).toBe(0);
      expect(await later.app.getByText(/no discarded amount is recorded/).count()).toBe(0);
      await later.app.getByRole('button', { name: 'Write the draft claim' }).click();
      await later.app.getByText(/Draft claim created in the EHR/).waitFor({ timeout: 20_000 });
      await screenshot(later.page, 'nurse-6-next-day-jw-line-and-claim');
      expect(later.errors).toEqual([]);
    } finally {
      await later.page.close();
    }
  }, 180_000);

  it('a 403 on the administrations search ends on its error page, and it stays while the other reads finish', async () => {
    const page = await demo.browser.context.newPage();
    try {
      await page.route('**/sandbox/fhir/**', async (route) => {
        const url = route.request().url();
        if (url.includes('/MedicationAdministration?') && url.includes('effective-time')) {
          await route.fulfill({ status: 403, contentType: 'application/fhir+json', body: JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] }) });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 400));
        await route.continue();
      });
      await page.goto(`${demo.base}sandbox/ehr/multi-dose-vial`);
      const app = page.frameLocator('iframe[title="J-Code Assist"]');
      const heading = app.getByRole('heading', { level: 1, name: 'The EHR refused to share this encounter' });
      await heading.waitFor({ timeout: 30_000 });
      await page.waitForTimeout(2000);
      expect(await heading.count()).toBe(1);
      expect(await app.getByText(/requests answered/).count()).toBe(0);
      await screenshot(page, 'nurse-7-read-refused', false);
    } finally {
      await page.close();
    }
  }, 120_000);
});
