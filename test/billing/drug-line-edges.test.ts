// Drug-line rules at their edges (docs/billing-rules.md sections 1, 2, 4 and 6): the first and last day a code may
// be billed, units summed across NDCs, the NDC quantity's unit and its least value, JW/JZ outside the office.
import type { MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { BillingSettings } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { CatalogEntries, DescriptorUnit, HcpcsCode } from '../../src/catalog/types';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, codes, compact, context, HCPCS, medication, NDC, run, wasteRecord } from './fixtures';

const at = (day: string) => `${day}T09:00:00-05:00`;

describe('a code is billable from its add date through its termination date (HCPCS file ADD DT, TERM DT)', () => {
  // J1300 (10 mg) ended 2025-03-31; J0200 (5 mg, multi-dose) was added 2000-01-01 in the test catalog.
  const j1300 = (day: string) =>
    run([medication('m', [{ system: HCPCS, code: 'J1300' }]), admin({ id: 'a1', med: 'm', dose: 300, route: 'iv', start: at(day) })], {
      containerType: { J1300: 'multi-dose' },
    });
  it.each([
    ['2025-03-30', ['J1300 x30']],
    ['2025-03-31', ['J1300 x30']],
    ['2025-04-01', []],
  ])('J1300 on %s -> %j', (day, lines) => {
    const r = j1300(day);
    expect(compact(r, 'drug')).toEqual(lines);
    expect(codes(r).includes('code-inactive')).toBe(lines.length === 0);
  });

  const j0200 = (day: string) => run([medication('m', [{ system: NDC, code: '33333-4444-55' }]), admin({ id: 'a1', med: 'm', dose: 29, route: 'im', start: at(day) })]);
  it.each([
    ['1999-12-31', []],
    ['2000-01-01', ['J0200 x6']],
  ])('J0200 (added 2000-01-01) on %s -> %j', (day, lines) => {
    const r = j0200(day);
    expect(compact(r, 'drug')).toEqual(lines);
    expect(codes(r).includes('code-inactive')).toBe(lines.length === 0);
  });
});

/** derive() over a catalog of the test's own, for products the shared test catalog does not have. */
function runWith(entries: CatalogEntries, resources: Resource[], settings: Partial<BillingSettings> = {}) {
  const out = derive(bundle([...context(), ...resources]), new CatalogIndex(entries), { ...defaultBillingSettings, ...settings }, { today: '2026-03-03' });
  return out.results.find((r) => r.encounter === 'Encounter/e1')!;
}

const code = (c: string, amount: string, unit: DescriptorUnit): HcpcsCode => ({
  code: c,
  description: `${c} ${amount} ${unit}`,
  descriptor: { amount, unit },
  addDate: '2000-01-01',
  administrationClass: 'therapeutic',
});

describe('the NDC quantity: ML for liquids, F2 for powders counted in units, UN otherwise, never below 0.001', () => {
  it('a powder of a units code (1,000 units per unit, 10,000-unit vial, multi-dose): 4,000 units -> F2 4000', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0001', '1000', 'unit')], products: [{ ndc: '12345678901', hcpcs: 'J0001', billUnits: '10', liquid: false, containerType: 'multi-dose' }] };
    const r = runWith(entries, [medication('m', [{ system: NDC, code: '12345-6789-01' }]), admin({ id: 'a1', med: 'm', dose: 4000, unit: '[iU]', route: 'sc' })]);
    expect(compact(r, 'drug')).toEqual(['J0001 x4']);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 4000, unit: 'F2' });
  });

  it('a powder of a mg code is counted in containers: 150 mg of 100 mg vials -> UN 1.5', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0002', '10', 'mg')], products: [{ ndc: '12345678902', hcpcs: 'J0002', billUnits: '10', liquid: false, containerType: 'multi-dose' }] };
    const r = runWith(entries, [medication('m', [{ system: NDC, code: '12345-6789-02' }]), admin({ id: 'a1', med: 'm', dose: 150, route: 'sc' })]);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 1.5, unit: 'UN' });
    expect(codes(r)).not.toContain('ndc-unit-assumed');
  });

  it('a product not known to be a liquid or a powder: UN, and ndc-unit-assumed says so', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0003', '10', 'mg')], products: [{ ndc: '12345678903', hcpcs: 'J0003', billUnits: '10', containerType: 'multi-dose' }] };
    const r = runWith(entries, [medication('m', [{ system: NDC, code: '12345-6789-03' }]), admin({ id: 'a1', med: 'm', dose: 50, route: 'sc' })]);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 0.5, unit: 'UN' });
    expect(r.findings.find((f) => f.code === 'ndc-unit-assumed')).toMatchObject({ severity: 'info', resources: ['MedicationAdministration/a1'] });
  });

  it('no NDC, or no container size: no NDC quantity', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0004', '10', 'mg')], products: [{ ndc: '12345678904', hcpcs: 'J0004', containerType: 'multi-dose' }] };
    const noSize = runWith(entries, [medication('m', [{ system: NDC, code: '12345-6789-04' }]), admin({ id: 'a1', med: 'm', dose: 50, route: 'sc' })]);
    expect(compact(noSize, 'drug')).toEqual(['J0004 x5']);
    expect(noSize.lines[0]!.ndcQuantity).toBeUndefined();
    const noNdc = runWith(entries, [medication('m', [{ system: HCPCS, code: 'J0004' }]), admin({ id: 'a1', med: 'm', dose: 50, route: 'sc' })], { containerType: { J0004: 'multi-dose' } });
    expect(compact(noNdc, 'drug')).toEqual(['J0004 x5']);
    expect(noNdc.lines[0]!.ndcQuantity).toBeUndefined();
  });
});

describe('JW/JZ only in the office setting (docs/billing-rules.md section 4)', () => {
  it('hospital outpatient: the drug line without JW or JZ, and setting-unsupported', () => {
    const r = run([
      medication('remicade', [{ system: NDC, code: '57894-0030-01' }]),
      admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' }),
      wasteRecord('w1', 'a1', 'remicade', 50),
    ], { setting: 'hospital-outpatient' });
    expect(compact(r, 'drug')).toEqual(['J1745 x35']);
    expect(r.lines[0]!.rule).toBe('units.no-waste-setting');
    expect(r.findings.find((f) => f.code === 'setting-unsupported')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1'] });
  });
});

describe('discarded amounts that are zero, negative or unreadable', () => {
  const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3774-12' }]);
  const given = admin({ id: 'a1', med: 'opdivo', dose: 100, route: 'iv', end: '2026-03-02T09:30:00-05:00' });
  const waste = (dose: MedicationAdministration['dosage']): MedicationAdministration => ({ ...wasteRecord('w1', 'a1', 'opdivo', 0), dosage: dose });

  it('0 discarded, with or without a unit, is a documented zero: J9299-JZ x100', () => {
    expect(compact(run([opdivo, given, waste({ dose: { value: 0 } })]), 'drug')).toEqual(['J9299-JZ x100']);
    expect(compact(run([opdivo, given, waste({ dose: { value: 0, code: 'mg' } })]), 'drug')).toEqual(['J9299-JZ x100']);
  });

  it('a negative discarded amount is unreadable: no line, dose-unconvertible naming the record', () => {
    const r = run([opdivo, given, waste({ dose: { value: -5, code: 'mg' } })]);
    expect(compact(r, 'drug')).toEqual([]);
    const f = r.findings.find((x) => x.code === 'dose-unconvertible');
    expect(f).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/w1', 'MedicationAdministration/a1'] });
    expect(f!.message).toContain('the amount is negative');
  });

  it('a discarded amount in mL is read through the concentration: 10 mg/mL, 2 mL discarded of a 240 mg vial given 220 mg', () => {
    // Opdivo 240 mg / 24 mL (J9299, 1 mg): 220 mg given + 20 mg (2 mL) discarded = the 240 mg vial: x220 + JW x20.
    const r = run([
      medication('o240', [{ system: NDC, code: '00003-3734-13' }]),
      admin({ id: 'a1', med: 'o240', dose: 220, route: 'iv', end: '2026-03-02T09:30:00-05:00' }),
      wasteRecord('w1', 'a1', 'o240', 2, 'mL'),
    ]);
    expect(compact(r, 'drug')).toEqual(['J9299 x220', 'J9299-JW x20']);
    expect(r.lines[1]!.ndcQuantity).toEqual({ value: 2, unit: 'ML' });
  });

  it('a single-dose product of unknown size with its waste documented: lines from V = D + discarded, no container check', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0005', '10', 'mg')], products: [{ ndc: '12345678905', hcpcs: 'J0005', containerType: 'single-dose', liquid: false }] };
    const r = runWith(entries, [
      medication('m', [{ system: NDC, code: '12345-6789-05' }]),
      admin({ id: 'a1', med: 'm', dose: 75, route: 'sc' }),
      wasteRecord('w1', 'a1', 'm', 25),
    ]);
    expect(compact(r, 'drug')).toEqual(['J0005 x8', 'J0005-JW x2']);
    expect(codes(r)).not.toContain('waste-inconsistent');
  });
});
