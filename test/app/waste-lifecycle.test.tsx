// @vitest-environment happy-dom
// The waste record's lifecycle against the sandbox EHR itself (issue 13; docs/design.md "Finding them again"): a record
// never vanishes (found by partOf whatever its date), never doubles (re-read before each write; a shared slot when
// two pages write at once), never contradicts the vial (no more than was left; nothing discarded asks why).
// The sample patient "waste-missing": infliximab 350 mg from four 100 mg single-dose vials, 10:00-12:10 at UTC-6.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { MedicationAdministration } from 'fhir/r4';
import { http } from 'msw';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mswServer } from './support/msw-server';
import { FHIR_BASE, sandboxEhr, type SandboxEhr } from './support/sandbox-ehr';

const server = mswServer();
let ehr: SandboxEhr;
beforeEach(async () => {
  ehr = await sandboxEhr(); // a fresh EHR per test: each one writes the patient's waste record
  server.resetHandlers(...ehr.handlers);
}, 30_000);
afterEach(() => ehr?.close());

const PATIENT = 'waste-missing';
const ADMINISTRATION = 'MedicationAdministration/waste-missing-infliximab';
/** Two hours after the infusion ended, and the same time a day later. */
const SAME_DAY = new Date('2026-11-24T20:10:00Z');
const NEXT_DAY = new Date('2026-11-25T20:10:00Z');
const clock = (at: Date) => ({ now: () => at });

async function openForm() {
  fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }, { timeout: 10_000 }));
  return screen.findByRole('form', { name: /Record the discarded amount/ });
}

function save(form: HTMLElement) {
  fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
}

/** The derived lines as "CODE-MODIFIERS xUNITS" (pending drug lines as "CODE pending"). */
function visibleLines(): string[] {
  const rows = within(screen.getByRole('table', { name: /^Drug and administration lines/ })).getAllByRole('row').filter((r) => !r.hidden && r.querySelector('th[scope="row"]'));
  return rows
    .map((r) => {
      const cells = [...r.children].map((c) => c.firstChild?.textContent ?? '');
      if (r.classList.contains('pending')) return `${cells[0]} pending`;
      return `${[cells[0], ...(cells[2] ? cells[2].split(', ') : [])].join('-')} x${cells[3]}`;
    })
    .sort();
}

const wasteRecords = () => ehr.search<MedicationAdministration>(`MedicationAdministration?patient=Patient/${PATIENT}&status=not-done`);
const liveWasteRecords = async () => (await wasteRecords()).filter((r) => r.status === 'not-done');

describe('found again by partOf, whatever its date', () => {
  it('saved with the default time (the infusion end), then relaunched a day later: the JW line is there and nothing asks again', async () => {
    await ehr.launch(PATIENT, clock(SAME_DAY));
    // While the amount is missing, the drug line is shown as pending, so 96413's pairing points at something shown.
    await screen.findByRole('button', { name: /Record waste for/ }, { timeout: 10_000 });
    expect(visibleLines()).toEqual(['96413 x1', '96415 x1', 'J1745 pending']);
    expect(screen.getByText('Remicade (infliximab) 100 mg powder vial, 350 mg given - waiting for the discarded amount')).toBeTruthy();

    const form = await openForm();
    expect((within(form).getByLabelText(/^Discarded at \(time at the clinic, UTC-06:00\)/) as HTMLInputElement).value).toBe('2026-11-24T12:10');
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    // Prefilled with what the four vials left: the nurse confirms it.
    expect((within(form).getByLabelText('Discarded amount') as HTMLInputElement).value).toBe('50');
    expect((within(form).getByLabelText('Unit') as HTMLInputElement).value).toBe('mg');
    save(form);
    const saved = await screen.findByText(/Waste record for .* saved: 50 mg discarded at 2026-11-24 \d\d:10 by Dana Okafor\./);
    // The nurse's name, never a FHIR id.
    expect(saved.textContent).not.toMatch(/MedicationAdministration\/|Practitioner\//);
    expect(visibleLines()).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x5']);

    document.body.innerHTML = '';
    await ehr.launch(PATIENT, clock(NEXT_DAY));
    await screen.findByRole('heading', { name: 'Waste recorded' }, { timeout: 10_000 });
    expect(visibleLines()).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x5']);
    expect(screen.queryByRole('button', { name: /Record waste for/ })).toBeNull();
    expect(screen.queryByText(/no discarded amount is recorded/)).toBeNull();
    expect(await liveWasteRecords()).toHaveLength(1);
  });

  it('a record dated the next day (outside the window used for administrations) still counts', async () => {
    await ehr.launch(PATIENT, clock(NEXT_DAY));
    const form = await openForm();
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    fireEvent.input(within(form).getByLabelText(/^Discarded at \(time at the clinic, UTC-06:00\)/), { target: { value: '2026-11-25T14:10' } });
    save(form);
    await screen.findByText(/Waste record for .* saved: 50 mg discarded at 2026-11-25/);
    document.body.innerHTML = '';
    await ehr.launch(PATIENT, clock(NEXT_DAY));
    await screen.findByRole('heading', { name: 'Waste recorded' }, { timeout: 10_000 });
    expect(visibleLines()).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x5']);
  });

  it("a record that names this visit but another patient's administration is not counted, and the page says so", async () => {
    const stray: MedicationAdministration = {
      resourceType: 'MedicationAdministration',
      status: 'not-done',
      statusReason: [{ coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] }],
      partOf: [{ reference: 'MedicationAdministration/waste-documented-bortezomib' }],
      medicationCodeableConcept: { text: 'infliximab' },
      subject: { reference: `Patient/${PATIENT}` },
      context: { reference: 'Encounter/waste-missing-visit' },
      effectiveDateTime: '2026-11-24T12:15:00-06:00',
      dosage: { dose: { value: 50, unit: 'mg' } },
    };
    await ehr.server.sandbox!.repo.createResource(stray as Parameters<NonNullable<typeof ehr.server.sandbox>["repo"]["createResource"]>[0]);
    await ehr.launch(PATIENT, clock(SAME_DAY));
    await screen.findByRole('button', { name: /Record waste for/ }, { timeout: 10_000 });
    expect(screen.getByRole('region', { name: 'Not everything could be read' }).textContent).toContain('names this visit but a medication given elsewhere');
    expect(screen.queryByRole('heading', { name: 'Waste recorded' })).toBeNull();
  });
});

describe('never doubles', () => {
  it('a record saved by someone else while the form was open: shown, with what was typed kept in a correction of it; no second record', async () => {
    await ehr.launch(PATIENT, clock(SAME_DAY));
    const form = await openForm();
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    fireEvent.input(within(form).getByLabelText('Note (optional)'), { target: { value: 'typed by the second nurse' } });
    await ehr.writeAsOtherNurse(ADMINISTRATION, 40, 'entry-from-the-other-tab', 'first');
    save(form);
    const correction = await screen.findByRole('form', { name: /Correct the waste record/ });
    expect(within(correction).getByRole('alert').textContent).toMatch(/While you were typing, a waste record for Remicade \(infliximab\) 100 mg powder vial was saved by someone else: 40 mg discarded at 2026-11-24 12:10 by Dana Okafor\. Nothing from your form was saved/);
    expect((within(correction).getByLabelText('Note (optional)') as HTMLTextAreaElement).value).toBe('typed by the second nurse');
    expect(screen.getByRole('region', { name: 'Waste recorded' }).textContent).toContain('40 mg discarded');
    expect(visibleLines()).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x4']);
    expect(await liveWasteRecords()).toHaveLength(1);
  });

  it('two pages writing at the same moment (both past the re-read): the second finds the first in the shared slot', async () => {
    await ehr.launch(PATIENT, clock(SAME_DAY));
    const form = await openForm();
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    // The other page's create lands between this page's re-read and its own create.
    let raced = false;
    server.use(
      http.post(`${FHIR_BASE}/MedicationAdministration`, async () => {
        if (!raced) {
          raced = true;
          await ehr.writeAsOtherNurse(ADMINISTRATION, 45, 'entry-from-the-other-tab', 'first');
        }
        return undefined; // on to the sandbox
      }),
    );
    save(form);
    const correction = await screen.findByRole('form', { name: /Correct the waste record/ });
    expect(within(correction).getByRole('alert').textContent).toContain('45 mg discarded');
    expect(await liveWasteRecords()).toHaveLength(1);
    expect(raced).toBe(true);
  });
});

describe('never contradicts the vial', () => {
  it('150 mg where 50 mg was left, -1, 1e9 and "abc" are refused with a message at the field, which gets the focus', async () => {
    await ehr.launch(PATIENT, clock(SAME_DAY));
    const form = await openForm();
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    const amount = within(form).getByLabelText('Discarded amount') as HTMLInputElement;
    const cases: [string, RegExp][] = [
      ['150', /That is more than was left: the opened containers \(4 x 100 mg = 400 mg\) left 50 mg after the 350 mg dose/],
      ['-1', /Enter the discarded amount as a number/],
      ['1e9', /Enter the discarded amount as a number/],
      ['abc', /Enter the discarded amount as a number/],
    ];
    for (const [typed, message] of cases) {
      fireEvent.input(amount, { target: { value: typed } });
      save(form);
      const error = await within(form).findByText(message);
      expect(amount.getAttribute('aria-describedby')).toBe(error.id);
      await waitFor(() => expect(document.activeElement).toBe(amount));
    }
    // Typed in grams, the amount is converted as the engine converts it: 0.06 g = 60 mg, more than was left.
    fireEvent.input(amount, { target: { value: '0.06' } });
    fireEvent.input(within(form).getByLabelText('Unit'), { target: { value: 'g' } });
    save(form);
    await within(form).findByText(/That is more than was left/);
    expect(await wasteRecords()).toHaveLength(0);
    expect(visibleLines()).toContain('J1745 pending');
  });

  it('"Nothing was discarded" while 50 mg was left asks why; the reason goes into the record\'s note', async () => {
    await ehr.launch(PATIENT, clock(SAME_DAY));
    const form = await openForm();
    fireEvent.click(within(form).getByLabelText('Nothing was discarded'));
    save(form);
    const reason = within(form).getByLabelText(/Why was none of the 50 mg left discarded/);
    await within(form).findByText('The opened containers left 50 mg: say why none of it was discarded.');
    await waitFor(() => expect(document.activeElement).toBe(reason));
    expect(await wasteRecords()).toHaveLength(0);
    fireEvent.input(reason, { target: { value: 'The fourth vial went back to pharmacy unopened.' } });
    save(form);
    await screen.findByText(/Waste record for .* saved: nothing discarded/);
    const [record] = await wasteRecords();
    expect(record!.dosage?.dose?.value).toBe(0);
    expect(record!.note?.[0]?.text).toBe('Nothing discarded although 50 mg was left: The fourth vial went back to pharmacy unopened.');
  });

  it('a discarded-at time before the infusion began or in the future is refused; Escape closes the form and keeps the draft', async () => {
    await ehr.launch(PATIENT, clock(SAME_DAY));
    const form = await openForm();
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    const time = within(form).getByLabelText(/^Discarded at \(time at the clinic, UTC-06:00\)/) as HTMLInputElement;
    fireEvent.input(time, { target: { value: '2026-11-24T09:30' } }); // before the 10:00 start
    save(form);
    await within(form).findByText('The drug cannot have been discarded before it was given (2026-11-24 10:00).');
    await waitFor(() => expect(document.activeElement).toBe(time));
    fireEvent.input(time, { target: { value: '2026-11-24T15:10' } }); // an hour after SAME_DAY (20:10Z)
    save(form);
    await within(form).findByText('The time of discarding cannot be in the future.');
    fireEvent.keyDown(time, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('form', { name: /Record the discarded amount/ })).toBeNull());
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/Record waste for/));
    // Opened again: what was typed is still there.
    const again = await openForm();
    expect((within(again).getByLabelText(/^Discarded at \(time at the clinic, UTC-06:00\)/) as HTMLInputElement).value).toBe('2026-11-24T15:10');
    expect(await wasteRecords()).toHaveLength(0);
  });
});

describe('the draft claim and the record agree', () => {
  it('after a correction the panel says the draft in the EHR is out of date until it is updated; a 412 on the update gets a clear message', async () => {
    await ehr.launch(PATIENT, clock(SAME_DAY));
    let form = await openForm();
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    save(form);
    await screen.findByText(/saved: 50 mg discarded/);
    fireEvent.click(screen.getByRole('button', { name: 'Write the draft claim' }));
    await screen.findByText(/Draft claim created in the EHR: it matches the lines above/);

    fireEvent.click(screen.getByRole('button', { name: /Correct/ }));
    form = await screen.findByRole('form', { name: /Correct the waste record/ });
    fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: '40' } });
    save(form);
    await screen.findByText(/corrected: 40 mg discarded/);
    const panel = screen.getByRole('region', { name: 'Draft claim' });
    expect(panel.textContent).toContain('The draft claim in the EHR is out of date: the billing lines changed after it was written.');
    expect(panel.textContent).not.toContain('Draft claim created');

    // Someone changes the draft in the EHR at the same moment, twice: the app's If-Match update is refused.
    let refused = 0;
    server.use(
      http.put(new RegExp(`^${FHIR_BASE}/Claim/`), () => {
        refused++;
        return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict' }] }), { status: 412, headers: { 'content-type': 'application/fhir+json' } });
      }),
    );
    fireEvent.click(within(panel).getByRole('button', { name: 'Update the draft claim' }));
    expect((await within(panel).findByRole('alert')).textContent).toMatch(/Someone changed the draft claim in the EHR while you were working \(412\)/);
    expect(refused).toBe(2); // the writer reads the new version and tries once more before asking the person
    server.resetHandlers(...ehr.handlers);
    fireEvent.click(within(panel).getByRole('button', { name: /draft claim/ }));
    await within(panel).findByText(/Draft claim updated in the EHR: it matches the lines above/);
    expect(await liveWasteRecords()).toHaveLength(1);
  });
});

