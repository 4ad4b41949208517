// Container facts (docs/billing-rules.md section 3) read one source at a time: each case gives the engine only the
// source under test (no crosswalk row, or a row without the fact), so the answer can only come from that source.
// The facts decide JW/JZ (container type), the NDC quantity's unit (liquid: ML, else UN) and volume doses (per mL).
import Big from 'big.js';
import type { Medication } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { containerFacts, containerTypeFromPackageText } from '../../src/billing/container';
import type { IdentifiedDrug } from '../../src/billing/identify';
import { descriptorAmount } from '../../src/billing/units';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { NdcProduct } from '../../src/catalog/types';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, codes, compact, medication, NDC, run, testCatalog } from './fixtures';

const mg10 = descriptorAmount({ amount: '10', unit: 'mg' });

function drug(extra: Partial<IdentifiedDrug>): IdentifiedDrug {
  return { hcpcs: 'J5555', code: testCatalog.code('J5555'), product: undefined, ndc: undefined, ndcDisplay: undefined, medication: undefined, name: 'test drug', ...extra };
}

function facts(extra: Partial<IdentifiedDrug>, u = mg10) {
  return containerFacts(drug(extra), u, defaultBillingSettings, testCatalog);
}

function med(extra: Partial<Medication>): Medication {
  return { resourceType: 'Medication', ...extra };
}

const mg = (value: number) => ({ value, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' });
const ml = (value: number) => ({ value, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' });

describe('container type from the FDA package text in the NDC display', () => {
  it.each([
    ['1 VIAL, MULTI-DOSE in 1 CARTON', 'multi-dose'],
    ['1 VIAL, MULTIDOSE in 1 CARTON', 'multi-dose'],
    ['1 VIAL, MULTI DOSE in 1 CARTON', 'multi-dose'],
    ['1 VIAL, MULTIPLE-DOSE in 1 CARTON', 'multi-dose'],
    ['1 VIAL, MULTIPLE DOSE in 1 CARTON', 'multi-dose'],
    ['1 VIAL, MULTI-USE in 1 CARTON', 'multi-dose'],
    ['1 VIAL, MULTIUSE in 1 CARTON', 'multi-dose'],
    ['1 vial, multi-dose in 1 carton', 'multi-dose'],
    ['1 VIAL, SINGLE-DOSE in 1 CARTON', 'single-dose'],
    ['1 VIAL, SINGLEDOSE in 1 CARTON', 'single-dose'],
    ['1 VIAL, SINGLE DOSE in 1 CARTON', 'single-dose'],
    ['1 VIAL, SINGLE-USE in 1 CARTON', 'single-dose'],
    ['1 VIAL, SINGLE USE in 1 CARTON', 'single-dose'],
    ['1 SYRINGE, PREFILLED in 1 CARTON', 'single-dose'],
    ['1 SYRINGE, PRE-FILLED in 1 CARTON', 'single-dose'],
    ['10 mL in 1 VIAL', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j -> %s', (text, type) => {
    expect(containerTypeFromPackageText(text)).toBe(type);
  });

  it('a drug known only by its package text gets that type, and the text is named as the source', () => {
    const single = facts({ ndcDisplay: '1 VIAL, SINGLE-DOSE in 1 CARTON', code: undefined });
    expect(single.containerType).toBe('single-dose');
    expect(single.containerTypeSource).toBe('the NDC package description "1 VIAL, SINGLE-DOSE in 1 CARTON"');
    const unknown = facts({ ndcDisplay: '10 mL in 1 VIAL', code: undefined });
    expect(unknown.containerType).toBeUndefined();
    expect(unknown.containerTypeSource).toBe('unknown');
  });

  it('the catalog table wins over the package text, the override over both', () => {
    const row: NdcProduct = { ndc: '99999000001', hcpcs: 'J5555', billUnits: '1', containerType: 'multi-dose' };
    expect(facts({ product: row, ndcDisplay: '1 VIAL, SINGLE-DOSE in 1 CARTON' }).containerType).toBe('multi-dose');
    expect(facts({ code: { ...testCatalog.code('J5555')!, containerType: 'single-dose' }, ndcDisplay: 'VIAL, MULTI-DOSE' }).containerType).toBe('single-dose');
    const overridden = containerFacts(drug({ product: row, ndc: '99999000001' }), mg10, { ...defaultBillingSettings, containerType: { '99999000001': 'single-dose' } }, testCatalog);
    expect(overridden.containerType).toBe('single-dose');
  });

  it('end to end: an NDC unknown to the crosswalk, coded as J5555, is single-dose by its package text and gets JZ', () => {
    // J5555 is 10 mg per unit; 20 mg from two 10 mg vials (Medication.amount) fills them: J5555-JZ x 2.
    const r = run([
      medication('m', [
        { system: NDC, code: '99999-0000-01', display: '1 VIAL, SINGLE-DOSE in 1 CARTON' },
        { system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J5555' },
      ], { amount: { numerator: mg(10), denominator: { value: 1 } } }),
      admin({ id: 'a1', med: 'm', dose: 20, route: 'iv' }),
    ]);
    expect(compact(r, 'drug')).toEqual(['J5555-JZ x2']);
  });
});

describe('one container holds BILLUNITS x u; Medication.amount is the second source', () => {
  it('BILLUNITS 4 of a 10 mg code is 40 mg; a BILLUNITS of 0 is no size', () => {
    expect(facts({ product: { ndc: '1', hcpcs: 'J5555', billUnits: '4' } }).containerContent?.value.toString()).toBe('40');
    expect(facts({ product: { ndc: '1', hcpcs: 'J5555', billUnits: '0' } }).containerContent).toBeUndefined();
  });

  it.each([
    [{ numerator: mg(100), denominator: { value: 1 } }, '100'],
    [{ numerator: mg(100), denominator: { value: 2 } }, '50'], // 100 mg per 2 vials: 50 mg each
    [{ numerator: mg(100) }, '100'], // no denominator: per one container
    [{ numerator: mg(100), denominator: { value: 0 } }, '100'], // a denominator of 0 cannot divide: per one
    [{ numerator: mg(100), denominator: { value: -2 } }, '100'], // nor can a negative one
    [{ numerator: mg(0), denominator: { value: 1 } }, undefined], // a container of nothing: unknown
    [{ numerator: mg(-5), denominator: { value: 1 } }, undefined],
    [{ numerator: ml(10), denominator: { value: 1 } }, undefined], // mL for a mg code: not its content
    [{ denominator: { value: 1 } }, undefined], // no numerator
  ])('Medication.amount %j -> %s mg', (amount, content) => {
    // A crosswalk row without BILLUNITS: the Medication is the only source of the size.
    expect(facts({ medication: med({ amount }), product: { ndc: '1', hcpcs: 'J5555' } }).containerContent?.value.toString()).toBe(content);
  });

  it('with no NDC, the size all products of the code share; none when a product has no BILLUNITS', () => {
    // J9041 has one product of 35 x 0.1 mg = 3.5 mg.
    const u = descriptorAmount({ amount: '0.1', unit: 'mg' });
    expect(facts({ hcpcs: 'J9041', code: testCatalog.code('J9041') }, u).containerContent?.value.toString()).toBe('3.5');
    // J0100 has 100 mg and 400 mg vials: no one size.
    const u100 = descriptorAmount({ amount: '100', unit: 'mg' });
    expect(facts({ hcpcs: 'J0100', code: testCatalog.code('J0100') }, u100).containerContent).toBeUndefined();
    // A product with no BILLUNITS leaves the shared size unknown too (and is not read as a size).
    const partial = new CatalogIndex({ quarter: 'test', codes: [testCatalog.code('J5555')!], products: [{ ndc: '1', hcpcs: 'J5555' }, { ndc: '2', hcpcs: 'J5555', billUnits: '1' }] });
    expect(containerFacts(drug({}), mg10, defaultBillingSettings, partial).containerContent).toBeUndefined();
  });
});

describe('liquid or not, and the concentration', () => {
  it.each([
    ['Powder for solution for injection', false],
    ['Lyophilized powder', false],
    ['Solution for injection', true],
    ['Injectable suspension', true],
    ['Liquid', true],
    ['Injectable emulsion', true],
    ['Tablet', undefined],
  ])('Medication.form.text %j -> liquid %s', (text, liquid) => {
    expect(facts({ medication: med({ form: { text } }) }).liquid).toBe(liquid);
  });

  it('the form may be named only in a coding display, or in neither; a null coding is skipped', () => {
    expect(facts({ medication: med({ form: { coding: [{ code: 'x', display: 'Injection, SOLUTION' }] } }) }).liquid).toBe(true);
    expect(facts({ medication: med({ form: { coding: [null as never, { display: 'powder' }] } }) }).liquid).toBe(false);
    expect(facts({ medication: undefined }).liquid).toBeUndefined();
  });

  it.each([
    ['10 mL in 1 VIAL', true],
    ['1 VIAL in 1 CARTON > 10ML in 1 VIAL', true],
    ['2 ML in 1 SYRINGE', true],
    ['1 VIAL in 1 CARTON', undefined],
    ['100 MG in 1 VIAL', undefined],
  ])('package text %j -> liquid %s', (ndcDisplay, liquid) => {
    expect(facts({ ndcDisplay }).liquid).toBe(liquid);
  });

  it.each([
    ['10', true], // PKG SIZE other than 1 is mL
    ['1', undefined], // 1 is the count CMS gives powders
    ['0', undefined],
    ['-10', undefined],
  ])('crosswalk PKG SIZE %s with no liquid flag -> liquid %s', (packageSize, liquid) => {
    expect(facts({ product: { ndc: '1', hcpcs: 'J5555', billUnits: '1', packageSize } }).liquid).toBe(liquid);
  });

  it('a liquid row: the PKG SIZE is the mL of one container, and content / mL is the concentration', () => {
    // Opdivo 100 mg / 10 mL: BILLUNITS 100 of a 1 mg code.
    const u1 = descriptorAmount({ amount: '1', unit: 'mg' });
    const f = facts({ hcpcs: 'J9299', product: testCatalog.productsOfCode('J9299')[0] }, u1);
    expect(f.containerVolumeMl?.toString()).toBe('10');
    expect(f.perMl?.value.toString()).toBe('10');
  });

  it('a powder row has no container volume and no concentration, whatever its PKG SIZE', () => {
    const f = facts({ product: { ndc: '1', hcpcs: 'J5555', billUnits: '1', packageSize: '1', liquid: false } });
    expect(f.containerVolumeMl).toBeUndefined();
    expect(f.perMl).toBeUndefined();
  });

  it('a liquid row with a PKG SIZE of 0 or below has no container volume and no concentration from it', () => {
    for (const packageSize of ['0', '-10']) {
      const f = facts({ product: { ndc: '1', hcpcs: 'J5555', billUnits: '1', packageSize, liquid: true } });
      expect(f.containerVolumeMl).toBeUndefined();
      expect(f.perMl).toBeUndefined();
    }
  });

  it('a liquid known from the Medication form alone, with no crosswalk row, has no container volume', () => {
    const f = facts({ medication: med({ form: { text: 'solution' } }) });
    expect(f.liquid).toBe(true);
    expect(f.containerVolumeMl).toBeUndefined();
  });

  it.each([
    ['25 mg per 1 mL', { numerator: mg(25), denominator: ml(1) }, '25'],
    ['50 mg per 2 mL', { numerator: mg(50), denominator: ml(2) }, '25'],
    ['0 mg per mL', { numerator: mg(0), denominator: ml(1) }, undefined],
    ['units for a mg code', { numerator: { value: 5, code: '[iU]' }, denominator: ml(1) }, undefined],
    ['mg per 0 mL', { numerator: mg(25), denominator: ml(0) }, undefined],
    ['mg per vial, not per mL', { numerator: mg(25), denominator: { value: 1, code: 'vial' } }, undefined],
    ['no denominator', { numerator: mg(25) }, undefined],
    ['no numerator', { denominator: ml(1) }, undefined],
  ])('ingredient strength %s -> %s mg per mL', (_label, strength, perMl) => {
    expect(facts({ medication: med({ ingredient: [{ itemCodeableConcept: { text: 'x' }, strength }] }) }).perMl?.value.toString()).toBe(perMl);
  });

  it('no concentration from an ingredient without a strength, a missing ingredient, or several ingredients', () => {
    expect(facts({ medication: med({ ingredient: [{ itemCodeableConcept: { text: 'x' } }] }) }).perMl).toBeUndefined();
    expect(facts({ medication: med({ ingredient: [null as never] }) }).perMl).toBeUndefined();
    const strength = { numerator: mg(25), denominator: ml(1) };
    const two = med({ ingredient: [{ itemCodeableConcept: { text: 'a' }, strength }, { itemCodeableConcept: { text: 'b' }, strength }] });
    expect(facts({ medication: two }).perMl).toBeUndefined();
  });

  it('end to end: a powder (PKG SIZE 1) dosed in mL cannot be billed: no concentration is known', () => {
    const r = run([medication('m', [{ system: NDC, code: '11111-2222-33' }]), admin({ id: 'a1', med: 'm', dose: 2, unit: 'mL', route: 'iv' })]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(codes(r)).toContain('dose-unconvertible');
  });
});

describe('facts are computed again when what they were read from changes (same Medication object)', () => {
  it('a different package text on the same Medication gives a different container type', () => {
    const m = med({});
    expect(facts({ medication: m, code: undefined, ndcDisplay: '1 VIAL, SINGLE-DOSE in 1 CARTON' }).containerType).toBe('single-dose');
    expect(facts({ medication: m, code: undefined, ndcDisplay: '1 VIAL, MULTI-DOSE in 1 CARTON' }).containerType).toBe('multi-dose');
  });

  it('a different code, crosswalk row, override, descriptor or catalog on the same Medication is read afresh', () => {
    const m = med({});
    const rowA: NdcProduct = { ndc: '1', hcpcs: 'J5555', billUnits: '1', containerType: 'single-dose' };
    const rowB: NdcProduct = { ndc: '1', hcpcs: 'J5555', billUnits: '3', containerType: 'single-dose' };
    expect(facts({ medication: m, product: rowA }).containerContent?.value.toString()).toBe('10');
    expect(facts({ medication: m, product: rowB }).containerContent?.value.toString()).toBe('30');
    expect(facts({ medication: m, product: rowB }, descriptorAmount({ amount: '1', unit: 'mg' })).containerContent?.value.toString()).toBe('3');
    expect(facts({ medication: m, hcpcs: 'J6666', product: rowB }).containerType).toBe('single-dose');
    const settings = { ...defaultBillingSettings, containerType: { J6666: 'multi-dose' as const } };
    expect(containerFacts(drug({ medication: m, hcpcs: 'J6666', product: rowB }), mg10, settings, testCatalog).containerType).toBe('multi-dose');
  });
});

describe('doses in containers', () => {
  it('end to end: 2 vials of a 100 mg single-dose product for a 100 mg code fill them: J0100-JZ x 2', () => {
    const r = run([medication('m', [{ system: NDC, code: '22222-3333-44' }]), admin({ id: 'a1', med: 'm', dose: 2, unit: 'vial', route: 'iv' })]);
    expect(compact(r, 'drug')).toEqual(['J0100-JZ x2']);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 2, unit: 'UN' });
  });

  it('the content of a single container is a Big (exact): 0.1 mg x 35 is 3.5, not 3.5000000000000004', () => {
    const u = descriptorAmount({ amount: '0.1', unit: 'mg' });
    expect(facts({ hcpcs: 'J9041', product: testCatalog.productsOfCode('J9041')[0] }, u).containerContent?.value.eq(new Big('3.5'))).toBe(true);
  });
});
