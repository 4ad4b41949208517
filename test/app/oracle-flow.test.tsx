// @vitest-environment happy-dom
// The whole app against an Oracle-Health-like EHR: Medication contained and coded in RxNorm only, no _include,
// pages of 10, MedicationAdministration writes refused. The nurse supplies the NDC from the vial, the waste record
// goes in as a DocumentReference nurse note, and the draft Claim is written.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Claim, DocumentReference, MedicationAdministration, Provenance } from 'fhir/r4';
import { beforeEach, describe, expect, it } from 'vitest';
import { fhirclientAuthorizer } from '../../src/fhir/fhirclient-session';
import { appConfig, appServerHandlers, encounterResources, sandboxEhrOptions } from './support/fixtures';
import { sandboxLaunch } from './support/harness';
import { QuirkyEhr } from './support/quirky-ehr';
import { RoundTrips } from './support/round-trips';
import { mswServer } from './support/msw-server';

const server = mswServer();
let ehr: QuirkyEhr;
let catalogRequests: URL[];

beforeEach(async () => {
  catalogRequests = [];
  ehr = await QuirkyEhr.create(sandboxEhrOptions('oracle', { resources: encounterResources('oracle', { extraAdministrations: 25 }) }));
  server.resetHandlers(...ehr.handlers(), ...appServerHandlers(() => appConfig([ehr]), catalogRequests));
});

describe('Oracle-Health-like EHR: the whole flow', () => {
  it('pages without _include, takes the NDC from the nurse, writes waste as a nurse note and the draft Claim', async () => {
    const trips = new RoundTrips();
    await sandboxLaunch(ehr, {
      services: {
        connect: async () => {
          const session = await fhirclientAuthorizer().completeLaunch();
          return { ...session, fetch: trips.wrap(session.fetch) };
        },
      },
    });
    const unmapped = await screen.findByText(/carries neither an NDC nor an HCPCS code \(only other codes such as RxNorm\)/);
    // Contained Medication: 2 round trips, plus one per extra page (27 administrations in the window, pages of 10).
    expect(trips.depth).toBe(4);
    const maRequests = ehr.fhirRequests().filter((r) => r.url.pathname.endsWith('/MedicationAdministration') && r.url.searchParams.has('effective-time'));
    expect(maRequests).toHaveLength(3);
    expect(maRequests.every((r) => !r.url.searchParams.has('_include'))).toBe(true);
    expect(maRequests.map((r) => r.url.searchParams.get('_offset'))).toEqual([null, '10', '20']);
    expect(ehr.fhirRequests().some((r) => r.url.pathname.includes('/Medication/'))).toBe(false);
    // Only the encounter's own administration is billed: the other encounters' ones were filtered out.
    expect(screen.queryByText(/ma-other|ma-x/)).toBeNull();

    const finding = unmapped.closest('li')!;
    fireEvent.input(within(finding).getByLabelText(/NDC from the package of Infliximab/), { target: { value: '57894-0030-01' } });
    fireEvent.click(within(finding).getByRole('button', { name: 'Use this NDC' }));
    const used = await screen.findByText(/NDC 57894-0030-01 is used for Infliximab/);
    // The NDC form is gone once the drug is identified: focus moves to the message rather than being lost.
    await waitFor(() => expect(document.activeElement).toBe(used));
    expect(catalogRequests.at(-1)!.searchParams.getAll('ndc')).toEqual(['57894003001']);

    fireEvent.click(await screen.findByRole('button', { name: /Record waste for Infliximab/ }));
    const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
    expect(form.textContent).toContain('it will be saved as a nurse note');
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: '50' } });
    fireEvent.input(within(form).getByLabelText('Note (optional)'), { target: { value: 'Vial 4 partly used' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText(/Waste record for .* saved: .*saved as a nurse note/);

    // The CapabilityStatement offers no MedicationAdministration create: no attempt is made.
    expect(ehr.writes().some((r) => r.url.pathname.endsWith('/MedicationAdministration'))).toBe(false);
    const post = ehr.writes().find((r) => r.url.pathname.endsWith('/DocumentReference'))!;
    expect(post.headers['if-none-exist']).toBe('identifier=https://jcode-assist.dev/fhir/NamingSystem/waste-entry|ma1/first');
    const note = post.body as DocumentReference;
    expect(note.status).toBe('current');
    expect(note.type?.coding).toEqual([{ system: 'http://loinc.org', code: '34746-8', display: 'Nurse Note' }]);
    expect(note.subject).toEqual({ reference: 'Patient/p1' });
    expect(note.context?.encounter).toEqual([{ reference: 'Encounter/e1' }]);
    expect(note.content.map((c) => c.attachment.contentType)).toEqual(['application/json', 'text/plain; charset=utf-8']);
    const inner = JSON.parse(Buffer.from(note.content[0]!.attachment.data!, 'base64').toString('utf8')) as MedicationAdministration;
    expect(inner).toMatchObject({
      resourceType: 'MedicationAdministration',
      status: 'not-done',
      partOf: [{ reference: 'MedicationAdministration/ma1' }],
      medicationReference: { reference: '#m1' },
      context: { reference: 'Encounter/e1' },
      dosage: { dose: { value: 50, unit: 'mg' } },
      note: [{ text: 'Vial 4 partly used' }],
    });
    // The contained Medication travels with the record (RxNorm only: the NDC typed this session is not written).
    expect(inner.contained?.[0]).toMatchObject({ resourceType: 'Medication', id: 'm1' });
    expect(JSON.stringify(inner.contained)).not.toContain('57894');
    const text = Buffer.from(note.content[1]!.attachment.data!, 'base64').toString('utf8');
    expect(text).toContain('50 mg of Infliximab 100 mg powder for injection was discarded (MedicationAdministration/ma1).');
    const stored = (await ehr.ofType<DocumentReference>('DocumentReference'))[0]!;
    expect((await ehr.ofType<Provenance>('Provenance'))[0]!.target).toEqual([{ reference: `DocumentReference/${stored.id}` }]);

    // The engine reads the note form: J1745 x 35 and J1745-JW x 5 with the NDC typed by the nurse.
    const table = await screen.findByRole('table', { name: /^Drug and administration lines/ });
    expect(within(table).getAllByText('57894-0030-01')).toHaveLength(2);
    expect(within(table).getByText('JW')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Write the draft claim' }));
    await screen.findByText(/Draft claim created/);
    const claim = (await ehr.ofType<Claim>('Claim'))[0]!;
    expect(claim.item?.[0]?.detail?.[0]?.productOrService.coding?.[0]).toEqual({ system: 'http://hl7.org/fhir/sid/ndc', code: '57894003001' });
  });

  it('falls back to the nurse note when the EHR advertises MedicationAdministration create but answers 403', async () => {
    ehr = await QuirkyEhr.create(sandboxEhrOptions('epic', { refuseMedicationAdministrationWrites: 'despite-capability' }));
    server.resetHandlers(...ehr.handlers(), ...appServerHandlers(() => appConfig([ehr])));
    await sandboxLaunch(ehr);
    fireEvent.click(await screen.findByRole('button', { name: /Record waste for Infliximab/ }));
    const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
    fireEvent.click(within(form).getByLabelText('Nothing was discarded'));
    fireEvent.input(within(form).getByLabelText(/Why was none of the 50 mg left discarded/), { target: { value: 'The fourth vial went back to pharmacy unopened.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText(/saved: .*saved as a nurse note because the EHR refused to save it as a MedicationAdministration \(403\)/);
    const writes = ehr.writes().map((r) => `${r.method} ${r.url.pathname.replace('/sandbox/fhir/', '')} ${r.status}`);
    expect(writes.slice(0, 2)).toEqual(['POST MedicationAdministration 403', 'POST DocumentReference 201']);
    const inner = JSON.parse(Buffer.from((await ehr.ofType<DocumentReference>('DocumentReference'))[0]!.content[0]!.attachment.data!, 'base64').toString());
    expect(inner.dosage).toEqual({ dose: { value: 0, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } });
  });
});
