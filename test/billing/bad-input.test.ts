// Bad input is normal (issue 11 "Bad input"): each answered with lines or a clear finding, never a crash or a guess.
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { CatalogEntries } from '../../src/catalog/types';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, codes, compact, context, HCPCS, medication, NDC, run, testEntries } from './fixtures';

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);
const mdv = medication('m', [{ system: NDC, code: '33333-4444-55' }]); // J0200, 5 mg per unit, 25 mg multi-dose vial
const end = '2026-03-02T11:00:00-05:00';

describe('doses far from the ordinary', () => {
  it('1e15 mg of a multi-dose product: one line with exact units and a finding-free, crash-free answer', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 1e15, route: 'im' })]);
    expect(compact(r, 'drug')).toEqual(['J0200 x200000000000000']);
  });

  it('1e15 mg of infliximab from 100 mg vials (exactly full vials): JZ line, flagged above the MUE of 150', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 1e15, route: 'iv', end })]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x100000000000000']);
    expect(r.findings.find((f) => f.code === 'units-exceed-mue')).toMatchObject({ severity: 'warning' });
  });

  it('0.0000001 mg: one unit at least (a dose below the descriptor is one unit), NDC quantity never below 0.001', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 0.0000001, route: 'im' })]);
    expect(compact(r, 'drug')).toEqual(['J0200 x1']);
    expect(r.lines[0]?.ndcQuantity).toEqual({ value: 0.001, unit: 'ML' });
  });

  it('0.0000001 mg from a single-dose vial with no waste record: waste-undocumented, no line guessed', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 0.0000001, route: 'iv', end })]);
    expect(codes(r)).toContain('waste-undocumented');
    expect(compact(r, 'drug')).toEqual([]);
  });
});

describe('a container size of 0 or negative in a Medication', () => {
  const amount = (value: number, per = 1) => ({
    amount: { numerator: { value, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }, denominator: { value: per, unit: 'vial' } },
  });

  it.each([0, -100])('%i mg per vial, no other source of the size: flagged, size unknown, no line guessed', (value) => {
    // J9217 has no products in the catalog: the container size could only come from Medication.amount.
    const med = medication('x', [{ system: HCPCS, code: 'J9217' }], amount(value));
    const r = run([med, admin({ id: 'a1', med: 'x', dose: 7.5, route: 'sc' })], { containerType: { J9217: 'single-dose' } });
    expect(r.findings.find((f) => f.code === 'container-size-invalid')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1', 'Medication/x'] });
    expect(r.findings.find((f) => f.code === 'waste-undocumented')?.message).toMatch(/unknown size/);
    expect(codes(r)).not.toContain('nothing-to-bill');
    expect(compact(r, 'drug')).toEqual([]);
  });

  it('0 mg per vial where the catalog knows the size: flagged, and the catalog size is used (10 mg vial, 10 mg given -> JZ)', () => {
    const med = medication('x', [{ system: HCPCS, code: 'J6666' }], amount(0));
    const r = run([med, admin({ id: 'a1', med: 'x', dose: 10, route: 'im' })], { containerType: { J6666: 'single-dose' } });
    expect(r.findings.find((f) => f.code === 'container-size-invalid')?.message).toMatch(/catalog's size is used/);
    expect(compact(r, 'drug')).toEqual(['J6666-JZ x1']);
  });

  it('a denominator of 0 or negative is read as one container, never divided by', () => {
    const med = medication('x', [{ system: HCPCS, code: 'J9217' }], amount(7.5, -2));
    const r = run([med, admin({ id: 'a1', med: 'x', dose: 7.5, route: 'sc' })], { containerType: { J9217: 'single-dose' } });
    expect(compact(r, 'drug')).toEqual(['J9217-JZ x1']);
  });
});

describe('a catalog descriptor the engine cannot count in', () => {
  const withDescriptor = (descriptor: unknown): CatalogIndex =>
    new CatalogIndex({
      ...testEntries,
      codes: testEntries.codes.map((c) => (c.code === 'J0200' ? { ...c, descriptor } : c)),
    } as CatalogEntries);

  it.each([
    ['an unknown unit', { amount: '5', unit: 'drops' }],
    ['an amount of 0', { amount: '0', unit: 'mg' }],
    ['a negative amount', { amount: '-5', unit: 'mg' }],
    ['an amount that is no number', { amount: 'five', unit: 'mg' }],
  ])('%s: descriptor-unknown, the drug line left out, the rest still derived', (_why, descriptor) => {
    const out = derive(bundle([...context(), mdv, remicade, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' }), admin({ id: 'a2', med: 'remicade', dose: 400, route: 'iv', end })]), withDescriptor(descriptor), defaultBillingSettings, { today: '2026-03-03' });
    const r = out.results[0]!;
    expect(r.findings.find((f) => f.code === 'descriptor-unknown')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(codes(r)).not.toContain('nothing-to-bill');
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
  });
});
