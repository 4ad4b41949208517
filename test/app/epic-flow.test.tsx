// @vitest-environment happy-dom
// The whole app against an Epic-like EHR (NDC on a referenced Medication, _include offered, MAR writes
// accepted): launch -> read -> findings -> record waste -> write the draft Claim, asserting the requests sent.
import { fireEvent, screen, within } from '@testing-library/preact';
import type { Claim, MedicationAdministration, Provenance } from 'fhir/r4';
import { beforeEach, describe, expect, it } from 'vitest';
import { appConfig, appServerHandlers, sandboxEhrOptions, SCOPES } from './support/fixtures';
import { sandboxLaunch } from './support/harness';
import { EHR_BASE, QuirkyEhr } from './support/quirky-ehr';
import { mswServer } from './support/msw-server';

const server = mswServer();
let ehr: QuirkyEhr;

beforeEach(async () => {
  ehr = await QuirkyEhr.create(sandboxEhrOptions('epic'));
  server.resetHandlers(...ehr.handlers(), ...appServerHandlers(() => appConfig([ehr])));
});

describe('Epic-like EHR: the whole flow', () => {
  it('launches with PKCE S256, a 256-bit state and the configured scopes', async () => {
    const { authorizeUrl, launch } = await sandboxLaunch(ehr);
    const p = authorizeUrl.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(ehr.clientId);
    expect(p.get('redirect_uri')).toBe('https://jcode.example/app/');
    expect(p.get('aud')).toBe(EHR_BASE);
    expect(p.get('launch')).toBe(launch);
    expect(p.get('scope')).toBe(SCOPES);
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // 32 random bytes, base64url: 43 characters = 256 bits (at least 122 required).
    expect(p.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' });
    const token = ehr.requests.find((r) => r.url.pathname === '/sandbox/auth/token');
    expect(token?.body).toMatchObject({ grant_type: 'authorization_code', client_id: ehr.clientId, redirect_uri: 'https://jcode.example/app/' });
    expect((token?.body as Record<string, string>).code_verifier).toMatch(/^[A-Za-z0-9_-]{128}$/);
  });

  it('reads in two round trips with _include, shows the waste finding, records waste and writes one draft Claim', async () => {
    await sandboxLaunch(ehr);
    // Banner (need_patient_banner absent) and the finding, errors first.
    await screen.findByText('Ada Lovelace');
    const findings = await screen.findByRole('region', { name: 'What needs attention' });
    expect(within(findings).getAllByRole('listitem')[0]!.textContent).toMatch(/^Must fix: 350 mg of .* no discarded amount is recorded/);

    const maSearch = ehr.fhirRequests().find((r) => r.url.pathname.endsWith('/MedicationAdministration'))!;
    expect(Object.fromEntries(maSearch.url.searchParams)).toMatchObject({ patient: 'p1', _count: '100', _include: 'MedicationAdministration:medication' });
    expect(maSearch.url.searchParams.getAll('effective-time')).toEqual(['ge2026-03-01', 'le2026-03-03']);
    expect(ehr.fhirRequests().some((r) => r.url.pathname.endsWith('/Medication/med-inflix'))).toBe(false);
    expect(maSearch.headers.authorization).toMatch(/^Bearer [A-Za-z0-9_-]{43}$/);

    // Claim blocked while the error stands.
    expect(screen.getByRole('button', { name: 'Write the draft claim' })).toHaveProperty('disabled', true);

    fireEvent.click(screen.getByRole('button', { name: /Record waste for Infliximab/ }));
    const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
    expect(form.textContent).toContain('350 mg');
    expect(form.textContent).toContain('Opened containers4 x 100 mg = 400 mg');
    expect(form.textContent).toContain('Left after the dose50 mg');
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: '50' } });
    expect((within(form).getByLabelText('Unit') as HTMLInputElement).value).toBe('mg');
    // The administration's end, in the clock the EHR recorded it in (UTC-05:00), whatever the test's own zone.
    expect((within(form).getByLabelText(/^Discarded at \(time at the clinic, UTC-05:00\)/) as HTMLInputElement).value).toBe('2026-03-02T11:15');
    fireEvent.input(within(form).getByLabelText('Witness (optional)'), { target: { value: 'Grace Hopper' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));

    await screen.findByText(/Waste record for .* saved: 50 mg discarded/);
    const post = ehr.writes().find((r) => r.method === 'POST' && r.url.pathname.endsWith('/MedicationAdministration'))!;
    expect(post.headers['if-none-exist']).toBe('identifier=https://jcode-assist.dev/fhir/NamingSystem/waste-entry|ma1/first');
    expect(post.headers['content-type']).toBe('application/fhir+json');
    const record = post.body as MedicationAdministration;
    expect(record).toEqual({
      resourceType: 'MedicationAdministration',
      identifier: [
        { system: 'https://jcode-assist.dev/fhir/NamingSystem/waste-entry', value: 'ma1/entry-1' },
        { system: 'https://jcode-assist.dev/fhir/NamingSystem/waste-entry', value: 'ma1/first' },
      ],
      partOf: [{ reference: 'MedicationAdministration/ma1' }],
      status: 'not-done',
      statusReason: [
        {
          coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded', display: 'Discarded (drug waste)' }],
          text: 'Drug discarded (waste)',
        },
      ],
      medicationReference: { reference: 'Medication/med-inflix', display: 'Infliximab 100 mg powder for injection' },
      subject: { reference: 'Patient/p1' },
      context: { reference: 'Encounter/e1' },
      effectiveDateTime: '2026-03-02T11:15:00-05:00',
      performer: [
        { actor: { reference: 'Practitioner/n1' } },
        {
          function: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/med-admin-perform-function', code: 'witness', display: 'Witness' }], text: 'witness' },
          actor: { display: 'Grace Hopper' },
        },
      ],
      dosage: { dose: { value: 50, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
    });
    const stored = (await ehr.ofType<MedicationAdministration>('MedicationAdministration')).find((m) => m.status === 'not-done')!;
    const provenance = await ehr.ofType<Provenance>('Provenance');
    expect(provenance).toHaveLength(1);
    expect(provenance[0]!.target).toEqual([{ reference: `MedicationAdministration/${stored.id}` }]);
    expect(provenance[0]!.agent[0]!.who).toEqual({ reference: 'Practitioner/n1' });
    const provenancePost = ehr.writes().find((r) => r.url.pathname.endsWith('/Provenance'))!;
    expect(provenancePost.headers['if-none-exist']).toBe(`target=MedicationAdministration/${stored.id}`);

    // Derived again: J1745 x 35, J1745-JW x 5, 96413 + 96415; no error left.
    const table = await screen.findByRole('table', { name: /^Drug and administration lines/ });
    const rows = within(table).getAllByRole('row').filter((r) => !r.hidden && r.querySelector('th[scope="row"]'));
    expect(rows.map((r) => [...r.children].slice(0, 4).map((c) => c.firstChild?.textContent ?? '').join('|'))).toEqual([
      'J1745|Injection, infliximab, excludes biosimilar, 10 mg||35',
      'J1745|Injection, infliximab, excludes biosimilar, 10 mg|JW|5',
      expect.stringMatching(/^96413\|/),
      expect.stringMatching(/^96415\|/),
    ]);

    const write = screen.getByRole('button', { name: 'Write the draft claim' });
    expect(write).toHaveProperty('disabled', false);
    fireEvent.click(write);
    fireEvent.click(write); // a double click sends one write
    await screen.findByText(/Draft claim created/);
    const claims = await ehr.ofType<Claim>('Claim');
    expect(claims).toHaveLength(1);
    // The Claim's id is for whoever checks the set-up: in the folded FHIR detail, not in the message.
    expect(screen.getByText(`Saved as Claim/${claims[0]!.id}.`).closest('details')).toBeTruthy();
    const claimSearch = ehr.fhirRequests().find((r) => r.method === 'GET' && r.url.pathname.endsWith('/Claim'))!;
    expect(claimSearch.url.searchParams.get('identifier')).toBe('https://jcode-assist.dev/fhir/NamingSystem/draft-claim|draft-Encounter-e1');
    const claimPost = ehr.writes().filter((r) => r.url.pathname.endsWith('/Claim'));
    expect(claimPost).toHaveLength(1);
    expect(claimPost[0]!.headers['if-none-exist']).toBe('identifier=https://jcode-assist.dev/fhir/NamingSystem/draft-claim|draft-Encounter-e1');

    // A second press updates the same draft with If-Match on its version.
    fireEvent.click(screen.getByRole('button', { name: 'Update the draft claim' }));
    await screen.findByText(/Draft claim updated/);
    const put = ehr.writes().find((r) => r.method === 'PUT' && r.url.pathname.endsWith(`/Claim/${claims[0]!.id}`))!;
    expect(put.headers['if-match']).toBe(`W/"${claims[0]!.meta!.versionId}"`);
    expect(await ehr.ofType<Claim>('Claim')).toHaveLength(1);
  });
});
