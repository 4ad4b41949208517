// @vitest-environment happy-dom
// Bad input and faults (issue 3): 401 mid-session with and without refresh, 403 and 404 on reads, 500 and
// network errors on reads (retried) and writes (never blindly repeated; nothing typed is lost), slow answers,
// a thousand administrations, and markup in drug names and notes.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { MedicationAdministration } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { fhirclientAuthorizer } from '../../src/fhir/fhirclient-session';
import { appConfig, appServerHandlers, encounterResources, sandboxEhrOptions } from './support/fixtures';
import { sandboxLaunch } from './support/harness';
import { QuirkyEhr, type QuirkyEhrOptions } from './support/quirky-ehr';
import { RoundTrips } from './support/round-trips';
import { mswServer } from './support/msw-server';

const server = mswServer();
let ehr: QuirkyEhr;

async function useEhr(options: QuirkyEhrOptions): Promise<QuirkyEhr> {
  ehr = await QuirkyEhr.create(options);
  server.resetHandlers(...ehr.handlers(), ...appServerHandlers(() => appConfig([ehr])));
  return ehr;
}

async function openWasteForm() {
  fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }));
  const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
  fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
  fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: '50' } });
  fireEvent.input(within(form).getByLabelText('Note (optional)'), { target: { value: 'typed before the failure' } });
  return form;
}

/** The window searches for administrations (the waste-record search, status=not-done, is not windowed). */
const administrationSearches = () =>
  ehr.fhirRequests().filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/MedicationAdministration') && r.url.searchParams.has('effective-time'));
const wastePosts = () => ehr.writes().filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/MedicationAdministration'));

describe('session expiry mid-session', () => {
  it('without a refresh token: says to relaunch and keeps what was typed', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    await sandboxLaunch(ehr);
    const form = await openWasteForm();
    ehr.expireTokens();
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('Your session with the EHR has ended');
    expect(alert.textContent).toContain('Relaunch the app from the EHR');
    expect((within(form).getByLabelText('Discarded amount') as HTMLInputElement).value).toBe('50');
    expect((within(form).getByLabelText('Note (optional)') as HTMLTextAreaElement).value).toBe('typed before the failure');
    expect(screen.getAllByText(/Relaunch J-Code Assist from the EHR to save/)).toHaveLength(1);
  });

  it('with a refresh token: refreshes once and the write goes through', async () => {
    await useEhr(sandboxEhrOptions('epic', { grantScope: (asked) => `${asked} online_access` }));
    await sandboxLaunch(ehr);
    const form = await openWasteForm();
    ehr.expireTokens();
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText(/Waste record for .* saved: 50 mg discarded/);
    const refresh = ehr.requests.filter((r) => r.url.pathname === '/sandbox/auth/token' && (r.body as Record<string, string>).grant_type === 'refresh_token');
    expect(refresh).toHaveLength(1);
    // The first request after the expiry is the re-read of the administration's records (a GET): it gets the 401,
    // the token is refreshed, and the read and then the write go through.
    const reread = ehr.fhirRequests().filter((r) => r.method === 'GET' && r.url.searchParams.get('status') === 'not-done');
    expect(reread.map((r) => r.status).slice(-2)).toEqual([401, 200]);
    expect(wastePosts().map((r) => r.status)).toEqual([201]);
  });
});

describe('faults while reading', () => {
  it('retries an idempotent read after 500s and network errors', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    ehr.failNext('GET', /^Encounter\/e1$/, 500, { times: 2 });
    ehr.failNext('GET', /^MedicationAdministration\?/, 0);
    await sandboxLaunch(ehr);
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' });
    expect(ehr.fhirRequests().filter((r) => r.url.pathname.endsWith('/Encounter/e1')).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('gives up after repeated failures with a page that offers to try again', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    ehr.failNext('GET', /^Encounter\/e1$/, 503, { times: 4 });
    await sandboxLaunch(ehr);
    await screen.findByRole('heading', { level: 1, name: 'The encounter could not be read' });
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' });
  });

  it('a 403 on the administrations search', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    ehr.failNext('GET', /^MedicationAdministration\?.*effective-time/, 403);
    await sandboxLaunch(ehr);
    await screen.findByRole('heading', { level: 1, name: 'The EHR refused to share this encounter' });
    expect(administrationSearches()).toHaveLength(1);
  });

  it('a 404 for a referenced Medication: a note, and the drug is reported unmapped', async () => {
    const options = sandboxEhrOptions('epic', { noInclude: true });
    await useEhr({ ...options, resources: options.resources.filter((r) => r.resourceType !== 'Medication') });
    const trips = new RoundTrips();
    await sandboxLaunch(ehr, { services: { connect: tripCounting(trips) } });
    await screen.findByText(/Medication\/med-inflix \(Infliximab 100 mg powder for injection\) could not be read \(not found \(404\)\)/);
    expect(screen.getByText(/The medication Medication\/med-inflix of MedicationAdministration\/ma1 is not in the record/)).toBeTruthy();
    // Referenced and not included: a third round trip for the Medication.
    expect(trips.depth).toBe(3);
  });

  it('a 403 on Coverage is a note, not a failure', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    ehr.failNext('GET', /^Coverage\?/, 403);
    await sandboxLaunch(ehr);
    await screen.findByText('Coverage (insurance) could not be read (the EHR refused access (403)).');
    expect(screen.getByText(/no insurance coverage on record/)).toBeTruthy();
  });

  it('shows progress at once while a slow EHR answers', async () => {
    await useEhr(sandboxEhrOptions('epic', { latencyMs: 150 }));
    await sandboxLaunch(ehr);
    const status = await screen.findByRole('status');
    expect(status.textContent).toMatch(/Signing in to the EHR|Reading the encounter/);
    await waitFor(() => expect(screen.getByText(/\d+ of \d+ requests answered/)).toBeTruthy());
    expect(screen.getByRole('progressbar', { name: 'Requests answered' })).toBeTruthy();
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' }, { timeout: 5000 });
  });

  it('follows every page of a thousand administrations and keeps only those of the encounter', async () => {
    await useEhr(sandboxEhrOptions('epic', { resources: encounterResources('epic', { extraAdministrations: 1000 }) }));
    const trips = new RoundTrips();
    await sandboxLaunch(ehr, { services: { connect: tripCounting(trips) } });
    await screen.findByRole('button', { name: /Record waste for Infliximab/ }, { timeout: 10_000 });
    const pages = administrationSearches();
    expect(pages).toHaveLength(11); // 1,002 in the window, 100 a page
    expect(trips.depth).toBe(2 + 10);
    expect(screen.getAllByRole('button', { name: /Record waste for/ })).toHaveLength(1);
  });
});

describe('faults while writing', () => {
  it('a 500 on the waste write: one attempt, the reason shown, the typing kept, and a safe retry', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    await sandboxLaunch(ehr);
    const form = await openWasteForm();
    ehr.failNext('POST', /^MedicationAdministration$/, 500);
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('The EHR had a problem saving the waste record (500). Trying again is safe');
    expect(wastePosts()).toHaveLength(1);
    expect((within(form).getByLabelText('Discarded amount') as HTMLInputElement).value).toBe('50');
    fireEvent.click(within(form).getByRole('button', { name: 'Try again' }));
    await screen.findByText(/Waste record for .* saved: 50 mg discarded/);
    const [first, second] = wastePosts();
    expect(second!.headers['if-none-exist']).toBe(first!.headers['if-none-exist']);
  });

  it('a lost answer after the EHR saved the record: the retry finds it instead of adding a second', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    await sandboxLaunch(ehr);
    const form = await openWasteForm();
    ehr.failNext('POST', /^MedicationAdministration$/, 0, { afterProcessing: true });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toContain('it is not known whether the waste record was saved. Trying again is safe');
    fireEvent.click(within(form).getByRole('button', { name: 'Try again' }));
    await screen.findByText(/saved: .* It had already reached the EHR on an earlier try/);
    const waste = (await ehr.ofType<MedicationAdministration>('MedicationAdministration')).filter((m) => m.status === 'not-done');
    expect(waste).toHaveLength(1);
  });

  it('a 500 on the Claim write is shown and the Claim can be written again', async () => {
    await useEhr(sandboxEhrOptions('epic'));
    await sandboxLaunch(ehr);
    const form = await openWasteForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText(/Waste record for .* saved:/);
    ehr.failNext('POST', /^Claim$/, 500);
    fireEvent.click(screen.getByRole('button', { name: 'Write the draft claim' }));
    expect((await screen.findByText(/problem saving the draft claim \(500\)/)).getAttribute('role')).toBe('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Write the draft claim' }));
    await screen.findByText(/Draft claim created/);
    expect(await ehr.ofType('Claim')).toHaveLength(1);
  });
});

describe('markup in EHR data', () => {
  it('renders drug names and notes as text', async () => {
    const evil = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=2</script>Infliximab';
    await useEhr(sandboxEhrOptions('epic', { resources: encounterResources('epic', { drugName: evil }) }));
    await sandboxLaunch(ehr);
    const button = await screen.findByRole('button', { name: /Record waste for/ });
    expect(button.textContent).toContain(evil);
    const form = await openWasteForm();
    fireEvent.input(within(form).getByLabelText('Note (optional)'), { target: { value: '<b onmouseover=alert(1)>bold</b>' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    await screen.findByText('Note: <b onmouseover=alert(1)>bold</b>');
    expect(document.querySelector('main img, main script, main b')).toBeNull();
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });
});

function tripCounting(trips: RoundTrips) {
  return async () => {
    const session = await fhirclientAuthorizer().completeLaunch();
    return { ...session, fetch: trips.wrap(session.fetch) };
  };
}
