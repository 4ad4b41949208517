// Adversarial numbers get lines or a finding, never a crash, a hang or a silent skip (issue 11, "Bad input"). How
// long they take is measured in bench/derive-worst.bench.ts; here, what they derive.
import type { Medication } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { BillingSettings, EncounterResult } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { starterCatalog } from '../../src/catalog/starter';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { adversarialBundle, adversarialEncounters } from '../support/adversarial-bundle';
import { admin, codes, compact, HCPCS, medication, NDC, run, wasteRecord } from './fixtures';

const IV_END = '2026-03-02T10:00:00-05:00';
const SINGLE_DOSE: Partial<BillingSettings> = { containerType: { J9299: 'single-dose' } };
const opdivo = () => medication('opdivo', [{ system: NDC, code: '00003-3774-12' }]); // J9299 1 mg; 100 and 240 mg vials
const ENGINE_FAILURE = /could not be derived/;

function noEngineFailure(r: EncounterResult): void {
  expect(r.findings.map((f) => f.message).join('\n')).not.toMatch(ENGINE_FAILURE);
}

const vialOf = (value: number): Medication['amount'] => ({
  numerator: { value, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
  denominator: { value: 1, unit: 'vial' },
});

describe('huge doses are checked against whole containers, whatever their size', () => {
  it('the adversarial Bundle: 1,900,000 mg, 1,900,003 mg, ... each bills its dose and its 5 mg of waste', () => {
    const out = derive(adversarialBundle({ maxEntries: 64 }), new CatalogIndex(starterCatalog), defaultBillingSettings, { today: '2026-12-31' });
    expect(out.results).toHaveLength(adversarialEncounters(64));
    out.results.forEach((r, i) => {
      noEngineFailure(r);
      expect(compact(r, 'drug')).toEqual([`J9299 x${1_900_000 + 3 * i}`, 'J9299-JW x5']);
      // 7, 40, 100, 120 and 240 mg vials make every total this large: the dose alone would have needed no waste.
      expect(codes(r)).toContain('vial-choice-wasteful');
      expect(codes(r)).not.toContain('waste-inconsistent');
      expect(codes(r)).not.toContain('waste-unchecked');
    });
  });

  it('40,000,003 mg given + 5 mg discarded from 100/240 mg vials is not whole containers (40,000,008 is no multiple of 20)', () => {
    const r = run([opdivo(), admin({ id: 'a1', med: 'opdivo', dose: 40_000_003, route: 'iv', end: IV_END }), wasteRecord('w1', 'a1', 'opdivo', 5)]);
    noEngineFailure(r);
    expect(compact(r, 'drug')).toEqual(['J9299 x40000003', 'J9299-JW x5']);
    expect(r.findings.find((f) => f.code === 'waste-inconsistent')).toMatchObject({ severity: 'warning' });
  });

  it('40,000,000 mg given + 20 mg discarded is whole containers, and the least set is 40,000,000 mg (JW flagged as avoidable)', () => {
    const r = run([opdivo(), admin({ id: 'a1', med: 'opdivo', dose: 40_000_000, route: 'iv', end: IV_END }), wasteRecord('w1', 'a1', 'opdivo', 20)]);
    expect(compact(r, 'drug')).toEqual(['J9299 x40000000', 'J9299-JW x20']);
    expect(codes(r)).not.toContain('waste-inconsistent');
    expect(r.findings.find((f) => f.code === 'vial-choice-wasteful')?.message).toContain('containers holding 40000000 mg');
  });

  it('a dose of 1e15 mg: its line, and the discarded amount checked (1e15 + 10 mg is no multiple of 20 mg)', () => {
    const r = run([opdivo(), admin({ id: 'a1', med: 'opdivo', dose: 1e15, route: 'iv', end: IV_END }), wasteRecord('w1', 'a1', 'opdivo', 10)]);
    noEngineFailure(r);
    expect(compact(r, 'drug')).toEqual(['J9299 x1000000000000000', 'J9299-JW x10']);
    expect(codes(r)).toContain('waste-inconsistent');
  });

  it('a dose of 0.0000001 mg is one unit; with 99.9999999 mg discarded it fills one 100 mg vial exactly', () => {
    const r = run([opdivo(), admin({ id: 'a1', med: 'opdivo', dose: 0.0000001, route: 'iv', end: IV_END }), wasteRecord('w1', 'a1', 'opdivo', 99.9999999)]);
    noEngineFailure(r);
    expect(compact(r, 'drug')).toEqual(['J9299 x1', 'J9299-JW x99']);
    expect(codes(r)).not.toContain('waste-inconsistent');
    const off = run([opdivo(), admin({ id: 'a1', med: 'opdivo', dose: 0.0000001, route: 'iv', end: IV_END }), wasteRecord('w1', 'a1', 'opdivo', 99.9)]);
    expect(codes(off)).toContain('waste-inconsistent');
  });
});

describe('a container size of zero or below in a Medication is no size at all', () => {
  for (const size of [0, -100]) {
    it(`Medication.amount ${size} mg per vial, with a waste record: the lines, and no check against a ${size} mg vial`, () => {
      const med = medication('m', [{ system: HCPCS, code: 'J9299' }], { amount: vialOf(size) });
      const r = run([med, admin({ id: 'a1', med: 'm', dose: 150, route: 'iv', end: IV_END }), wasteRecord('w1', 'a1', 'm', 10)], SINGLE_DOSE);
      noEngineFailure(r);
      expect(compact(r, 'drug')).toEqual(['J9299 x150', 'J9299-JW x10']);
      expect(r.findings.map((f) => f.message).join('\n')).not.toContain(`${size} mg)`);
    });

    it(`Medication.amount ${size} mg per vial, no waste record: waste-undocumented for a container of unknown size`, () => {
      const med = medication('m', [{ system: HCPCS, code: 'J9299' }], { amount: vialOf(size) });
      const r = run([med, admin({ id: 'a1', med: 'm', dose: 150, route: 'iv', end: IV_END })], SINGLE_DOSE);
      noEngineFailure(r);
      expect(compact(r, 'drug')).toEqual([]);
      expect(r.findings.find((f) => f.code === 'waste-undocumented')?.message).toMatch(/unknown size/);
    });
  }

  it('a 100.01 mg vial beside 100 and 240 mg vials cannot be combined within the bound: waste-unchecked, lines kept', () => {
    const med = medication('m', [{ system: HCPCS, code: 'J9299' }], { amount: vialOf(100.01) });
    const r = run([med, admin({ id: 'a1', med: 'm', dose: 150, route: 'iv', end: IV_END }), wasteRecord('w1', 'a1', 'm', 50.02)], SINGLE_DOSE);
    expect(compact(r, 'drug')).toEqual(['J9299 x150', 'J9299-JW x50']);
    expect(r.findings.find((f) => f.code === 'waste-unchecked')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1'] });
    expect(r.claim).not.toBeNull();
  });
});
