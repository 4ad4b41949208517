// @vitest-environment happy-dom
// Granted scopes and launch context shape the page: no Claim write -> download with the reason; no patient banner
// when the EHR shows its own; the EHR's style applied. Corrections of waste records, a Claim that is no longer a
// draft, and another claim destination.
import { fireEvent, screen, within } from '@testing-library/preact';
import type { Claim, MedicationAdministration, Practitioner } from 'fhir/r4';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/ui/app-server';
import { appConfig, appServerHandlers, sandboxEhrOptions, SCOPES } from './support/fixtures';
import { sandboxLaunch } from './support/harness';
import { EHR_ORIGIN, QuirkyEhr, type QuirkyEhrOptions } from './support/quirky-ehr';
import { mswServer } from './support/msw-server';

const server = mswServer();
let ehr: QuirkyEhr;

async function useEhr(options: QuirkyEhrOptions, config?: (ehr: QuirkyEhr) => AppConfig): Promise<QuirkyEhr> {
  ehr = await QuirkyEhr.create(options);
  server.resetHandlers(...ehr.handlers(), ...appServerHandlers(() => (config ? config(ehr) : appConfig([ehr]))));
  return ehr;
}

async function recordWaste(amount: string) {
  fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }));
  const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
  fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
  fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: amount } });
  fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
  await screen.findByText(/Waste record for .* saved:/);
}

/** Opens the waste form, says nothing was discarded and why, and presses Save; answers the form. */
async function saveNothingDiscarded(): Promise<HTMLElement> {
  fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }));
  const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
  fireEvent.click(within(form).getByLabelText('Nothing was discarded'));
  fireEvent.input(within(form).getByLabelText(/Why was none of the 50 mg left discarded/), { target: { value: 'The fourth vial went back to pharmacy unopened.' } });
  fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
  return form;
}

describe('granted scopes and context', () => {
  it('without Claim write scope: offers the Claim JSON to download and says why, and sends no Claim request', async () => {
    await useEhr(sandboxEhrOptions('epic', { grantScope: (asked) => asked.replace(' patient/Claim.crus', '') }));
    await sandboxLaunch(ehr);
    await recordWaste('50');
    const section = screen.getByRole('region', { name: 'Draft claim' });
    expect(section.textContent).toContain('The EHR did not grant the app permission to save Claims (scope patient/Claim.c)');
    const link = within(section).getByRole('link', { name: 'Download the Claim (JSON)' }) as HTMLAnchorElement;
    expect(link.getAttribute('download')).toBe('draft-claim-e1.json');
    const claim = JSON.parse(decodeURIComponent(link.getAttribute('href')!.replace(/^data:application\/fhir\+json;charset=utf-8,/, ''))) as Claim;
    expect(claim).toMatchObject({ resourceType: 'Claim', status: 'draft', patient: { reference: 'Patient/p1' } });
    expect(within(section).queryByRole('button')).toBeNull();
    expect(ehr.fhirRequests().some((r) => r.url.pathname.includes('/Claim'))).toBe(false);
  });

  it('without waste write scopes: says so instead of failing on the server', async () => {
    await useEhr(sandboxEhrOptions('epic', { grantScope: () => SCOPES.replace('patient/MedicationAdministration.crus', 'patient/MedicationAdministration.rs').replace(' patient/DocumentReference.crs', '') }));
    await sandboxLaunch(ehr);
    const form = await saveNothingDiscarded();
    expect((await within(form).findByRole('alert')).textContent).toContain('granted no scope to save waste records');
    expect(ehr.writes()).toHaveLength(0);
  });

  it('no patient banner when the EHR shows its own (need_patient_banner false)', async () => {
    await useEhr(sandboxEhrOptions('epic', { context: { patient: 'p1', encounter: 'e1', fhirUser: 'Practitioner/n1', needPatientBanner: false } }));
    await sandboxLaunch(ehr);
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' });
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
    expect(screen.queryByText('Ada Lovelace')).toBeNull();
  });

  it("applies the EHR's smart_style_url and ignores unsafe values", async () => {
    // The sandbox hands out its own smart_style_url; what it serves there is this test's.
    const styleUrl = `${EHR_ORIGIN}/sandbox/ehr/smart-style.json`;
    await useEhr(sandboxEhrOptions('epic'));
    // Earlier launches in this file applied the sandbox's own style to the page.
    document.documentElement.removeAttribute('style');
    server.use(
      http.get(styleUrl, () =>
        HttpResponse.json({ color_highlight: '#5a2d82', font_family_body: '"Open Sans", sans-serif', color_background: 'url(https://evil.example/x)' }),
      ),
    );
    await sandboxLaunch(ehr);
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' });
    const root = document.documentElement.style;
    expect(root.getPropertyValue('--jc-highlight')).toBe('#5a2d82');
    expect(root.getPropertyValue('--jc-font-body')).toBe('"Open Sans", sans-serif');
    expect(root.getPropertyValue('--jc-background')).toBe('');
  });

  it('asks for a name when the EHR does not say who is signed in', async () => {
    // The user does not let the app know who they are: no openid fhirUser, no id_token.
    await useEhr(sandboxEhrOptions('epic', { grantScope: (asked) => asked.replace('openid fhirUser ', '') }));
    await sandboxLaunch(ehr);
    const form = await saveNothingDiscarded();
    expect(await within(form).findByText('Enter who discarded the drug.')).toBeTruthy();
    expect(ehr.writes()).toHaveLength(0);
    fireEvent.input(within(form).getByLabelText('Discarded by (your name)'), { target: { value: 'Florence Nightingale' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText(/Waste record for .* saved:/);
    const record = (await ehr.ofType<MedicationAdministration>('MedicationAdministration')).find((m) => m.status === 'not-done')!;
    expect(record.performer).toEqual([{ actor: { display: 'Florence Nightingale' } }]);
  });
});

describe('who records', () => {
  it("names the signed-in user from their Practitioner resource when the grant allows reading it", async () => {
    const options = sandboxEhrOptions('epic', { grantScope: (asked) => `${asked} user/Practitioner.r` });
    const nurse: Practitioner = { resourceType: 'Practitioner', id: 'n1', name: [{ given: ['Dana'], family: 'Okafor' }] };
    await useEhr({ ...options, resources: [...options.resources, nurse] });
    await sandboxLaunch(ehr);
    fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }));
    const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
    expect(form.textContent).toContain('Discarded by: Dana Okafor');
    expect(form.textContent).not.toContain('Practitioner/');
    fireEvent.click(within(form).getByLabelText('Nothing was discarded'));
    fireEvent.input(within(form).getByLabelText(/Why was none of the 50 mg left discarded/), { target: { value: 'The fourth vial went back to pharmacy unopened.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText(/Waste record for .* saved:/);
    const record = (await ehr.ofType<MedicationAdministration>('MedicationAdministration')).find((m) => m.status === 'not-done')!;
    expect(record.performer).toEqual([{ actor: { reference: 'Practitioner/n1', display: 'Dana Okafor' } }]);
  });
});

describe('waste form checks', () => {
  it('requires a choice, a number above zero and a time not in the future', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    await sandboxLaunch(ehr);
    fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }));
    const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    expect(await within(form).findByText('Choose whether any of the drug was discarded.')).toBeTruthy();
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: 'fifty' } });
    fireEvent.input(within(form).getByLabelText(/^Discarded at/), { target: { value: '2026-03-03T09:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    expect(await within(form).findByText('Enter the discarded amount as a number, e.g. 50 or 2.5.')).toBeTruthy();
    expect(within(form).getByText('The time of discarding cannot be in the future.')).toBeTruthy();
    expect(within(form).getByLabelText('Discarded amount').getAttribute('aria-invalid')).toBe('true');
    expect(ehr.writes()).toHaveLength(0);
  });
});

describe('corrections', () => {
  it('marks the old record entered-in-error with If-Match, then writes the new one', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    await sandboxLaunch(ehr);
    await recordWaste('40');
    // 350 + 40 is not whole vials: the engine warns; the nurse corrects it.
    const list = await screen.findByRole('region', { name: 'Waste recorded' });
    expect(document.querySelector('.finding.warning')?.textContent).toMatch(/^Check: /);
    expect(list.textContent).toContain('40 mg discarded');
    fireEvent.click(within(list).getByRole('button', { name: /Correct/ }));
    const form = await screen.findByRole('form', { name: /Correct the waste record/ });
    expect((within(form).getByLabelText('Discarded amount') as HTMLInputElement).value).toBe('40');
    fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: '50' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText(/Waste record for .* corrected: /);

    const [oldRecord, newRecord] = (await ehr.ofType<MedicationAdministration>('MedicationAdministration')).filter((m) => m.partOf);
    const put = ehr.writes().find((r) => r.method === 'PUT')!;
    expect(put.url.pathname).toBe(`/sandbox/fhir/MedicationAdministration/${oldRecord!.id}`);
    // If-Match on the version the record was created with.
    const created = ehr.writes().find((r) => r.method === 'POST' && r.url.pathname.endsWith('/MedicationAdministration') && r.status === 201)!;
    expect(put.headers['if-match']).toBe(created.etag);
    expect((put.body as MedicationAdministration).status).toBe('entered-in-error');
    expect(oldRecord!.status).toBe('entered-in-error');
    expect(newRecord!.identifier?.[0]?.value).toBe('ma1/entry-2');
    expect(newRecord!.dosage?.dose?.value).toBe(50);
    const order = ehr.writes().map((r) => `${r.method} ${r.url.pathname.split('/')[3]}`);
    expect(order.slice(-3)).toEqual(['PUT MedicationAdministration', 'POST MedicationAdministration', 'POST Provenance']);
    expect(within(screen.getByRole('region', { name: 'Waste recorded' })).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Write the draft claim' })).toHaveProperty('disabled', false);
  });

  it('keeps a correction in view when the old record was retired but the new one failed, and retries without a second PUT', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    await sandboxLaunch(ehr);
    await recordWaste('40');
    fireEvent.click(within(await screen.findByRole('region', { name: 'Waste recorded' })).getByRole('button', { name: /Correct/ }));
    const form = await screen.findByRole('form', { name: /Correct the waste record/ });
    fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: '50' } });
    ehr.failNext('POST', /^MedicationAdministration$/, 503);
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('(503)');
    const list = screen.getByRole('region', { name: 'Waste recorded' });
    expect(list.textContent).toContain('Marked entered in error; its correction below is not saved yet.');
    const kept = within(list).getByRole('form', { name: /Correct the waste record/ });
    expect((within(kept).getByLabelText('Discarded amount') as HTMLInputElement).value).toBe('50');
    fireEvent.click(within(kept).getByRole('button', { name: 'Try again' }));
    await screen.findByText(/Waste record for .* corrected: /);
    expect(ehr.writes().filter((r) => r.method === 'PUT')).toHaveLength(1);
    const live = (await ehr.ofType<MedicationAdministration>('MedicationAdministration')).filter((m) => m.partOf && m.status === 'not-done');
    expect(live.map((m) => m.dosage?.dose?.value)).toEqual([50]);
  });
});

describe('the draft Claim', () => {
  it('refuses to overwrite a Claim that is no longer a draft', async () => {
    const options = sandboxEhrOptions('epic');
    const submitted: Claim = {
      resourceType: 'Claim',
      id: 'submitted-1',
      identifier: [{ system: 'https://jcode-assist.dev/fhir/NamingSystem/draft-claim', value: 'draft-Encounter-e1' }],
      status: 'active',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
      use: 'claim',
      patient: { reference: 'Patient/p1' },
      created: '2026-03-02',
      provider: { reference: 'Organization/clinic' },
      priority: { coding: [{ code: 'normal' }] },
      insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov1' } }],
    };
    await useEhr({ ...options, resources: [...options.resources, submitted] });
    await sandboxLaunch(ehr);
    await recordWaste('50');
    fireEvent.click(screen.getByRole('button', { name: 'Write the draft claim' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The Claim for this encounter (Claim/submitted-1) is no longer a draft (status active), so it was not changed.',
    );
    expect(ehr.writes().filter((r) => r.url.pathname.includes('/Claim'))).toHaveLength(0);
  });

  it('goes to another FHIR server when smart-config.json names one, without the EHR token', async () => {
    await useEhr(sandboxEhrOptions('epic'), (e) => appConfig([e], { claimDestination: { fhirBaseUrl: 'https://billing.example/fhir' } }));
    server.use(
      http.post('https://billing.example/fhir/Claim', async ({ request }) => {
        expect(request.headers.get('authorization')).toBeNull();
        expect(request.headers.get('if-none-exist')).toBe('identifier=https://jcode-assist.dev/fhir/NamingSystem/draft-claim|draft-Encounter-e1');
        const claim = (await request.json()) as Claim;
        return HttpResponse.json({ ...claim, id: 'remote-7', meta: { versionId: '1' } }, { status: 201 });
      }),
      http.get('https://billing.example/fhir/Claim', () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [] })),
    );
    await sandboxLaunch(ehr);
    await recordWaste('50');
    expect(screen.getByText(/to https:\/\/billing.example\/fhir/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Write the draft claim' }));
    expect((await screen.findByText(/Draft claim created/)).textContent).toContain('created in https://billing.example/fhir');
    expect(screen.getByText('Saved as Claim/remote-7.')).toBeTruthy();
  });
});
