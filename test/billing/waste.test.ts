import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, codes, compact, context, medication, NDC, run, testEntries, wasteRecord } from './fixtures';

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01', display: '1 VIAL, SINGLE-DOSE in 1 CARTON' }]);

describe('JW and JZ (docs/billing-rules.md section 4)', () => {
  it('infliximab: 4 x 100 mg opened, 350 mg given, 50 mg discarded -> J1745 x35 + J1745-JW x5', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' }), wasteRecord('w1', 'a1', 'remicade', 50)]);
    expect(compact(r, 'drug')).toEqual(['J1745 x35', 'J1745-JW x5']);
    // NDC quantities of one drug add up to the containers opened: 3.5 UN + 0.5 UN = 4 vials.
    expect(r.lines.filter((l) => l.kind === 'drug').map((l) => l.ndcQuantity)).toEqual([
      { value: 3.5, unit: 'UN' },
      { value: 0.5, unit: 'UN' },
    ]);
    expect(r.lines[1]!.sources).toContain('MedicationAdministration/w1');
    expect(r.lines[1]!.rule).toBe('waste.jw');
    expect(r.claim).not.toBeNull();
  });

  it('infliximab 400 mg from 4 x 100 mg: exact vials need no waste record -> J1745-JZ x40', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', end: '2026-03-02T11:00:00-05:00' })]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
    expect(codes(r)).not.toContain('waste-undocumented');
  });

  it('1 mg descriptor, 100 mg vial, 95 mg given, 5 mg discarded -> x95 + JW x5', () => {
    const r = run([
      medication('opdivo', [{ system: NDC, code: '00003-3774-12' }]),
      admin({ id: 'a1', med: 'opdivo', dose: 95, route: 'iv', end: '2026-03-02T09:30:00-05:00' }),
      wasteRecord('w1', 'a1', 'opdivo', 5),
    ]);
    expect(compact(r, 'drug')).toEqual(['J9299 x95', 'J9299-JW x5']);
  });

  it('10 mg descriptor, 10 mg vial, 7 mg given, 3 mg discarded (documented) -> JZ x1, no JW', () => {
    const r = run([medication('m', [{ system: NDC, code: '11111-2222-33' }]), admin({ id: 'a1', med: 'm', dose: 7, route: 'im' }), wasteRecord('w1', 'a1', 'm', 3)]);
    expect(compact(r, 'drug')).toEqual(['J5555-JZ x1']);
  });

  it('the same 7 mg with no waste record is waste-undocumented: no drug line is guessed, no claim', () => {
    const r = run([medication('m', [{ system: NDC, code: '11111-2222-33' }]), admin({ id: 'a1', med: 'm', dose: 7, route: 'im' })]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(codes(r)).toContain('waste-undocumented');
    expect(r.findings.find((f) => f.code === 'waste-undocumented')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(r.claim).toBeNull();
    // The administration code is still known: only the drug line waits for the record.
    expect(compact(r, 'administration')).toEqual(['96372 x1']);
  });

  it('waste below one billing unit is not billable: 100 mg vial, u 100 mg, 70 given, 30 discarded -> JZ x1', () => {
    const r = run([medication('m', [{ system: NDC, code: '22222-3333-44' }]), admin({ id: 'a1', med: 'm', dose: 70, route: 'im' }), wasteRecord('w1', 'a1', 'm', 30)]);
    expect(compact(r, 'drug')).toEqual(['J0100-JZ x1']);
  });

  it('a dose of 0 discarded is an explicit attestation that nothing was discarded', () => {
    const r = run([medication('m', [{ system: NDC, code: '22222-3333-44' }]), admin({ id: 'a1', med: 'm', dose: 100, route: 'im' }), wasteRecord('w1', 'a1', 'm', 0)]);
    expect(compact(r, 'drug')).toEqual(['J0100-JZ x1']);
  });

  it('multi-dose vials bill the dose alone: 5 mg descriptor, 29 mg given -> x6, no JW, no JZ', () => {
    const r = run([medication('m', [{ system: NDC, code: '33333-4444-55' }]), admin({ id: 'a1', med: 'm', dose: 29, route: 'im' })]);
    expect(compact(r, 'drug')).toEqual(['J0200 x6']);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 3.48, unit: 'ML' }); // 29 mg at 25 mg / 3 mL
  });

  it('several waste records for one administration add up; entered-in-error ones do not count', () => {
    const wrong = { ...wasteRecord('w0', 'a1', 'remicade', 20), status: 'entered-in-error' as const };
    const r = run([
      remicade,
      admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' }),
      wrong,
      wasteRecord('w1', 'a1', 'remicade', 30),
      wasteRecord('w2', 'a1', 'remicade', 20),
    ]);
    expect(compact(r, 'drug')).toEqual(['J1745 x35', 'J1745-JW x5']);
  });

  it('reads the DocumentReference form of a waste record', () => {
    const record = wasteRecord('w1', 'a1', 'remicade', 50);
    const doc = {
      resourceType: 'DocumentReference',
      id: 'note1',
      status: 'current',
      type: { coding: [{ system: 'http://loinc.org', code: '34746-8' }] },
      subject: { reference: 'Patient/p1' },
      content: [{ attachment: { contentType: 'application/json', data: Buffer.from(JSON.stringify(record)).toString('base64') } }],
    };
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' }), doc as never]);
    expect(compact(r, 'drug')).toEqual(['J1745 x35', 'J1745-JW x5']);
    expect(r.lines[1]!.sources).toContain('DocumentReference/note1');
  });

  it('waste-inconsistent when dose + discard is no sum of container sizes; Actemra 331 + 29 = 200 + 80 + 80 is fine', () => {
    const actemra = medication('act', [{ system: NDC, code: '50242-0138-01' }]);
    const ok = run([actemra, admin({ id: 'a1', med: 'act', dose: 331, route: 'iv', end: '2026-03-02T10:00:00-05:00' }), wasteRecord('w1', 'a1', 'act', 29)]);
    expect(codes(ok)).not.toContain('waste-inconsistent');
    expect(compact(ok, 'drug')).toEqual(['J3262 x331', 'J3262-JW x29']);
    const bad = run([actemra, admin({ id: 'a1', med: 'act', dose: 331, route: 'iv', end: '2026-03-02T10:00:00-05:00' }), wasteRecord('w1', 'a1', 'act', 30)]);
    expect(bad.findings.find((f) => f.code === 'waste-inconsistent')).toMatchObject({ severity: 'warning' });
    expect(bad.claim).not.toBeNull();
  });

  it('flags (does not rewrite) a wasteful vial choice: 300 mg from a 400 mg vial where 3 x 100 mg would do (CGS)', () => {
    const r = run([medication('m', [{ system: NDC, code: '22222-3333-55' }]), admin({ id: 'a1', med: 'm', dose: 300, route: 'im' }), wasteRecord('w1', 'a1', 'm', 100)]);
    expect(compact(r, 'drug')).toEqual(['J0100 x3', 'J0100-JW x1']);
    expect(codes(r)).toContain('vial-choice-wasteful');
  });

  it('container type unknown is an error for DOS from 2023-07-01 and the line is left out', () => {
    const r = run([medication('m', [{ system: NDC, code: '11111-2222-34' }]), admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })]);
    expect(codes(r)).toContain('container-unknown');
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.claim).toBeNull();
  });

  it('container type unknown before JZ was required is a warning, and the line is billed without JW/JZ', () => {
    const r = run([medication('m', [{ system: NDC, code: '11111-2222-34' }]), admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })], { jzRequiredFrom: '2026-04-01' });
    expect(r.findings.find((f) => f.code === 'container-unknown')?.severity).toBe('warning');
    expect(compact(r, 'drug')).toEqual(['J6666 x1']);
    expect(r.claim).not.toBeNull();
  });

  it('takes the container type from the NDC package text, and from the override file first', () => {
    const fromText = run([medication('m', [{ system: NDC, code: '11111-2222-34', display: '1 VIAL, MULTI-DOSE in 1 CARTON' }]), admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })]);
    expect(compact(fromText, 'drug')).toEqual(['J6666 x1']);
    const overridden = run([medication('m', [{ system: NDC, code: '11111-2222-34', display: '1 VIAL, MULTI-DOSE in 1 CARTON' }]), admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })], {
      containerType: { '11111222234': 'single-dose' },
    });
    expect(compact(overridden, 'drug')).toEqual(['J6666-JZ x1']);
  });

  it('JZ is not added before the date JZ became required (CR 13056: 2023-07-01; configurable)', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', end: '2026-03-02T11:00:00-05:00' })], { jzRequiredFrom: '2026-04-01' });
    expect(compact(r, 'drug')).toEqual(['J1745 x40']);
  });

  it('with an HCPCS code and no NDC, a container size shared by every product of the code is used', () => {
    const r = run([medication('m', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J5555' }]), admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })], {
      containerType: { J5555: 'single-dose' },
    });
    expect(compact(r, 'drug')).toEqual(['J5555-JZ x1']);
    expect(codes(r)).toContain('ndc-missing');
    // J0100 comes in 100 mg and 400 mg vials: without the NDC the opened amount is unknown.
    const sizes = run([medication('m', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J0100' }]), admin({ id: 'a1', med: 'm', dose: 300, route: 'im' })], {
      containerType: { J0100: 'single-dose' },
    });
    expect(codes(sizes)).toContain('waste-undocumented');
  });

  it('works container facts out again for the same Medication under another catalog (a server reloads its quarter)', () => {
    // J5555 with no NDC: its container type can only come from the catalog's code entry.
    const med = medication('m', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J5555' }]);
    const input = bundle([...context(), med, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })]);
    const withType = new CatalogIndex({ ...testEntries, codes: testEntries.codes.map((c) => (c.code === 'J5555' ? { ...c, containerType: 'single-dose' as const } : c)) });
    const first = derive(input, new CatalogIndex(testEntries), defaultBillingSettings, { today: '2026-03-03' }).results[0]!;
    const second = derive(input, withType, defaultBillingSettings, { today: '2026-03-03' }).results[0]!;
    expect(codes(first)).toContain('container-unknown');
    expect(compact(second, 'drug')).toEqual(['J5555-JZ x1']);
  });
});

// What an undocumented discard leaves, as facts on the finding (the audit prices them): the smallest whole number
// of the product's containers that holds the dose (section 4), administered rounded up, waste rounded down (NGS).
describe('waste-undocumented carries what the containers left (Finding.wasteLeft)', () => {
  const left = (r: ReturnType<typeof run>) => r.findings.find((f) => f.code === 'waste-undocumented')?.wasteLeft;

  it('infliximab 350 mg from 100 mg vials: 4 vials, 35 units given, 50 mg and 5 units left', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' })]);
    expect(left(r)).toEqual({ hcpcs: 'J1745', amount: '50', unit: 'mg', billingUnits: 5 });
  });

  it('355 mg: A = ceil(35.5) = 36, W = floor(400 / 10) - 36 = 4 (the 4.5 units left are rounded down)', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 355, route: 'iv', end: '2026-03-02T11:00:00-05:00' })]);
    expect(left(r)).toEqual({ hcpcs: 'J1745', amount: '45', unit: 'mg', billingUnits: 4 });
  });

  it('a discard below one billing unit is worth no unit: 10 mg vial, u 10 mg, 7 mg given', () => {
    const r = run([medication('m', [{ system: NDC, code: '11111-2222-33' }]), admin({ id: 'a1', med: 'm', dose: 7, route: 'im' })]);
    expect(left(r)).toEqual({ hcpcs: 'J5555', amount: '3', unit: 'mg', billingUnits: 0 });
  });

  it('exact decimals: bortezomib 3.62 mg from 3.5 mg vials, u 0.1 mg: 2 vials, A = 37, W = 70 - 37 = 33', () => {
    const r = run([medication('m', [{ system: NDC, code: '63020-0049-01' }]), admin({ id: 'a1', med: 'm', dose: 3.62, route: 'iv' })]);
    expect(left(r)).toEqual({ hcpcs: 'J9041', amount: '3.38', unit: 'mg', billingUnits: 33 });
  });

  it('doses of one product on one date share their containers: 2 x 150 mg of infliximab open 3 vials, nothing left', () => {
    const r = run([
      remicade,
      admin({ id: 'a1', med: 'remicade', dose: 150, route: 'iv', end: '2026-03-02T10:00:00-05:00' }),
      admin({ id: 'a2', med: 'remicade', dose: 150, route: 'iv', start: '2026-03-02T12:00:00-05:00', end: '2026-03-02T13:00:00-05:00' }),
    ]);
    expect(codes(r)).not.toContain('waste-undocumented');
  });
});

