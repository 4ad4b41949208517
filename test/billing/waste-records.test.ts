// Which records count as waste records (docs/design.md "Waste records in FHIR"): a not-done MedicationAdministration
// whose reason means "discarded", partOf the administration it came from; or the same record as JSON in a current
// nurse note (DocumentReference, LOINC 34746-8). Each case changes one thing and checks that the waste (50 mg of
// a 400 mg infliximab opening, 350 mg given) counts, or does not: J1745 x35 + J1745-JW x5, or waste-undocumented.
import type { DocumentReference, MedicationAdministration } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { admin, codes, compact, medication, NDC, run, wasteRecord } from './fixtures';

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);
const given = admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' });
const counted = ['J1745 x35', 'J1745-JW x5'];
const waste = (change: Partial<MedicationAdministration> = {}): MedicationAdministration => ({ ...wasteRecord('w1', 'a1', 'remicade', 50), ...change });
const derived = (...records: unknown[]) => run([remicade, given, ...(records as MedicationAdministration[])]);

function expectNotCounted(r: ReturnType<typeof run>): void {
  expect(compact(r, 'drug')).toEqual([]);
  expect(codes(r)).toContain('waste-undocumented');
}

describe('a waste MedicationAdministration', () => {
  it('counts when it is not-done, discarded, and partOf the administration', () => {
    expect(compact(derived(waste()), 'drug')).toEqual(counted);
  });

  it('a reason of our system with another code, or our code in another system, is not "discarded"', () => {
    expectNotCounted(derived(waste({ statusReason: [{ coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'other' }] }] })));
    expectNotCounted(derived(waste({ statusReason: [{ coding: [{ system: 'http://example.org/other', code: 'discarded' }] }] })));
  });

  it('a reason coding that is null, or no reason at all, is no waste record and no crash', () => {
    expectNotCounted(derived(waste({ statusReason: [{ coding: [null as never] }] })));
    expectNotCounted(derived(waste({ statusReason: undefined })));
  });

  it("a site's own discarded code counts when configured, and only its exact system and code", () => {
    const local = { system: 'http://hospital.example/reasons', code: 'WASTED' };
    const record = waste({ statusReason: [{ coding: [local] }] });
    expect(compact(run([remicade, given, record], { wasteReasonCodes: [local] }), 'drug')).toEqual(counted);
    expectNotCounted(run([remicade, given, record], { wasteReasonCodes: [{ system: local.system, code: 'OTHER' }] }));
    expectNotCounted(run([remicade, given, record], { wasteReasonCodes: [{ system: 'http://elsewhere.example', code: 'WASTED' }] }));
  });

  it('a completed record with the discarded reason is an administration, not waste: its 50 mg count as given', () => {
    // 350 + 50 mg given fill the four 100 mg vials: J1745-JZ x40 (and the record's missing route is said).
    const r = derived(waste({ status: 'completed' }));
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
    expect(codes(r)).toContain('route-missing');
  });

  it('partOf something other than a MedicationAdministration, or nothing, belongs to no administration', () => {
    expectNotCounted(derived(waste({ partOf: [{ reference: 'Procedure/a1' }] })));
    expectNotCounted(derived(waste({ partOf: undefined })));
    expectNotCounted(derived(waste({ partOf: [{}] })));
  });

  it("the discarded reason counts beside the EHR's own coding of the same reason", () => {
    const reason = { coding: [{ system: 'http://hospital.example/reasons', code: 'WASTE' }, { system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] };
    expect(compact(derived(waste({ statusReason: [reason] })), 'drug')).toEqual(counted);
  });

  it('partOf may name a Procedure before the administration: the administration is found', () => {
    expect(compact(derived(waste({ partOf: [{ reference: 'Procedure/pr1' }, { reference: 'MedicationAdministration/a1' }] })), 'drug')).toEqual(counted);
  });

  it('a record with no dosage at all cannot be read: dose-unconvertible, no line', () => {
    const r = derived(waste({ dosage: undefined }));
    expect(compact(r, 'drug')).toEqual([]);
    expect(codes(r)).toContain('dose-unconvertible');
  });
});

describe('a waste record in a nurse note (DocumentReference)', () => {
  const note = (change: Partial<DocumentReference> = {}, record: unknown = wasteRecord('w1', 'a1', 'remicade', 50), contentType = 'application/json'): DocumentReference => ({
    resourceType: 'DocumentReference',
    id: 'note1',
    status: 'current',
    type: { coding: [{ system: 'http://loinc.org', code: '34746-8' }] },
    subject: { reference: 'Patient/p1' },
    content: [{ attachment: { contentType, data: Buffer.from(JSON.stringify(record)).toString('base64') } }],
    ...change,
  });

  it('counts when the note is a current 34746-8 nurse note holding a waste record as JSON', () => {
    const r = derived(note());
    expect(compact(r, 'drug')).toEqual(counted);
    expect(r.lines[1]!.sources).toContain('DocumentReference/note1');
    expect(compact(derived(note({}, undefined, 'application/json; charset=utf-8')), 'drug')).toEqual(counted);
  });

  it("the nurse-note code counts beside the EHR's own document type codes (and a null coding among them)", () => {
    const type = { coding: [null as never, { system: 'http://hospital.example/doc-types', code: 'NURSING' }, { system: 'http://loinc.org', code: '34746-8' }] };
    expect(compact(derived(note({ type })), 'drug')).toEqual(counted);
  });

  it('a waste record in a note that names no administration counts nothing and crashes nothing', () => {
    const record = wasteRecord('w1', 'a1', 'remicade', 50);
    expectNotCounted(derived(note({}, { ...record, partOf: undefined })));
    expectNotCounted(derived(note({}, { ...record, partOf: [{ reference: 'Procedure/pr1' }] })));
  });

  it('JSON shaped like a waste record but of another resource type is not one', () => {
    expectNotCounted(derived(note({}, { ...wasteRecord('w1', 'a1', 'remicade', 50), resourceType: 'Procedure' })));
  });

  it('another LOINC code, or the code in another system, is not a nurse note', () => {
    expectNotCounted(derived(note({ type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] } })));
    expectNotCounted(derived(note({ type: { coding: [{ system: 'http://example.org', code: '34746-8' }] } })));
  });

  it('text, JSON that is not a MedicationAdministration, or a record that is not waste, counts nothing and crashes nothing', () => {
    expectNotCounted(derived(note({}, undefined, 'text/plain')));
    expectNotCounted(derived(note({}, { resourceType: 'Observation', id: 'x' })));
    expectNotCounted(derived(note({}, { ...wasteRecord('w1', 'a1', 'remicade', 50), status: 'completed' })));
    const garbage = note();
    garbage.content[0]!.attachment.data = Buffer.from('not json').toString('base64');
    expectNotCounted(derived(garbage));
    const missing = note();
    delete missing.content[0]!.attachment.data;
    expectNotCounted(derived(missing));
    expectNotCounted(derived(note({}, null)));
    expectNotCounted(derived(note({ content: [null as never, {} as never] })));
  });
});
