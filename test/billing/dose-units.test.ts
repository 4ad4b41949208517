// Every entry of the engine's dose-unit table is checked against the UCUM library, which is too big for the
// browser bundle but is the authority on what a unit code means.
import ucum from '@lhncbc/ucum-lhc';
import { describe, expect, it } from 'vitest';
import { DOSE_UNITS, UCUM_EQUIVALENT } from '../../src/billing/dose-units';

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
