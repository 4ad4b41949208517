// derive() holds no state a caller can make stale, and treats its input as read-only (issue 11, item 3): what it
// remembers between calls is checked against the values it was computed from, and a deep-frozen input derives
// exactly as a mutable one does.
import type { Bundle, Medication, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { BillingSettings, DeriveOutput } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { starterCatalog } from '../../src/catalog/starter';
import type { CatalogEntries } from '../../src/catalog/types';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { SAMPLE_CASES, SHARED_RESOURCES } from '../../server/sandbox/samples';
import { adversarialBundle } from '../support/adversarial-bundle';
import { admin, bundle, compact, context, HCPCS, medication, NDC, testCatalog, testEntries, wasteRecord } from './fixtures';

const SETTINGS: BillingSettings = { ...defaultBillingSettings, containerType: { J9299: 'single-dose' } };

function once(resources: Resource[], catalog = testCatalog, settings = SETTINGS) {
  const out = derive(bundle([...context(), ...resources]), catalog, settings, { today: '2026-03-03' });
  return out.results.find((r) => r.encounter === 'Encounter/e1')!;
}

const mgAmount = (value: number): Medication['amount'] => ({
  numerator: { value, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
  denominator: { value: 1, unit: 'vial' },
});

describe('a Medication changed in place between two calls gives the new answer', () => {
  it('the vial size in Medication.amount: 150 mg from 100 mg vials needs a waste record, from 50 mg vials it is exact (JZ)', () => {
    const med = medication('m', [{ system: HCPCS, code: 'J9299' }], { amount: mgAmount(100) });
    const given = admin({ id: 'a1', med: 'm', dose: 150, route: 'iv', end: '2026-03-02T10:00:00-05:00' });
    const first = once([med, given]);
    expect(compact(first, 'drug')).toEqual([]);
    expect(first.findings.find((f) => f.code === 'waste-undocumented')?.message).toContain('2 x 100 mg');
    med.amount = mgAmount(50);
    expect(compact(once([med, given]), 'drug')).toEqual(['J9299-JZ x150']);
    med.amount!.numerator!.value = 100;
    expect(compact(once([med, given]), 'drug')).toEqual([]);
  });

  it('the strength per mL: 5 mL of 10 mg/mL bills 50 units of J9299 (1 mg), of 20 mg/mL 100 units', () => {
    const strength = (mg: number) => [
      { itemCodeableConcept: { text: 'nivolumab' }, strength: { numerator: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' }, denominator: { value: 1, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' } } },
    ];
    const med = medication('opdivo', [{ system: NDC, code: '00003-3774-12' }], { ingredient: strength(10) });
    const given = admin({ id: 'a1', med: 'opdivo', dose: 5, unit: 'mL', route: 'iv', end: '2026-03-02T10:00:00-05:00' });
    const waste = wasteRecord('w1', 'a1', 'opdivo', 50);
    expect(compact(once([med, given, waste]), 'drug')).toEqual(['J9299 x50', 'J9299-JW x50']);
    med.ingredient![0]!.strength!.numerator!.value = 20;
    expect(compact(once([med, given, waste]), 'drug')).toEqual(['J9299 x100', 'J9299-JW x50']);
  });

  it('a container type override changed in the same settings object between two calls', () => {
    const settings: BillingSettings = { ...defaultBillingSettings, containerType: { J9299: 'single-dose' } };
    const med = medication('m', [{ system: HCPCS, code: 'J9299' }], { amount: mgAmount(100) });
    const given = admin({ id: 'a1', med: 'm', dose: 100, route: 'iv', end: '2026-03-02T10:00:00-05:00' });
    expect(compact(once([med, given], testCatalog, settings), 'drug')).toEqual(['J9299-JZ x100']);
    settings.containerType.J9299 = 'multi-dose';
    expect(compact(once([med, given], testCatalog, settings), 'drug')).toEqual(['J9299 x100']);
  });

  it("a catalog code's descriptor changed in place: 95 mg is 95 units of 1 mg, then 10 units of 10 mg", () => {
    const entries: CatalogEntries = structuredClone(testEntries);
    const catalog = new CatalogIndex(entries);
    const med = medication('opdivo', [{ system: NDC, code: '00003-3774-12' }]);
    const resources = [med, admin({ id: 'a1', med: 'opdivo', dose: 95, route: 'iv', end: '2026-03-02T10:00:00-05:00' }), wasteRecord('w1', 'a1', 'opdivo', 5)];
    expect(compact(once(resources, catalog), 'drug')).toEqual(['J9299 x95', 'J9299-JW x5']);
    entries.codes.find((c) => c.code === 'J9299')!.descriptor!.amount = '10';
    // 100 mg opened is 10 units of 10 mg, all of them administered (rounded up): no billable waste.
    expect(compact(once(resources, catalog), 'drug')).toEqual(['J9299-JZ x10']);
  });

  it('a waste record corrected in place: the container check follows the new amount', () => {
    const med = medication('opdivo', [{ system: NDC, code: '00003-3774-12' }]);
    const waste = wasteRecord('w1', 'a1', 'opdivo', 5);
    const resources = [med, admin({ id: 'a1', med: 'opdivo', dose: 95, route: 'iv', end: '2026-03-02T10:00:00-05:00' }), waste];
    expect(once(resources).findings.map((f) => f.code)).not.toContain('waste-inconsistent');
    waste.dosage!.dose!.value = 6;
    expect(once(resources).findings.map((f) => f.code)).toContain('waste-inconsistent');
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function sampleBundle(): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [...SHARED_RESOURCES, ...SAMPLE_CASES.flatMap((c) => c.resources)].map((resource) => ({ resource: structuredClone(resource) })),
  };
}

describe('derive treats its input as read-only', () => {
  const catalog = new CatalogIndex(starterCatalog);
  const cases: [string, () => Bundle][] = [
    ['every sandbox sample patient', sampleBundle],
    ['the adversarial huge-dose Bundle', () => adversarialBundle({ maxEntries: 200 })],
  ];

  it.each(cases)('%s: deep-frozen input derives exactly as a mutable copy does, and is left as it was', (_, make) => {
    const mutable = make();
    const frozen = deepFreeze(make());
    const settings = deepFreeze(structuredClone(defaultBillingSettings));
    const before = JSON.stringify(frozen);
    const fromMutable: DeriveOutput = derive(mutable, catalog, defaultBillingSettings, { today: '2026-11-27' });
    const fromFrozen: DeriveOutput = derive(frozen, catalog, settings, { today: '2026-11-27' });
    // A write to a frozen object throws in strict code; derive would report it as an encounter it could not derive.
    expect(JSON.stringify(fromFrozen)).not.toContain('could not be derived');
    expect(fromFrozen).toEqual(fromMutable);
    expect(JSON.stringify(frozen)).toBe(before);
    expect(JSON.stringify(mutable)).toBe(before);
    expect(fromFrozen.results.some((r) => r.lines.length > 0)).toBe(true);
  });
});
