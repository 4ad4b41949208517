// The catalog lookup starts from the first page of administrations (issue 14): readEncounter reports that page
// with its Medications as soon as they are at hand, and CatalogLookup asks the app's server once, asking again
// only for products the early question did not cover.
import type { Medication, MedicationAdministration } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { readEncounter } from '../../src/fhir/read-encounter';
import type { Products } from '../../src/fhir/products';
import { FhirRest } from '../../src/fhir/rest';
import { GrantedScopes } from '../../src/fhir/scopes';
import type { CatalogAnswer } from '../../src/ui/app-server';
import { CatalogLookup } from '../../src/ui/catalog-lookup';
import { encounterResources, INFLIXIMAB_NDC, sandboxEhrOptions, SCOPES } from './support/fixtures';
import { EHR_BASE, QuirkyEhr, type QuirkyEhrOptions } from './support/quirky-ehr';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

interface FirstPage {
  administrations: MedicationAdministration[];
  medications: Medication[];
  /** Requests the EHR had received when the page was reported. */
  requestsSoFar: number;
}

async function read(options: QuirkyEhrOptions): Promise<{ reports: FirstPage[]; requests: number }> {
  const ehr = await QuirkyEhr.create(options);
  server.resetHandlers(...ehr.handlers());
  const token = ehr.issueToken(SCOPES);
  const fetchWithToken = (url: string, init?: RequestInit) => fetch(url, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } });
  const context = { serverUrl: EHR_BASE, patientId: 'p1', encounterId: 'e1', fhirUser: 'Practitioner/n1', scopes: new GrantedScopes(SCOPES), needPatientBanner: true, smartStyleUrl: undefined };
  const requests = () => ehr.fhirRequests().length;
  const reports: FirstPage[] = [];
  const record = await readEncounter(new FhirRest(EHR_BASE, fetchWithToken), context, {
    onFirstAdministrations: (administrations, medications) => reports.push({ administrations, medications, requestsSoFar: requests() }),
  });
  expect(record.administrations.map((a) => a.id)).toContain('ma1');
  return { reports, requests: requests() };
}

describe('readEncounter reports the first page of administrations', () => {
  it('with its included Medication (Epic-like _include)', async () => {
    const { reports } = await read(sandboxEhrOptions('epic'));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.administrations.map((a) => a.id)).toContain('ma1');
    const codes = reports[0]!.medications.flatMap((m) => m.code?.coding?.map((c) => c.code?.replace(/-/g, '')) ?? []);
    expect(codes).toContain(INFLIXIMAB_NDC);
  });

  it('with a referenced Medication once it has been read (no _include)', async () => {
    const { reports } = await read(sandboxEhrOptions('epic', { noInclude: true }));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.medications.length).toBeGreaterThan(0);
  });

  it('before the later pages are read (other encounters’ administrations paged after it), and only once', async () => {
    const { reports, requests } = await read(sandboxEhrOptions('oracle', { resources: encounterResources('oracle', { extraAdministrations: 25 }) }));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.requestsSoFar).toBeLessThan(requests);
  });
});

describe('CatalogLookup', () => {
  const ma = (ndc: string): MedicationAdministration => ({
    resourceType: 'MedicationAdministration',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2026-03-02T10:00:00Z',
    medicationCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: ndc }] },
  });
  const answer = (products: Products): CatalogAnswer => ({ catalog: 'test', entries: [], unknown: products.ndcs }) as unknown as CatalogAnswer;

  function lookupWith(supplied: string[] = []) {
    const asked: Products[] = [];
    const lookup = new CatalogLookup(async (products) => {
      asked.push(products);
      return answer(products);
    }, supplied);
    return { lookup, asked };
  }

  it('answers from the early question when it covered every product', async () => {
    const { lookup, asked } = lookupWith(['00069019001']);
    lookup.start([ma('57894003001')], []);
    lookup.start([ma('11111111111')], []); // a second report changes nothing
    const got = await lookup.answerFor({ ndcs: ['57894003001', '00069019001'], codes: [] });
    expect(asked).toEqual([{ ndcs: ['00069019001', '57894003001'], codes: [] }]);
    expect((got as unknown as { unknown: string[] }).unknown).toEqual(['00069019001', '57894003001']);
  });

  it('asks again with everything when the read named a product the early question missed', async () => {
    const { lookup, asked } = lookupWith();
    lookup.start([ma('57894003001')], []);
    await lookup.answerFor({ ndcs: ['57894003001', '63323026201'], codes: ['J1745'] });
    expect(asked).toEqual([
      { ndcs: ['57894003001'], codes: [] },
      { ndcs: ['57894003001', '63323026201'], codes: ['J1745'] },
    ]);
  });

  it('asks nothing early for a page that names no product, and reports a failed early answer', async () => {
    const { lookup, asked } = lookupWith();
    lookup.start([{ ...ma('x'), medicationCodeableConcept: { text: 'saline' } }], []);
    expect(asked).toEqual([]);
    const failing = new CatalogLookup(async () => {
      throw new Error('GET /api/catalog answered 503');
    }, []);
    failing.start([ma('57894003001')], []);
    await expect(failing.answerFor({ ndcs: ['57894003001'], codes: [] })).rejects.toThrow(/503/);
  });
});
