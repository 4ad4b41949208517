// The sandbox FHIR server through app.request(): what the adapter adds to @medplum/fhir-router (validation on
// write, conditional create, If-Match, ETag, _include, qualified patient ids, paging, /metadata) and the SMART
// access rules (a token on every request, scopes per type and interaction, one patient per token).
import type { Bundle, CapabilityStatement, Claim, MedicationAdministration, OperationOutcome } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FHIR_BASE, fhir, signIn, testApp, type TestApp } from './helpers';

let t: TestApp;
let nurse: string; // patient/*.cruds for waste-missing

beforeAll(async () => {
  t = await testApp({ sandbox: true });
  ({ token: nurse } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing', encounter: 'waste-missing-visit' }));
});
afterAll(() => t.cleanup());

const json = async <T>(res: Response) => (await res.json()) as T;
const post = (token: string, type: string, body: unknown, headers: Record<string, string> = {}) =>
  fhir(t.app, token, type, { method: 'POST', body: JSON.stringify(body), headers });

function wasteRecord(entry: string, amount = 50): MedicationAdministration {
  return {
    resourceType: 'MedicationAdministration',
    identifier: [{ system: 'https://jcode-assist.dev/fhir/NamingSystem/waste-entry', value: entry }],
    status: 'not-done',
    statusReason: [{ coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] }],
    partOf: [{ reference: 'MedicationAdministration/waste-missing-infliximab' }],
    medicationReference: { reference: 'Medication/remicade-100mg-vial' },
    subject: { reference: 'Patient/waste-missing' },
    context: { reference: 'Encounter/waste-missing-visit' },
    effectiveDateTime: '2026-11-24T12:15:00-06:00',
    dosage: { dose: { value: amount, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
  };
}

const draftClaim = (): Claim => ({
  resourceType: 'Claim',
  identifier: [{ system: 'https://jcode-assist.dev/fhir/NamingSystem/draft-claim', value: 'draft-Encounter-waste-missing-visit' }],
  status: 'draft',
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
  use: 'claim',
  patient: { reference: 'Patient/waste-missing' },
  created: '2026-11-27',
  provider: { reference: 'Organization/sandbox-clinic' },
  priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
  insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/waste-missing-coverage' } }],
  item: [{ sequence: 1, productOrService: { coding: [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J1745' }] }, quantity: { value: 35 } }],
});

describe('tokens', () => {
  it('are required on every FHIR request but /metadata', async () => {
    const res = await fhir(t.app, undefined, 'Patient/waste-missing');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect((await json<OperationOutcome>(res)).resourceType).toBe('OperationOutcome');
    expect((await fhir(t.app, 'made-up-token', 'Patient/waste-missing')).status).toBe(401);
  });

  it('for another patient get 403 on read, search and write', async () => {
    expect((await fhir(t.app, nurse, 'Patient/exact-vials')).status).toBe(403);
    expect((await fhir(t.app, nurse, 'MedicationAdministration/exact-vials-pembrolizumab')).status).toBe(403);
    expect((await fhir(t.app, nurse, 'MedicationAdministration?patient=exact-vials')).status).toBe(403);
    const other = { ...wasteRecord('x'), subject: { reference: 'Patient/exact-vials' } };
    const res = await post(nurse, 'MedicationAdministration', other);
    expect(res.status).toBe(403);
    expect((await json<OperationOutcome>(res)).issue[0]!.code).toBe('forbidden');
  });

  it("for another patient cannot overwrite that patient's resource with PUT; it stays as it was", async () => {
    const theirs = await json<MedicationAdministration>(await fhir(t.app, (await signIn(t.app, t.sandbox!, { scope: 'launch user/*.rs' })).token, 'MedicationAdministration/exact-vials-pembrolizumab'));
    const hijack = { ...theirs, subject: { reference: 'Patient/waste-missing' }, status: 'entered-in-error' };
    const res = await fhir(t.app, nurse, 'MedicationAdministration/exact-vials-pembrolizumab', { method: 'PUT', body: JSON.stringify(hijack) });
    expect(res.status).toBe(403);
    const stored = (await t.sandbox!.repo.readResource('MedicationAdministration', 'exact-vials-pembrolizumab')) as MedicationAdministration;
    expect(stored.status).toBe('completed');
  });

  it('read data that belongs to no patient (the Medication, the clinic)', async () => {
    expect((await fhir(t.app, nurse, 'Medication/remicade-100mg-vial')).status).toBe(200);
    expect((await fhir(t.app, nurse, 'Organization/sandbox-clinic')).status).toBe(200);
  });

  it('carry their scopes: per resource type and interaction, v2 and v1', async () => {
    const { token: readOnly } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing', scope: 'launch patient/MedicationAdministration.rs patient/Claim.read' });
    expect((await fhir(t.app, readOnly, 'MedicationAdministration/waste-missing-infliximab')).status).toBe(200);
    expect((await fhir(t.app, readOnly, 'MedicationAdministration?patient=waste-missing')).status).toBe(200);
    expect((await fhir(t.app, readOnly, 'Claim?patient=waste-missing')).status).toBe(200);
    const write = await post(readOnly, 'MedicationAdministration', wasteRecord('scope-test'));
    expect(write.status).toBe(403);
    expect((await json<OperationOutcome>(write)).issue[0]!.diagnostics).toContain('MedicationAdministration.c');
    expect((await fhir(t.app, readOnly, 'Encounter/waste-missing-visit')).status).toBe(403);

    const { token: readNoSearch } = await signIn(t.app, t.sandbox!, { patient: 'waste-missing', scope: 'launch patient/Patient.r' });
    expect((await fhir(t.app, readNoSearch, 'Patient/waste-missing')).status).toBe(200);
    expect((await fhir(t.app, readNoSearch, 'Patient?_id=waste-missing')).status).toBe(403);

    const { token: user } = await signIn(t.app, t.sandbox!, { scope: 'launch user/Patient.rs' });
    expect((await fhir(t.app, user, 'Patient/exact-vials')).status).toBe(200);
    const { token: patientScopeNoContext } = await signIn(t.app, t.sandbox!, { scope: 'launch patient/Patient.rs' });
    expect((await fhir(t.app, patientScopeNoContext, 'Patient/exact-vials')).status).toBe(403);
  });
});

describe('search', () => {
  it('qualifies a bare patient id and lists matches with full URLs, search modes and a self link', async () => {
    const res = await fhir(t.app, nurse, 'MedicationAdministration?patient=waste-missing');
    expect(res.status).toBe(200);
    const bundle = await json<Bundle>(res);
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(1);
    expect(bundle.entry?.[0]).toMatchObject({
      fullUrl: `${FHIR_BASE}/MedicationAdministration/waste-missing-infliximab`,
      search: { mode: 'match' },
    });
    expect(bundle.link?.find((l) => l.relation === 'self')?.url).toContain('patient=Patient%2Fwaste-missing');
  });

  it('restricts a search without a patient to the token\'s patient', async () => {
    const bundle = await json<Bundle>(await fhir(t.app, nurse, 'Encounter'));
    expect(bundle.entry?.map((e) => e.resource?.id)).toEqual(['waste-missing-visit']);
  });

  it('resolves _include=MedicationAdministration:medication', async () => {
    const bundle = await json<Bundle>(await fhir(t.app, nurse, 'MedicationAdministration?patient=Patient/waste-missing&_include=MedicationAdministration:medication'));
    const included = bundle.entry?.filter((e) => e.search?.mode === 'include').map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
    expect(included).toEqual(['Medication/remicade-100mg-vial']);
  });

  it('pages with _count and next/previous links that work', async () => {
    const { token: user } = await signIn(t.app, t.sandbox!, { scope: 'launch user/*.rs' });
    const first = await json<Bundle>(await fhir(t.app, user, 'Patient?_count=4'));
    expect(first.total).toBe(10);
    expect(first.entry).toHaveLength(4);
    const next = first.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toBeDefined();
    const second = await json<Bundle>(await t.app.request(next!, { headers: { Authorization: `Bearer ${user}` } }));
    expect(second.entry).toHaveLength(4);
    expect(second.link?.find((l) => l.relation === 'previous')).toBeDefined();
    const ids = [...(first.entry ?? []), ...(second.entry ?? [])].map((e) => e.resource?.id);
    expect(new Set(ids).size).toBe(8);
    const last = await json<Bundle>(await t.app.request(second.link!.find((l) => l.relation === 'next')!.url, { headers: { Authorization: `Bearer ${user}` } }));
    expect(last.entry).toHaveLength(2);
    expect(last.link?.find((l) => l.relation === 'next')).toBeUndefined();
  });

  it('ignores unknown parameters instead of matching nothing', async () => {
    const bundle = await json<Bundle>(await fhir(t.app, nurse, 'MedicationAdministration?patient=waste-missing&made-up=1'));
    expect(bundle.total).toBe(1);
  });

  it('finds by identifier, and by the status and time the way Cerner-style clients ask', async () => {
    const bundle = await json<Bundle>(await fhir(t.app, nurse, 'Coverage?patient=waste-missing&status=active'));
    expect(bundle.entry?.map((e) => e.resource?.id)).toEqual(['waste-missing-coverage']);
    const timed = await json<Bundle>(await fhir(t.app, nurse, 'MedicationAdministration?patient=waste-missing&effective-time=ge2026-11-24T00:00:00-06:00'));
    expect(timed.total).toBe(1);
  });
});

describe('writes', () => {
  it('validate the resource and answer 400 with the OperationOutcome; nothing is stored', async () => {
    const invalid = { resourceType: 'MedicationAdministration', status: 'not-done', subject: { reference: 'Patient/waste-missing' }, madeUp: true };
    const res = await post(nurse, 'MedicationAdministration', invalid);
    expect(res.status).toBe(400);
    const outcome = await json<OperationOutcome>(res);
    expect(outcome.issue.map((i) => i.expression?.[0])).toEqual(expect.arrayContaining(['MedicationAdministration.medication[x]', 'MedicationAdministration.madeUp']));
    const after = await json<Bundle>(await fhir(t.app, nurse, 'MedicationAdministration?patient=waste-missing'));
    expect(after.total).toBe(1);
  });

  it('refuse malformed JSON, a wrong type and a mismatched id', async () => {
    expect((await fhir(t.app, nurse, 'MedicationAdministration', { method: 'POST', body: '{"resourceType":' })).status).toBe(400);
    expect((await post(nurse, 'MedicationAdministration', draftClaim())).status).toBe(400);
    const res = await fhir(t.app, nurse, 'Claim/abc', { method: 'PUT', body: JSON.stringify({ ...draftClaim(), id: 'xyz' }) });
    expect(res.status).toBe(400);
  });

  it('create a waste record once: a conditional create retried returns the first one (200), never a second', async () => {
    const headers = { 'If-None-Exist': 'identifier=https://jcode-assist.dev/fhir/NamingSystem/waste-entry|entry-1', Prefer: 'return=representation' };
    const created = await post(nurse, 'MedicationAdministration', wasteRecord('entry-1'), headers);
    expect(created.status).toBe(201);
    const first = await json<MedicationAdministration>(created);
    expect(created.headers.get('location')).toBe(`${FHIR_BASE}/MedicationAdministration/${first.id}/_history/${first.meta?.versionId}`);
    expect(created.headers.get('etag')).toBe(`W/"${first.meta?.versionId}"`);
    const retried = await post(nurse, 'MedicationAdministration', wasteRecord('entry-1'), headers);
    expect(retried.status).toBe(200);
    expect((await json<MedicationAdministration>(retried)).id).toBe(first.id);
    const found = await json<Bundle>(await fhir(t.app, nurse, 'MedicationAdministration?identifier=https://jcode-assist.dev/fhir/NamingSystem/waste-entry|entry-1'));
    expect(found.total).toBe(1);
  });

  it('ignore a client id on create, so a POST can never overwrite a stored resource', async () => {
    const res = await post(nurse, 'MedicationAdministration', { ...wasteRecord('entry-2'), id: 'waste-missing-infliximab' });
    expect(res.status).toBe(201);
    expect((await json<MedicationAdministration>(res)).id).not.toBe('waste-missing-infliximab');
    const original = await json<MedicationAdministration>(await fhir(t.app, nurse, 'MedicationAdministration/waste-missing-infliximab'));
    expect(original.status).toBe('completed');
  });

  it('update a Claim with If-Match, and answer 412 to a stale version', async () => {
    const created = await json<Claim>(await post(nurse, 'Claim', draftClaim()));
    const v1 = created.meta!.versionId!;
    const updated = await fhir(t.app, nurse, `Claim/${created.id}`, { method: 'PUT', body: JSON.stringify({ ...created, item: [] }), headers: { 'If-Match': `W/"${v1}"` } });
    expect(updated.status).toBe(200);
    const v2 = (await json<Claim>(updated)).meta!.versionId!;
    expect(v2).not.toBe(v1);
    const stale = await fhir(t.app, nurse, `Claim/${created.id}`, { method: 'PUT', body: JSON.stringify(created), headers: { 'If-Match': `W/"${v1}"` } });
    expect(stale.status).toBe(412);
    const read = await fhir(t.app, nurse, `Claim/${created.id}`);
    expect(read.headers.get('etag')).toBe(`W/"${v2}"`);
    expect((await json<Claim>(read)).item).toBeUndefined();
  });

  it('answer Prefer: return=minimal with an empty body and the Location', async () => {
    const res = await post(nurse, 'Claim', { ...draftClaim(), identifier: [{ system: 'urn:test', value: 'minimal' }] }, { Prefer: 'return=minimal' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toContain('/Claim/');
    expect(await res.text()).toBe('');
  });
});

describe('what the sandbox does not do, it says', () => {
  it('batch, transaction, system search, PATCH and unknown types', async () => {
    expect((await fhir(t.app, nurse, '', { method: 'POST', body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: [] }) })).status).toBe(405);
    expect((await fhir(t.app, nurse, 'Patient/waste-missing', { method: 'PATCH', body: '[]', headers: { 'Content-Type': 'application/json-patch+json' } })).status).toBe(405);
    const unknown = await fhir(t.app, nurse, 'Observation2/1');
    expect(unknown.status).toBe(404);
    expect((await fhir(t.app, nurse, 'Basic/1')).status).toBe(404);
  });

  it('/metadata lists the types, interactions, conditional create and _include it supports', async () => {
    const cs = await json<CapabilityStatement>(await fhir(t.app, undefined, 'metadata'));
    const ma = cs.rest?.[0]?.resource?.find((r) => r.type === 'MedicationAdministration');
    expect(ma?.conditionalCreate).toBe(true);
    expect(ma?.searchInclude).toContain('MedicationAdministration:medication');
    expect(ma?.interaction?.map((i) => i.code)).toEqual(expect.arrayContaining(['read', 'search-type', 'create', 'update']));
    expect(ma?.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['patient', 'identifier', 'effective-time']));
  });
});
