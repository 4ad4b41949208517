// The rules of src/billing/prepare.ts, seen through derive(): which administrations are billed at all (status, a
// stopped one's dose), the finding that names the administration when one cannot be, the container size a Medication
// records, the eye read from a body site, and the administration class (configuration, catalog, or assumed:
// docs/billing-rules.md sections 5 and 7). Catalog: test/billing/fixtures.ts, or a small one written out below.
import type { CodeableConcept, Medication, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { HcpcsCode } from '../../src/catalog/types';
import { defaultBillingSettings } from '../../src/config/smart-config';
import type { BillingSettings, EncounterResult } from '../../src/billing/types';
import { admin, bundle, codes, compact, context, HCPCS, intravitreal, medication, NDC, run } from './fixtures';

const A1 = 'MedicationAdministration/a1';
const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]); // J1745 10 mg, 100 mg single-dose vial, chemo
const mdv = medication('m', [{ system: NDC, code: '33333-4444-55' }]); // J0200 5 mg, 25 mg multi-dose vial, therapeutic
const lucentis = medication('luc', [{ system: NDC, code: '50242-0080-01' }]);
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;
const ml = (value: number) => ({ value, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' });
const mg = (value: number) => ({ value, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' });

describe('section 7: administrations that are not billed say so, about that administration', () => {
  it('in progress: shown as information, not billed until completed', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im', status: 'in-progress' })]);
    expect(r.lines).toEqual([]);
    expect(r.findings.find((f) => f.code === 'administration-in-progress')).toMatchObject({ severity: 'info', resources: [A1] });
  });

  it.each(['entered-in-error', 'not-done', 'on-hold', 'unknown'] as const)('%s: no line, administration-not-billed about it', (status) => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im', status })]);
    expect(r.lines).toEqual([]);
    expect(r.findings.find((f) => f.code === 'administration-not-billed')).toMatchObject({ severity: 'info', resources: [A1] });
  });

  it.each([
    ['no dose', undefined],
    ['a dose of 0', 0],
    ['a negative dose', -5],
  ])('stopped with %s: nothing was given, so nothing is billed (not a dose error)', (_why, dose) => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose, route: 'im', status: 'stopped' })]);
    expect(r.lines).toEqual([]);
    expect(r.findings.find((f) => f.code === 'administration-not-billed')).toMatchObject({ severity: 'info', resources: [A1] });
    expect(codes(r)).not.toContain('dose-missing');
  });

  it('stopped with a dose of the multi-dose product: the dose given is billed', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im', status: 'stopped' })]);
    expect(compact(r)).toEqual(['J0200 x2', '96372 x1']);
    expect(codes(r)).not.toContain('administration-not-billed');
  });
});

describe('an administration that cannot be billed is named by the error that says why', () => {
  it('a route the engine does not pair: route-missing about the administration, the drug line kept', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, extra: { dosage: { route: { text: 'into the ear' }, dose: mg(10) } } })]);
    expect(compact(r)).toEqual(['J0200 x2']);
    expect(r.findings.find((f) => f.code === 'route-missing')).toMatchObject({ severity: 'error', resources: [A1] });
  });

  it.each([
    ['no dose', undefined],
    ['a dose of 0', 0],
    ['a negative dose', -10],
  ])('%s of a completed administration: dose-missing about it, no line', (_why, dose) => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose, route: 'im' })]);
    expect(r.lines).toEqual([]);
    expect(r.findings.find((f) => f.code === 'dose-missing')).toMatchObject({ severity: 'error', resources: [A1] });
  });

  it('a dose written as text ("10") is not a number: dose-missing, never read as 10 mg', () => {
    const ma = admin({ id: 'a1', med: 'm', route: 'im', extra: { dosage: { route: { coding: [{ system: 'http://snomed.info/sct', code: '78421000' }] }, dose: { ...mg(10), value: '10' as unknown as number } } } });
    const r = run([mdv, ma]);
    expect(r.lines).toEqual([]);
    expect(r.findings.find((f) => f.code === 'dose-missing')).toMatchObject({ severity: 'error', resources: [A1] });
    expect(codes(r)).not.toContain('dose-unconvertible');
  });

  it('a dose in mL of a product whose strength is unknown: dose-unconvertible about it, no line', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', route: 'iv', start: t('09:00'), end: t('10:00'), extra: { dosage: { route: { coding: [{ system: 'http://snomed.info/sct', code: '47625008' }] }, dose: ml(20) } } })]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'dose-unconvertible')).toMatchObject({ severity: 'error', resources: [A1] });
  });
});

describe('the container content a Medication records (Medication.amount)', () => {
  const amount = (numerator: Medication['amount']): Medication => ({ ...remicade, amount: numerator });

  it('a valid content (100 mg per vial) is used without a finding: 350 mg opens 4 vials, 50 mg to document', () => {
    const r = run([amount({ numerator: mg(100), denominator: { value: 1, unit: 'vial' } }), admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(codes(r)).not.toContain('container-size-invalid');
    expect(r.findings.find((f) => f.code === 'waste-undocumented')?.resources).toEqual([A1]);
  });

  it('a valid content that is exactly the dose (400 mg vial, 400 mg given) bills JZ without a finding about the size', () => {
    const r = run([amount({ numerator: mg(400), denominator: { value: 1, unit: 'vial' } }), admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
    expect(codes(r)).not.toContain('container-size-invalid');
  });

  it('a content of 0 mg is flagged about the administration and the Medication that records it', () => {
    const r = run([amount({ numerator: mg(0), denominator: { value: 1, unit: 'vial' } }), admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(r.findings.find((f) => f.code === 'container-size-invalid')).toMatchObject({ severity: 'warning', resources: [A1, 'Medication/remicade'] });
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
  });

  it('an amount with no numerator reads as no recorded content: the catalog size is used, no crash, no finding', () => {
    const r = run([amount({ denominator: { value: 1, unit: 'vial' } }), admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
    expect(codes(r)).not.toContain('container-size-invalid');
    expect(codes(r)).not.toContain('nothing-to-bill');
  });
});

describe('the eye read from the body site (67028 RT/LT)', () => {
  const eyeOf = (site: CodeableConcept) => compact(run([lucentis, intravitreal('a1', t('09:00'), site)]), 'administration');

  it('a coding list holding a broken element still reads the eye from the other codings or the text', () => {
    expect(eyeOf({ coding: [null as never, { system: 'http://snomed.info/sct', code: '18944008' }] })).toEqual(['67028-RT x1']);
    expect(eyeOf({ coding: [null as never], text: 'Left eye' })).toEqual(['67028-LT x1']);
  });

  it('a site text that names no side gives no modifier and eye-missing', () => {
    const r = run([lucentis, intravitreal('a1', t('09:00'), { text: 'eye' })]);
    expect(compact(r, 'administration')).toEqual(['67028 x1']);
    expect(codes(r)).toContain('eye-missing');
  });

  it('a site text that is not text (a list) is not read: eye-missing rather than a side guessed from it', () => {
    const r = run([lucentis, intravitreal('a1', t('09:00'), { text: ['right eye'] as unknown as string })]);
    expect(compact(r, 'administration')).toEqual(['67028 x1']);
    expect(codes(r)).toContain('eye-missing');
  });
});

describe('the administration class: configuration by NDC, then by HCPCS, then the catalog (infliximab is chemo)', () => {
  const infusion = () => admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', start: t('09:00'), end: t('10:00') });

  it('the catalog class alone: a one-hour chemotherapy infusion, 96413', () => {
    const r = run([remicade, infusion()]);
    expect(compact(r, 'administration')).toEqual(['96413 x1']);
    expect(codes(r)).not.toContain('admin-class-assumed');
  });

  it('configured by NDC: a therapeutic infusion, 96365', () => {
    const r = run([remicade, infusion()], { administrationClass: { '57894003001': 'therapeutic' } });
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
  });

  it('configured by HCPCS: a therapeutic infusion, 96365', () => {
    const r = run([remicade, infusion()], { administrationClass: { J1745: 'therapeutic' } });
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
  });

  it('the NDC setting wins over the HCPCS setting', () => {
    const r = run([remicade, infusion()], { administrationClass: { '57894003001': 'therapeutic', J1745: 'chemo' } });
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
    const other = run([remicade, infusion()], { administrationClass: { '57894003001': 'chemo', J1745: 'therapeutic' } });
    expect(compact(other, 'administration')).toEqual(['96413 x1']);
  });
});

describe('the class assumed when neither configuration nor catalog gives one (said aloud as admin-class-assumed)', () => {
  const code = (c: string, description: string): HcpcsCode => ({ code: c, description, descriptor: { amount: '10', unit: 'mg' } });
  const catalog = new CatalogIndex({
    quarter: 'no-classes',
    codes: [
      code('J9045', 'Injection, carboplatin, 50 mg'),
      code('J9025', 'Injection, azacitidine, 1 mg'),
      code('J3357', 'Ustekinumab, for subcutaneous injection, 1 mg'),
      code('J1100', 'Injection, dexamethasone sodium phosphate, 1 mg'),
      code('J0897', 'Injection, denosumab, 1 mg'),
      code('J90451', 'not an HCPCS code: six characters'),
      code('XJ9045', 'not an HCPCS code: a letter before J9'),
    ],
    products: [],
  });
  const settings: BillingSettings = { ...defaultBillingSettings, containerType: Object.fromEntries(['J9045', 'J9025', 'J3357', 'J1100', 'J0897'].map((c) => [c, 'multi-dose' as const])) };
  const given = (hcpcs: string, route: 'iv' | 'sc'): EncounterResult => {
    const resources: Resource[] = [
      ...context(),
      medication('x', [{ system: HCPCS, code: hcpcs }]),
      admin({ id: 'a1', med: 'x', dose: 100, route, start: t('09:00'), ...(route === 'iv' ? { end: t('10:00') } : {}) }),
    ];
    return derive(bundle(resources), catalog, settings, { today: '2026-03-03' }).results[0]!;
  };
  const assumed = (r: EncounterResult) => r.findings.find((f) => f.code === 'admin-class-assumed');

  it.each([
    ['J9045', 'iv', ['96413 x1']],
    ['J9025', 'sc', ['96401 x1']],
  ] as const)('%s, in the J9000-J9999 chemotherapy range, %s: chemotherapy codes', (hcpcs, route, expected) => {
    const r = given(hcpcs, route);
    expect(compact(r, 'administration')).toEqual(expected);
    expect(assumed(r)).toMatchObject({ severity: 'info', resources: [A1] });
  });

  it('a monoclonal antibody (ustekinumab) under the skin: chemotherapy injection 96401', () => {
    expect(compact(given('J3357', 'sc'), 'administration')).toEqual(['96401 x1']);
  });

  it.each([
    ['J1100', 'iv', ['96365 x1']],
    ['J1100', 'sc', ['96372 x1']],
    ['J0897', 'iv', ['96365 x1']],
  ] as const)('%s, neither J9 nor a chemotherapy antibody, %s: therapeutic codes', (hcpcs, route, expected) => {
    const r = given(hcpcs, route);
    expect(compact(r, 'administration')).toEqual(expected);
    expect(assumed(r)).toMatchObject({ severity: 'info', resources: [A1] });
  });

  it.each(['J90451', 'XJ9045'])('%s only contains J9 followed by digits: not assumed chemotherapy (96365)', (hcpcs) => {
    const r = derive(
      bundle([...context(), medication('x', [{ system: HCPCS, code: hcpcs }]), admin({ id: 'a1', med: 'x', dose: 100, route: 'iv', start: t('09:00'), end: t('10:00') })]),
      catalog,
      { ...settings, containerType: { ...settings.containerType } },
      { today: '2026-03-03' },
    ).results[0]!;
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
  });
});
