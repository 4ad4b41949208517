// @vitest-environment happy-dom
// The waste form's "Discarded at" in a browser whose zone is not the clinic's (user trial: a nurse in a browser set
// to another zone saw a default hours off, and what she typed was saved in the wrong zone). The browser here runs
// in Asia/Tokyo (UTC+09:00); the sample patient "waste-missing" was given infliximab 10:00-12:10 at UTC-06:00.
import { fireEvent, screen, within } from '@testing-library/preact';
import type { MedicationAdministration } from 'fhir/r4';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mswServer } from './support/msw-server';
import { sandboxEhr, type SandboxEhr } from './support/sandbox-ehr';

beforeAll(() => {
  vi.stubEnv('TZ', 'Asia/Tokyo');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const server = mswServer();
let ehr: SandboxEhr;
beforeEach(async () => {
  ehr = await sandboxEhr();
  server.resetHandlers(...ehr.handlers);
}, 30_000);
afterEach(() => ehr?.close());

const PATIENT = 'waste-missing';
/** Two hours after the infusion ended: 14:10 at the clinic, 05:10 the next day in Tokyo. */
const NOW = new Date('2026-11-24T20:10:00Z');
const clock = { now: () => NOW };

async function openForm() {
  fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }, { timeout: 10_000 }));
  const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
  fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
  return { form, time: within(form).getByLabelText(/^Discarded at/) as HTMLInputElement };
}

const save = (form: HTMLElement) => fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
const savedTimes = async () =>
  (await ehr.search<MedicationAdministration>(`MedicationAdministration?patient=Patient/${PATIENT}&status=not-done`)).map((r) => r.effectiveDateTime);

describe('"Discarded at" is in the clinic\'s recorded offset, not the browser\'s zone', () => {
  it('the test really runs in a zone other than the record\'s', () => {
    expect(NOW.getTimezoneOffset()).toBe(-9 * 60);
  });

  it('says which clock it is in, starts at the end of the infusion as recorded, and saves it with that offset', async () => {
    await ehr.launch(PATIENT, clock);
    const { form, time } = await openForm();
    expect(time.labels?.[0]?.textContent).toBe('Discarded at (time at the clinic, UTC-06:00)');
    expect(form.textContent).toContain('350 mg at 2026-11-24 10:00');
    expect(time.value).toBe('2026-11-24T12:10');
    save(form);
    await screen.findByText(/saved: 50 mg discarded at 2026-11-24 12:10 by Dana Okafor/);
    expect(await savedTimes()).toEqual(['2026-11-24T12:10:00-06:00']);
  });

  it('a typed clinic time is checked against the start and now in the clinic\'s clock and saved as typed', async () => {
    await ehr.launch(PATIENT, clock);
    const { form, time } = await openForm();
    fireEvent.input(time, { target: { value: '2026-11-24T09:59' } });
    save(form);
    await within(form).findByText('The drug cannot have been discarded before it was given (2026-11-24 10:00).');
    // 14:30 at the clinic is 20 minutes after now.
    fireEvent.input(time, { target: { value: '2026-11-24T14:30' } });
    save(form);
    await within(form).findByText('The time of discarding cannot be in the future.');
    fireEvent.input(time, { target: { value: '2026-11-30T25:00' } });
    save(form);
    await within(form).findByText('Enter when the drug was discarded.');
    expect(await savedTimes()).toEqual([]);
    // 13:00 at the clinic: after the start, before now.
    fireEvent.input(time, { target: { value: '2026-11-24T13:00' } });
    save(form);
    await screen.findByText(/saved: 50 mg discarded at 2026-11-24 13:00/);
    expect(await savedTimes()).toEqual(['2026-11-24T13:00:00-06:00']);
  });
});
