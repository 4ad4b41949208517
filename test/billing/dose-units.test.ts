// Every entry of the engine's dose-unit table is checked against the UCUM library, which is too big for the
// browser bundle but is the authority on what a unit code means. Then how a dose's unit is looked up (exact
// spelling, then lower-cased, spaces trimmed) and which catalog descriptors the engine counts doses in
// (docs/billing-rules.md section 2: a known unit and a plain decimal amount above zero).
import ucum from '@lhncbc/ucum-lhc';
import { describe, expect, it } from 'vitest';
import { descriptorDimension, DOSE_UNITS, doseUnitOf, isDescriptorUnit, isUsableDescriptor, UCUM_EQUIVALENT } from '../../src/billing/dose-units';
import { admin, compact, medication, NDC, run } from './fixtures';

const utils = ucum.UcumLhcUtils.getInstance();
const BASE: Record<string, string> = { mass: 'mg', volume: 'mL' };

describe('dose-unit table against @lhncbc/ucum-lhc', () => {
  for (const [code, unit] of Object.entries(DOSE_UNITS)) {
    if (unit.dimension === 'container') continue; // "vial" is a count the engine turns into content, not a UCUM unit
    const ucumCode = UCUM_EQUIVALENT[code] ?? code;
    it(`${code} (UCUM ${ucumCode}) is a valid UCUM unit`, () => {
      expect(utils.validateUnitString(ucumCode, false).status).toBe('valid');
    });
    const base = BASE[unit.dimension];
    if (base) {
      it(`1 ${code} = ${unit.factor} ${base}`, () => {
        const converted = utils.convertUnitTo(ucumCode, 1, base);
        expect(converted.status).toBe('succeeded');
        expect(converted.toVal).toBeCloseTo(Number(unit.factor), 12);
      });
    } else {
      it(`${code} counts activity units, which UCUM cannot turn into mass`, () => {
        expect(utils.convertUnitTo(ucumCode, 1, 'mg').status).not.toBe('succeeded');
        expect(unit.factor).toBe('1');
      });
    }
  }
});

describe('a dose unit as EHRs write it (doseUnitOf)', () => {
  it.each([
    ['mg', 'mass', '1'],
    ['MG', 'mass', '1'],
    ['Mg', 'mass', '1'],
    [' mg ', 'mass', '1'],
    ['mcg', 'mass', '0.001'],
    ['ML', 'volume', '1'],
    ['Units', 'unit', '1'],
    ['[IU]', 'unit', '1'],
    ['Vials', 'container', '1'],
  ])('%j is %s, factor %s', (code, dimension, factor) => {
    expect(doseUnitOf(code)).toEqual({ dimension, factor });
  });

  it('the exact spelling wins over the lower-cased one: "U" is a unit, "L" a litre', () => {
    expect(doseUnitOf('U')).toEqual({ dimension: 'unit', factor: '1' });
    expect(doseUnitOf('L')).toEqual({ dimension: 'volume', factor: '1000' });
  });

  it.each([[undefined], [''], ['drops'], ['mg/kg'], [' ']])('%j is no dose unit', (code) => {
    expect(doseUnitOf(code)).toBeUndefined();
  });

  it('a code that is not a string (bad input from outside) is no dose unit, never a crash', () => {
    expect(doseUnitOf(5 as unknown as string)).toBeUndefined();
  });
});

describe('a catalog descriptor the engine can count doses in (isUsableDescriptor)', () => {
  it.each([
    ['10', 'mg'],
    ['1', 'mg'],
    ['0.1', 'mg'],
    ['1000', 'unit'],
    ['250', 'mL'],
    ['1', 'vial'],
    ['100', 'mcg'],
    ['1', 'g'],
    ['0.25', 'mg'],
    ['10.5', 'mg'],
  ])('%s %s is usable', (amount, unit) => {
    expect(isUsableDescriptor({ amount, unit })).toBe(true);
  });

  it.each([
    ['0', 'mg', 'zero'],
    ['0.0', 'mg', 'zero written with a decimal'],
    ['-5', 'mg', 'negative'],
    ['five', 'mg', 'not a number'],
    ['1e3', 'mg', 'an exponent'],
    ['.5', 'mg', 'no digit before the point'],
    ['5.', 'mg', 'no digit after the point'],
    ['10 mg', 'mg', 'the unit inside the amount'],
    ['approx 10', 'mg', 'words before the amount'],
    ['1.2.3', 'mg', 'two decimal points'],
    ['', 'mg', 'empty'],
    ['10', 'drops', 'an unknown unit'],
    ['10', 'MG', 'a unit in other letters than the catalog\'s'],
    ['10', 'toString', 'a name every object inherits'],
  ])('%j %s is not usable (%s)', (amount, unit) => {
    expect(isUsableDescriptor({ amount, unit })).toBe(false);
  });

  it('an amount that is not a string, or no descriptor at all, is not usable', () => {
    expect(isUsableDescriptor({ amount: 10, unit: 'mg' })).toBe(false);
    expect(isUsableDescriptor({ unit: 'mg' })).toBe(false);
    expect(isUsableDescriptor(undefined)).toBe(false);
  });

  it('only the six descriptor units are units of a descriptor', () => {
    for (const unit of ['mcg', 'mg', 'g', 'unit', 'mL', 'vial']) expect(isDescriptorUnit(unit)).toBe(true);
    for (const unit of ['ml', 'units', 'hasOwnProperty', '', 7, undefined]) expect(isDescriptorUnit(unit)).toBe(false);
  });

  it('a unit written as a list in a hand-edited catalog (["mg"]) is no unit, though it reads as "mg" when printed', () => {
    expect(isDescriptorUnit(['mg'])).toBe(false);
    expect(isUsableDescriptor({ amount: '10', unit: ['mg'] })).toBe(false);
  });
});

describe('a descriptor unit in its dimension\'s base unit (descriptorDimension)', () => {
  it.each([
    ['mcg', 'mass', '0.001'],
    ['mg', 'mass', '1'],
    ['g', 'mass', '1000'],
    ['unit', 'unit', '1'],
    ['mL', 'volume', '1'],
    ['vial', 'container', '1'],
  ] as const)('%s: %s, factor %s', (unit, dimension, factor) => {
    const d = descriptorDimension(unit);
    expect(d.dimension).toBe(dimension);
    expect(d.factor.toString()).toBe(factor);
  });
});

describe('a dose unit in other letters bills the same through derive()', () => {
  // Remicade (J1745, 10 mg per unit, 100 mg single-dose vials): 400 mg are four full vials, 40 units, JZ.
  const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);
  it.each([['mg'], ['MG'], [' mg'], ['Milligram']])('400 %j of Remicade -> J1745-JZ x40', (unit) => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 400, unit, route: 'iv', start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T11:00:00-05:00' })]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
  });

  it('400 "drops" is no dose the engine can bill: no drug line, dose-unconvertible', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 400, unit: 'drops', route: 'iv', start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T11:00:00-05:00' })]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.findings.map((f) => f.code)).toContain('dose-unconvertible');
  });
});
