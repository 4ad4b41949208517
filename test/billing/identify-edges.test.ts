// Edges of identify.ts that mutation testing found unguarded: which NDC coding wins when a Medication carries
// several, the NDC kept when the crosswalk does not know it, the HCPCS coding as the record wrote it, and a bare
// 10-digit NDC that two paddings resolve (docs/billing-rules.md section 1.1 and 1.3).
import { describe, expect, it } from 'vitest';
import type { Medication, Resource } from 'fhir/r4';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { EncounterResult } from '../../src/billing/types';
import { admin, codes, compact, context, HCPCS, medication, NDC, run, runExactly, testEntries } from './fixtures';

const remicade = (id: string, ndcCoding: { system: string; code: string }[]): Medication => medication(id, ndcCoding);
const infusion = { id: 'a1', med: 'm', dose: 400, route: 'iv' as const, end: '2026-03-02T11:00:00-05:00' };

// 1234567890 pads to 01234567890 (4-4-2) and 12345067890 (5-3-2) and 12345678900 (5-4-1); two of them are listed here.
const twoReadings = new CatalogIndex({
  ...testEntries,
  products: [
    ...testEntries.products,
    { ndc: '01234567890', hcpcs: 'J5555', billUnits: '1', containerType: 'single-dose', liquid: false },
    { ndc: '12345067890', hcpcs: 'J6666', billUnits: '1', containerType: 'single-dose', liquid: false },
  ],
});

function runWith(catalog: CatalogIndex, resources: Resource[]): EncounterResult {
  return runExactly([...context(), ...resources], {}, catalog);
}

describe('a bare 10-digit NDC (docs/billing-rules.md 1.1)', () => {
  it('two paddings in the crosswalk: drug-ambiguous naming both, nothing billed', () => {
    const r = runWith(twoReadings, [medication('m', [{ system: NDC, code: '1234567890' }]), admin({ ...infusion, dose: 10 })]);
    expect(compact(r, 'drug')).toEqual([]);
    const ambiguous = r.findings.find((f) => f.code === 'drug-ambiguous');
    expect(ambiguous).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(ambiguous!.message).toContain('01234567890');
    expect(ambiguous!.message).toContain('12345067890');
  });

  it('the same product written with hyphens (4-4-2) is one product and bills', () => {
    const r = runWith(twoReadings, [medication('m', [{ system: NDC, code: '1234-5678-90' }]), admin({ ...infusion, dose: 10 })]);
    expect(compact(r, 'drug')).toEqual(['J5555-JZ x1']);
    expect(r.lines[0]!.ndc).toBe('01234567890');
    expect(codes(r)).not.toContain('drug-ambiguous');
  });
});

describe('a Medication with several codings', () => {
  it('an invalid NDC is reported and the next, valid one bills', () => {
    const r = run([remicade('m', [{ system: NDC, code: '57894-00A0-01' }, { system: NDC, code: '57894-0030-01' }]), admin(infusion)]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
    expect(r.lines[0]!.ndc).toBe('57894003001');
    expect(r.findings.find((f) => f.code === 'ndc-missing')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1'] });
  });

  it('an NDC the crosswalk does not know is passed over for a later one it knows', () => {
    const r = run([remicade('m', [{ system: NDC, code: '99999-9999-99' }, { system: NDC, code: '57894-0030-01' }]), admin(infusion)]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
    expect(r.lines[0]!.ndc).toBe('57894003001');
  });

  it('of two known NDCs the first one listed decides', () => {
    const r = run([
      medication('m', [{ system: NDC, code: '00409-4755-03' }, { system: NDC, code: '00409-4760-01' }]),
      admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' }),
    ]);
    expect(compact(r, 'drug')).toEqual(['J2405-JZ x4']);
    expect(r.lines[0]!.ndc).toBe('00409475503');
  });

  it('an NDC the crosswalk does not know stays on the line billed under the HCPCS coding', () => {
    const r = run([
      medication('m', [{ system: NDC, code: '99999-9999-99' }, { system: HCPCS, code: 'J2405' }]),
      admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' }),
    ], { containerType: { J2405: 'multi-dose' } });
    expect(compact(r, 'drug')).toEqual(['J2405 x4']);
    expect(r.lines[0]!.ndc).toBe('99999999999');
    expect(codes(r)).not.toContain('drug-unmapped');
    // The HCPCS coding is not read as an NDC: no ndc-missing for a Medication that has one.
    expect(codes(r)).not.toContain('ndc-missing');
  });

  it('an HCPCS coding is read without its spaces and case', () => {
    const r = run([medication('m', [{ system: HCPCS, code: ' j2405 ' }]), admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' })], {
      containerType: { J2405: 'multi-dose' },
    });
    expect(compact(r, 'drug')).toEqual(['J2405 x4']);
  });

  it('an empty HCPCS coding is skipped, the next one bills', () => {
    const r = run([
      medication('m', [{ system: HCPCS, code: '' }, { system: HCPCS, code: 'J2405' }]),
      admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' }),
    ], { containerType: { J2405: 'multi-dose' } });
    expect(compact(r, 'drug')).toEqual(['J2405 x4']);
  });

  it('a code under another system is not an HCPCS code: drug-unmapped', () => {
    const r = run([medication('m', [{ system: 'http://example.org/codes', code: 'J2405' }]), admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' })]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'drug-unmapped')).toMatchObject({ severity: 'error' });
  });

  it('an NDC under the HL7 OID system is read as an NDC', () => {
    const r = run([remicade('m', [{ system: 'urn:oid:2.16.840.1.113883.6.69', code: '57894-0030-01' }]), admin(infusion)]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
  });

  it('an NDC the crosswalk does not know, with no HCPCS coding, is drug-unmapped naming the NDC', () => {
    const unknown = run([medication('m', [{ system: NDC, code: '99999-9999-99' }]), admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' })]);
    expect(compact(unknown, 'drug')).toEqual([]);
    const unmapped = unknown.findings.find((f) => f.code === 'drug-unmapped');
    expect(unmapped).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(unmapped!.message).toContain('99999999999');
  });
});

describe('a drug given as a code on the administration itself', () => {
  it('medicationCodeableConcept with an NDC bills like a referenced Medication', () => {
    const ma = admin(infusion);
    delete ma.medicationReference;
    ma.medicationCodeableConcept = { coding: [{ system: NDC, code: '57894-0030-01' }] };
    const r = run([ma]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
  });
});

// A product the crosswalk lists under a code the catalog lacks, and a product whose only name is the crosswalk's.
const unlisted = new CatalogIndex({
  ...testEntries,
  codes: [...testEntries.codes, { code: 'J7777', description: 'Injection, test drug, 10 mg', descriptor: { amount: '10', unit: 'mg' }, addDate: '2000-01-01' }],
  products: [
    ...testEntries.products,
    { ndc: '77777000001', hcpcs: 'J7777', billUnits: '10', containerType: 'single-dose', liquid: false, name: 'Examplimab 100 mg vial' },
    { ndc: '77777000002', hcpcs: 'J7778', billUnits: '1', containerType: 'single-dose', liquid: false },
  ],
});
const unnamed = (ndc: string): Medication => ({ resourceType: 'Medication', id: 'm', code: { coding: [{ system: NDC, code: ndc }] } });

describe('records with parts missing', () => {
  it('a Medication with no name takes the product name, which decides the assumed class (a -mab is chemotherapy)', () => {
    const r = runWith(unlisted, [unnamed('77777-0000-01'), admin({ ...infusion, dose: 100 })]);
    expect(compact(r, 'drug')).toEqual(['J7777-JZ x10']);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96415 x1']); // two hours of chemotherapy infusion
    expect(r.findings.find((f) => f.code === 'admin-class-assumed')!.message).toContain('Examplimab');
  });

  it('an NDC whose code the catalog lacks: descriptor-unknown, no crash', () => {
    const r = runWith(unlisted, [unnamed('77777-0000-02'), admin({ ...infusion, dose: 100 })]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'descriptor-unknown')!.message).toContain('J7778');
  });

  it('an administration with no dosage at all: dose-missing, no crash', () => {
    const ma = admin(infusion);
    delete ma.dosage;
    const r = run([remicade('m', [{ system: NDC, code: '57894-0030-01' }]), ma]);
    expect(codes(r)).toContain('dose-missing');
    expect(compact(r, 'drug')).toEqual([]);
  });

  it('an administration naming no medication at all: drug-unmapped on that administration', () => {
    const ma = admin(infusion);
    delete ma.medicationReference;
    const r = run([ma]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'drug-unmapped')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
  });

  it('a referenced Medication missing from the record: drug-unmapped on that administration', () => {
    const r = run([admin({ ...infusion, med: 'gone' })]);
    expect(r.findings.find((f) => f.code === 'drug-unmapped')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
  });
});

describe('codings a program may send malformed', () => {
  it('a null coding and a numeric code are skipped, the next HCPCS coding bills', () => {
    const m = medication('m', [{ system: HCPCS, code: 'J2405' }]);
    m.code!.coding = [null as never, { system: HCPCS, code: 5 as never }, ...m.code!.coding!];
    const r = run([m, admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' })], { containerType: { J2405: 'multi-dose' } });
    expect(compact(r, 'drug')).toEqual(['J2405 x4']);
  });

  it('an HCPCS coding the catalog does not know: descriptor-unknown naming it, no crash', () => {
    const r = run([medication('m', [{ system: HCPCS, code: 'J8888' }]), admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' })]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'descriptor-unknown')!.message).toContain('J8888');
  });
});
