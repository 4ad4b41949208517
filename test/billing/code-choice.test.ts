// One NDC, several HCPCS codes (docs/billing-rules.md 1.2): narrowed by the Medication's HCPCS coding, then the setting
// (ESRD-only codes never on a practitioner claim), then the route named in the descriptors, then the code of which
// one container is one billing unit; what is left several is drug-ambiguous, naming the candidates.
import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { EncounterResult } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { catalogEntriesFor, catalogOfAnswer } from '../../src/catalog/entries-for';
import { starterCatalog } from '../../src/catalog/starter';
import type { CatalogEntries, HcpcsCode, NdcProduct } from '../../src/catalog/types';
import { admin, codes, compact, context, HCPCS, medication, NDC, runExactly } from './fixtures';

const starter = new CatalogIndex(starterCatalog);
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;

function runWith(catalog: CatalogIndex, resources: Resource[]): EncounterResult {
  return runExactly([...context(), ...resources], {}, catalog);
}

const ambiguity = (r: EncounterResult) => r.findings.find((f) => f.code === 'drug-ambiguous');

describe('ESRD setting (1.2b)', () => {
  it('Epogen (J0885 and Q4081) on an office claim is J0885, 1,000 units per unit', () => {
    const epogen = medication('epo', [{ system: NDC, code: '55513-0478-10' }]);
    const r = runWith(starter, [epogen, admin({ id: 'a1', med: 'epo', dose: 14000, unit: '[iU]', route: 'sc' })]);
    expect(compact(r)).toEqual(['J0885 x14', '96372 x1']);
    expect(r.lines[0]?.explanation).toMatch(/maps to J0885, Q4081; J0885 applies because the other code is for ESRD on dialysis only/);
  });

  it('the browser, deriving from the GET /api/catalog answer for the NDC alone, meets both codes and chooses alike', () => {
    const answer = catalogEntriesFor(starter, { ndcs: ['55513-0478-10'], codes: [] });
    expect(answer.entries.map((e) => e.hcpcs).sort()).toEqual(['J0885', 'Q4081']);
    const epogen = medication('epo', [{ system: NDC, code: '55513-0478-10' }]);
    const r = runWith(new CatalogIndex(catalogOfAnswer(answer)), [epogen, admin({ id: 'a1', med: 'epo', dose: 14000, unit: '[iU]', route: 'sc' })]);
    expect(compact(r)).toEqual(['J0885 x14', '96372 x1']);
  });

  it('Aranesp (J0881 and J0882) on an office claim is J0881, 1 mcg per unit', () => {
    const aranesp = medication('ara', [{ system: NDC, code: '55513-0005-04' }]);
    const r = runWith(starter, [aranesp, admin({ id: 'a1', med: 'ara', dose: 100, unit: 'ug', route: 'sc' })]);
    expect(compact(r)).toEqual(['J0881-JZ x100', '96372 x1']);
  });

  it("the Medication's HCPCS coding comes first: Epogen coded Q4081 is billed Q4081 (100 units per unit)", () => {
    const epogen = medication('epo', [{ system: NDC, code: '55513-0478-10' }, { system: HCPCS, code: 'Q4081' }]);
    const r = runWith(starter, [epogen, admin({ id: 'a1', med: 'epo', dose: 14000, unit: '[iU]', route: 'sc' })]);
    expect(compact(r, 'drug')).toEqual(['Q4081 x140']);
  });
});

describe('container of one billing unit (1.2d): saline bags map to J7030 (1000 cc), J7040 (500 mL), J7050 (250 cc)', () => {
  it.each([
    ['00338-0049-02', 250, 'J7050-JZ x1'],
    ['00338-0049-03', 500, 'J7040-JZ x1'],
    ['00338-0049-04', 1000, 'J7030-JZ x1'],
    ['00338-0017-03', 500, 'J7060-JZ x1'], // D5W: J7060 (500 mL) vs J7070 (1000 cc)
    ['00338-0017-04', 1000, 'J7070-JZ x1'],
  ])('%s, %i mL infused alone for an hour -> %s + 96360', (ndc, volume, line) => {
    const bag = medication('bag', [{ system: NDC, code: ndc }]);
    const r = runWith(starter, [bag, admin({ id: 'a1', med: 'bag', dose: volume, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(compact(r)).toEqual([line, '96360 x1']);
    expect(r.lines[0]?.ndcQuantity).toEqual({ value: volume, unit: 'ML' });
  });
});

// Descriptors and crosswalk rows as the October 2025 CMS files give them (HCPCS long descriptions, BILLUNITS).
const code = (c: string, description: string, descriptor?: HcpcsCode['descriptor']): HcpcsCode => ({
  code: c, description, ...(descriptor ? { descriptor } : {}), addDate: '2000-01-01', administrationClass: 'therapeutic', containerType: 'single-dose',
});
const product = (ndc: string, hcpcs: string, billUnits: string): NdcProduct => ({ ndc, hcpcs, billUnits, containerType: 'single-dose', liquid: true, packageSize: '5' });
const entries: CatalogEntries = {
  quarter: 'test',
  codes: [
    code('J1571', 'Injection, hepatitis b immune globulin (hepagam b), intramuscular, 0.5 ml', { amount: '0.5', unit: 'mL' }),
    code('J1573', 'Injection, hepatitis b immune globulin (hepagam b), intravenous, 0.5 ml', { amount: '0.5', unit: 'mL' }),
    code('90586', 'Bcg vaccine intravesical'),
    code('J0010', 'Injection, test globulin, intramuscular, 1 ml', { amount: '1', unit: 'mL' }),
    code('J0011', 'Injection, test globulin, 1 ml', { amount: '1', unit: 'mL' }),
    code('J0020', 'Injection, test drug, 1 mg', { amount: '1', unit: 'mg' }),
    code('J0021', 'Injection, test drug, per dose'),
    code('J0030', 'Injection, test drug, 1 mg', { amount: '1', unit: 'mg' }),
    code('J0031', 'Injection, test drug, 1 ml', { amount: '1', unit: 'mL' }),
    code('J9030', 'Bcg live intravesical instillation, 1 mg', { amount: '1', unit: 'mg' }),
    ...['J0001', 'J0002', 'J0003', 'J0004', 'J0005'].map((c, i) => code(c, `Injection, test drug ${i}, ${i + 1} mg`, { amount: String(i + 1), unit: 'mg' })),
  ],
  products: [
    product('49591005151', 'J1571', '10'),
    product('49591005151', 'J1573', '10'),
    product('00052060202', '90586', '1'),
    product('88888000011', 'J0010', '1'),
    product('88888000011', 'J0011', '2'),
    product('88888000022', 'J0020', '1'),
    product('88888000022', 'J0021', '5'),
    product('88888000033', 'J0030', '1'),
    product('88888000033', 'J0031', '3'),
    product('88888000044', 'J0020', '1'),
    product('88888000044', 'J0099', '2'), // a code the catalog has no entry for
    product('00052060202', 'J9030', '50'),
    ...['J0001', 'J0002', 'J0003', 'J0004', 'J0005'].map((c) => product('99999000011', c, '2')),
  ],
};
const catalog = new CatalogIndex(entries);

describe('route named in the descriptors (1.2c): Hepagam B J1571 intramuscular, J1573 intravenous', () => {
  const hepagam = medication('hbig', [{ system: NDC, code: '49591-0051-51' }]);
  it.each([
    ['im', 'J1571'],
    ['iv', 'J1573'],
  ] as const)('route %s -> %s', (route, expected) => {
    const r = runWith(catalog, [hepagam, admin({ id: 'a1', med: 'hbig', dose: 5, unit: 'mL', route, start: t('09:00'), end: t('09:05') })]);
    expect(compact(r, 'drug')).toEqual([`${expected}-JZ x10`]);
  });

  it.each([
    ['iv', 'J0011-JZ x4'], // J0010 names intramuscular: ruled out; J0011 names no route
    ['im', 'J0010-JZ x4'], // both fit the route; then the code of which one container is one unit
    [undefined, 'J0010-JZ x4'], // no route recorded: the route rules nothing out
  ] as const)('a descriptor naming another route rules its code out, one naming none stays: route %s -> %s', (route, expected) => {
    const med = medication('g', [{ system: NDC, code: '88888-0000-11' }]);
    const r = runWith(catalog, [med, admin({ id: 'a1', med: 'g', dose: 4, unit: 'mL', route, start: t('09:00'), end: t('09:05') })]);
    expect(compact(r, 'drug')).toEqual([expected]);
  });

  it('no route recorded: both remain, drug-ambiguous naming both', () => {
    const r = runWith(catalog, [hepagam, admin({ id: 'a1', med: 'hbig', dose: 5, unit: 'mL' })]);
    expect(ambiguity(r)?.message).toMatch(/J1571 .*intramuscular.*J1573 .*intravenous/);
    expect(compact(r, 'drug')).toEqual([]);
  });
});

describe('still several (1.2e): drug-ambiguous, never a pick by order', () => {
  it('Tice BCG maps to 90586 ("1 each") and J9030 ("1 mg"): different kinds of quantity, same route -> ambiguous', () => {
    const bcg = medication('bcg', [{ system: NDC, code: '00052-0602-02' }]);
    const r = runWith(catalog, [bcg, admin({ id: 'a1', med: 'bcg', dose: 50, route: 'iv', start: t('09:00'), end: t('09:05') })]);
    expect(ambiguity(r)).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(ambiguity(r)?.message).toMatch(/90586 "Bcg vaccine intravesical"; J9030 "Bcg live intravesical instillation, 1 mg"/);
    expect(r.lines).toEqual(expect.not.arrayContaining([expect.objectContaining({ kind: 'drug' })]));
    expect(r.claim).toBeNull();
  });

  it('a candidate whose descriptor is no quantity cannot be compared by container: ambiguous, not the one-unit code', () => {
    const med = medication('d', [{ system: NDC, code: '88888-0000-22' }]);
    const r = runWith(catalog, [med, admin({ id: 'a1', med: 'd', dose: 1, route: 'sc' })]);
    expect(ambiguity(r)?.message).toMatch(/J0020.*J0021/);
  });

  it('codes counting different kinds of quantity (1 mg, 1 mL) are not compared by container: ambiguous', () => {
    const med = medication('d', [{ system: NDC, code: '88888-0000-33' }]);
    const r = runWith(catalog, [med, admin({ id: 'a1', med: 'd', dose: 1, route: 'sc' })]);
    expect(ambiguity(r)?.message).toMatch(/J0030.*J0031/);
  });

  it('a candidate code the catalog has no entry for is named, never a crash', () => {
    const med = medication('d', [{ system: NDC, code: '88888-0000-44' }]);
    const r = runWith(catalog, [med, admin({ id: 'a1', med: 'd', dose: 1, route: 'sc' })]);
    expect(ambiguity(r)?.message).toMatch(/J0020 "Injection, test drug, 1 mg"; J0099\) and/);
    expect(r.findings.map((f) => f.message).join(' ')).not.toMatch(/could not be derived/);
  });

  it('an NDC that maps to five codes, none one container per unit, is ambiguous naming all five', () => {
    const odd = medication('odd', [{ system: NDC, code: '99999-0000-11' }]);
    const r = runWith(catalog, [odd, admin({ id: 'a1', med: 'odd', dose: 4, route: 'sc' })]);
    for (const c of ['J0001', 'J0002', 'J0003', 'J0004', 'J0005']) expect(ambiguity(r)?.message).toContain(c);
    expect(r.lines).toEqual([]);
  });

  it('a saline bag of no code\'s size (the HCPCS coding names none of its codes) stays ambiguous', () => {
    const entriesWith100mL: CatalogEntries = {
      ...starterCatalog,
      products: [...starterCatalog.products, ...['J7030', 'J7040', 'J7050'].map((c, i) => ({ ...product('00338004901', c, ['0.1', '0.2', '0.4'][i]!), packageSize: '100' }))],
    };
    const bag = medication('bag', [{ system: NDC, code: '00338-0049-01' }, { system: HCPCS, code: 'J7120' }]);
    const r = runWith(new CatalogIndex(entriesWith100mL), [bag, admin({ id: 'a1', med: 'bag', dose: 100, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(codes(r)).toContain('drug-ambiguous');
    expect(ambiguity(r)?.message).toMatch(/J7030.*J7040.*J7050/);
  });
});
