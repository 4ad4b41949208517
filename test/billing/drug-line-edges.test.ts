// Drug-line rules at their edges (docs/billing-rules.md sections 1, 2, 4 and 6): the first and last day a code may
// be billed, units summed across NDCs, the NDC quantity's unit and its least value, JW/JZ outside the office.
import type { MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { BillingSettings } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { CatalogEntries, DescriptorUnit, HcpcsCode } from '../../src/catalog/types';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, codes, compact, context, HCPCS, medication, NDC, run, runExactly, wasteRecord } from './fixtures';

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
    if (lines.length === 0) expect(r.findings.find((f) => f.code === 'code-inactive')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
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
  return runExactly([...context(), ...resources], settings, new CatalogIndex(entries));
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
    // A container content known from the Medication still gives no NDC quantity to a line without an NDC.
    const sized = medication('m', [{ system: HCPCS, code: 'J0004' }], { amount: { numerator: { value: 100, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }, denominator: { value: 1 } } });
    const noNdcSized = runWith(entries, [sized, admin({ id: 'a1', med: 'm', dose: 50, route: 'sc' })], { containerType: { J0004: 'multi-dose' } });
    expect(compact(noNdcSized, 'drug')).toEqual(['J0004 x5']);
    expect(noNdcSized.lines[0]!.ndcQuantity).toBeUndefined();
  });

  it('a units code whose product is not known to be a liquid or a powder: UN (not F2), and ndc-unit-assumed', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0005', '1000', 'unit')], products: [{ ndc: '12345678905', hcpcs: 'J0005', billUnits: '10', containerType: 'multi-dose' }] };
    const r = runWith(entries, [medication('m', [{ system: NDC, code: '12345-6789-05' }]), admin({ id: 'a1', med: 'm', dose: 4000, unit: '[iU]', route: 'sc' })]);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 0.4, unit: 'UN' });
    expect(r.findings.map((f) => f.code)).toContain('ndc-unit-assumed');
  });

  it('a liquid whose strength per mL is unknown is counted in containers: UN, with no assumption to report', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0006', '10', 'mg')], products: [{ ndc: '12345678906', hcpcs: 'J0006', billUnits: '10', liquid: true, containerType: 'multi-dose' }] };
    const r = runWith(entries, [medication('m', [{ system: NDC, code: '12345-6789-06' }]), admin({ id: 'a1', med: 'm', dose: 50, route: 'sc' })]);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 0.5, unit: 'UN' });
    expect(r.findings.map((f) => f.code)).not.toContain('ndc-unit-assumed');
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

describe('unclassified codes (docs/billing-rules.md 1.5): one unit, and the claim must name the drug, NDC and dose', () => {
  it('J9999 with no NDC and one of two doses missing: one line from both records, both gaps named', () => {
    const r = run([
      medication('m', [{ system: HCPCS, code: 'J9999' }]),
      admin({ id: 'a1', med: 'm', dose: 30, route: 'iv' }),
      admin({ id: 'a2', med: 'm', route: 'iv', start: '2026-03-02T11:00:00-05:00' }),
    ]);
    expect(compact(r, 'drug')).toEqual(['J9999 x1']);
    expect(r.lines[0]!.sources).toEqual(['MedicationAdministration/a1', 'MedicationAdministration/a2']);
    expect(r.lines[0]!.rule).toBe('units.unclassified');
    const f = r.findings.find((x) => x.code === 'unclassified-code')!;
    expect(f.resources).toEqual(['MedicationAdministration/a1', 'MedicationAdministration/a2']);
    expect(f.message).toContain('missing here: the NDC and the dose');
  });

  it('a record with no dosage at all still bills its one unit and names the missing dose', () => {
    const noDosage: MedicationAdministration = { ...admin({ id: 'a1', med: 'm', route: 'iv' }), dosage: undefined };
    const r = run([medication('m', [{ system: HCPCS, code: 'J9999' }]), noDosage]);
    expect(compact(r, 'drug')).toEqual(['J9999 x1']);
    expect(r.findings.find((x) => x.code === 'unclassified-code')!.message).toContain('missing here: the NDC and the dose');
  });

  it('every dose recorded: only the NDC is missing', () => {
    const r = run([medication('m', [{ system: HCPCS, code: 'J9999' }]), admin({ id: 'a1', med: 'm', dose: 30, route: 'iv' })]);
    const message = r.findings.find((x) => x.code === 'unclassified-code')!.message;
    expect(message).toContain('missing here: the NDC.');
    expect(message).not.toContain('and the dose.');
  });
});

describe('container checks of documented waste', () => {
  const actemra = medication('act', [{ system: NDC, code: '50242-0138-01' }]);
  const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);

  it('the least wasteful set opened is not flagged: Actemra 331 + 29 mg = 200 + 80 + 80', () => {
    const r = run([actemra, admin({ id: 'a1', med: 'act', dose: 331, route: 'iv', end: '2026-03-02T10:00:00-05:00' }), wasteRecord('w1', 'a1', 'act', 29)]);
    expect(codes(r)).not.toContain('vial-choice-wasteful');
    expect(codes(r)).not.toContain('waste-inconsistent');
  });

  it('two codes checked in one derive each use their own sizes (100 mg vials; 80, 200 and 400 mg vials)', () => {
    const r = run([
      remicade,
      actemra,
      admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T10:00:00-05:00' }),
      wasteRecord('w1', 'a1', 'remicade', 50),
      admin({ id: 'a2', med: 'act', dose: 331, route: 'iv', start: '2026-03-02T10:00:00-05:00', end: '2026-03-02T11:00:00-05:00' }),
      wasteRecord('w2', 'a2', 'act', 29),
    ]);
    expect(compact(r, 'drug')).toEqual(['J1745 x35', 'J1745-JW x5', 'J3262 x331', 'J3262-JW x29']);
    expect(codes(r)).not.toContain('waste-inconsistent');
  });

  it('a container size known only from the Medication is checked with it, one product at a time', () => {
    // J0006 (10 mg) has a crosswalk row with no BILLUNITS; each Medication gives its own vial size.
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0006', '10', 'mg')], products: [{ ndc: '12345678906', hcpcs: 'J0006' }] };
    const catalog = new CatalogIndex(entries);
    const settings = { ...defaultBillingSettings, containerType: { J0006: 'single-dose' as const } };
    const once = (vialMg: number, dose: number, discarded: number) => {
      const resources = [
        medication('m', [{ system: HCPCS, code: 'J0006' }], { amount: { numerator: { value: vialMg, code: 'mg' }, denominator: { value: 1 } } }),
        admin({ id: 'a1', med: 'm', dose, route: 'sc' }),
        wasteRecord('w1', 'a1', 'm', discarded),
      ];
      return derive(bundle([...context(), ...resources]), catalog, settings, { today: '2026-03-03' }).results[0]!;
    };
    const thirty = once(30, 50, 10); // 60 mg = 2 x 30 mg
    expect(compact(thirty, 'drug')).toEqual(['J0006 x5', 'J0006-JW x1']);
    expect(codes(thirty)).not.toContain('waste-inconsistent');
    const forty = once(40, 50, 30); // 80 mg = 2 x 40 mg, though no number of 30 mg vials makes it
    expect(compact(forty, 'drug')).toEqual(['J0006 x5', 'J0006-JW x3']);
    expect(codes(forty)).not.toContain('waste-inconsistent');
    expect(codes(once(40, 50, 20))).toContain('waste-inconsistent'); // 70 mg is no number of 40 mg vials
  });

  it('a waste record with no amount cannot be read: dose-unconvertible, no line', () => {
    const rec = { ...wasteRecord('w1', 'a1', 'remicade', 0), dosage: {} };
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' }), rec]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'dose-unconvertible')!.message).toContain('no dose value');
  });
});

describe('what an undocumented discard leaves is priced in the descriptor unit (Finding.wasteLeft.unit)', () => {
  it('mL for a fluid: 200 mL from a 250 mL bag leaves 50 mL, no whole 250 mL unit', () => {
    const r = run([
      medication('ns', [{ system: NDC, code: '00409-4888-01' }]),
      admin({ id: 'f1', med: 'ns', dose: 200, unit: 'mL', route: 'iv', start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T10:00:00-05:00' }),
    ]);
    expect(r.findings.find((f) => f.code === 'waste-undocumented')?.wasteLeft).toEqual({ hcpcs: 'J7050', amount: '50', unit: 'mL', billingUnits: 0 });
  });

  it('units for a units code: 4,000 units from a 10,000-unit single-dose vial leave 6,000 units, 6 billing units', () => {
    const entries: CatalogEntries = { quarter: 't', codes: [code('J0007', '1000', 'unit')], products: [{ ndc: '12345678907', hcpcs: 'J0007', billUnits: '10', containerType: 'single-dose', liquid: false }] };
    const r = runWith(entries, [medication('m', [{ system: NDC, code: '12345-6789-07' }]), admin({ id: 'a1', med: 'm', dose: 4000, unit: '[iU]', route: 'sc' })]);
    expect(r.findings.find((f) => f.code === 'waste-undocumented')?.wasteLeft).toEqual({ hcpcs: 'J0007', amount: '6000', unit: 'units', billingUnits: 6 });
  });
});
