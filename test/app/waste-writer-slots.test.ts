// The waste writer's shared slot against the sandbox's FHIR server (real conditional create): a retry finds its
// own first write; another entry in the same slot is answered with the record already there; a slot held only by
// a record since marked entered-in-error is left behind.
import type { MedicationAdministration } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Capabilities } from '../../src/fhir/capabilities';
import { FhirRest } from '../../src/fhir/rest';
import { GrantedScopes } from '../../src/fhir/scopes';
import { WasteAlreadyRecorded, WasteWriter } from '../../src/fhir/waste-writer';
import type { WasteEntryInput } from '../../src/fhir/waste-record-builder';
import { SANDBOX_USER } from '../../server/sandbox/samples';
import { FHIR_BASE, testApp, type TestApp } from '../server/helpers';

let server: TestApp;
let rest: FhirRest;
let writer: WasteWriter;
let given: MedicationAdministration;

beforeAll(async () => {
  server = await testApp({ sandbox: true });
  const token = server.sandbox!.store.issueAccessToken({
    clientId: 'writer-test',
    scopes: ['user/*.cruds'],
    context: { fhirUser: SANDBOX_USER, needPatientBanner: true },
    fromCode: 'writer-test',
  }).token;
  rest = new FhirRest(FHIR_BASE, async (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return server.app.request(url, { ...init, headers });
  });
  writer = new WasteWriter(rest, new Capabilities(undefined), new GrantedScopes('patient/MedicationAdministration.crus patient/Provenance.c'));
  given = await rest.read<MedicationAdministration>('MedicationAdministration/waste-missing-infliximab');
}, 30_000);
afterAll(() => server?.cleanup());

const entry = (entryId: string, mg: number, slot?: string): WasteEntryInput => ({
  administration: given,
  amount: { value: String(mg), unit: 'mg', code: 'mg', system: 'http://unitsofmeasure.org' },
  discardedAt: '2026-11-24T12:10:00-06:00',
  performer: { reference: SANDBOX_USER, display: 'Dana Okafor' },
  entryId,
  ...(slot ? { slot } : {}),
});

describe('the shared slot', () => {
  it('first write, its retry, another entry in the same slot, and a slot left behind by a retired record', async () => {
    const first = await writer.write(entry('a', 50, 'first'), 'infliximab');
    expect(first.created).toBe(true);

    const retry = await writer.write(entry('a', 50, 'first'), 'infliximab');
    expect(retry).toMatchObject({ created: false, record: { id: first.record.id } });

    const other = await writer.write(entry('b', 45, 'first'), 'infliximab').catch((err: unknown) => err);
    expect(other).toBeInstanceOf(WasteAlreadyRecorded);
    expect((other as WasteAlreadyRecorded).record.id).toBe(first.record.id);

    await writer.retire(first.record);
    const after = await writer.write(entry('c', 40, 'first'), 'infliximab');
    expect(after.created).toBe(true);
    expect(after.record.id).not.toBe(first.record.id);
    expect(after.record.identifier?.map((i) => i.value)).toEqual(['waste-missing-infliximab/c']);

    const stored = FhirRest.matches<MedicationAdministration>(await rest.search('MedicationAdministration?patient=Patient/waste-missing&status=not-done'), 'MedicationAdministration');
    expect(stored.map((r) => r.dosage?.dose?.value)).toEqual([40]);
  });
});
