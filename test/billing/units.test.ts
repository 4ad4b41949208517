import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { additionalHours } from '../../src/billing/administration';
import { administeredUnits, wholeUnits } from '../../src/billing/units';
import { admin, codes, compact, medication, NDC, run, wasteRecord } from './fixtures';

describe('billing units: max(1, ceil(dose / u)) in exact decimals (docs/billing-rules.md section 2)', () => {
  it.each([
    ['6', '10', 2],
    ['50', '200', 4],
    ['0.1', '3.62', 37],
    ['30', '15', 1],
    ['10', '350', 35],
    ['1000', '40000', 40],
    ['1', '100', 100],
    ['0.01', '0.07', 7], // the float trap: 0.07 / 0.01 is 7.000000000000001 in doubles
    ['0.1', '0.3', 3],
    ['50', '0.5', 1], // below one descriptor: one unit
    ['50', '51', 2], // "up to 50 mg": above X rounds up in multiples of X
  ])('u %s, dose %s -> %i units', (u, dose, units) => {
    expect(administeredUnits(new Big(dose), new Big(u))).toBe(units);
  });

  it('rounds waste down', () => {
    expect(wholeUnits(new Big('49.9'), new Big('10'))).toBe(4);
    expect(wholeUnits(new Big('0.3'), new Big('0.1'))).toBe(3);
  });

  it('reads a FHIR dose of 0.07 mg without the float trap, end to end', () => {
    // J9041 bortezomib is 0.1 mg per unit; 0.3 mg from a 3.5 mg vial with 3.2 mg discarded.
    const r = run([
      medication('bz', [{ system: NDC, code: '63020-0049-01' }]),
      admin({ id: 'a1', med: 'bz', dose: 0.3, route: 'sc' }),
      wasteRecord('w1', 'a1', 'bz', 3.2),
    ]);
    expect(compact(r, 'drug')).toEqual(['J9041 x3', 'J9041-JW x32']);
  });

  it('converts mcg, g and units to the descriptor unit', () => {
    const r = run([
      medication('aranesp', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J0881' }]),
      admin({ id: 'a1', med: 'aranesp', dose: 100, unit: 'ug', route: 'sc' }),
    ], { containerType: { J0881: 'multi-dose' } });
    expect(compact(r, 'drug')).toEqual(['J0881 x100']);
    const epo = run([
      medication('epo', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J0885' }]),
      admin({ id: 'a1', med: 'epo', dose: 40000, unit: '[iU]', route: 'sc' }),
    ], { containerType: { J0885: 'multi-dose' } });
    expect(compact(epo, 'drug')).toEqual(['J0885 x40']);
  });

  it('sums doses of one code and NDC on one day before rounding', () => {
    // J0200 is 5 mg per unit, multi-dose: 3 mg + 4 mg = 7 mg -> 2 units, not 1 + 1 per administration... nor 2 + 2.
    const r = run([
      medication('m', [{ system: NDC, code: '33333-4444-55' }]),
      admin({ id: 'a1', med: 'm', dose: 3, route: 'im', start: '2026-03-02T09:00:00-05:00' }),
      admin({ id: 'a2', med: 'm', dose: 4, route: 'im', start: '2026-03-02T15:00:00-05:00' }),
    ]);
    expect(compact(r, 'drug')).toEqual(['J0200 x2']);
    expect(r.lines[0]!.sources).toEqual(['MedicationAdministration/a1', 'MedicationAdministration/a2']);
  });

  it('one code from several NDCs: the units total is ceil(total dose / u), split across the NDC lines', () => {
    // Ondansetron J2405 (1 mg): 2.5 mg from the 4 mg single-dose vial and 0.4 mg from the multi-dose vial on one day.
    const r = run([
      medication('sdv', [{ system: NDC, code: '00409-4755-03' }]),
      medication('mdv', [{ system: NDC, code: '00409-4760-01' }]),
      admin({ id: 'a1', med: 'sdv', dose: 2.5, route: 'im', start: '2026-03-02T09:00:00-05:00' }),
      wasteRecord('w1', 'a1', 'sdv', 1.5),
      admin({ id: 'a2', med: 'mdv', dose: 0.4, route: 'im', start: '2026-03-02T12:00:00-05:00' }),
    ]);
    // ceil(2.9) = 3 in all: 3 on the first NDC, none left for the second; the first vial's 1.5 mg waste is 1 JW unit.
    expect(compact(r, 'drug')).toEqual(['J2405 x3', 'J2405-JW x1']);
    const undocumented = run([
      medication('sdv', [{ system: NDC, code: '00409-4755-03' }]),
      medication('mdv', [{ system: NDC, code: '00409-4760-01' }]),
      admin({ id: 'a1', med: 'mdv', dose: 2.5, route: 'im', start: '2026-03-02T09:00:00-05:00' }),
      admin({ id: 'a2', med: 'sdv', dose: 0.4, route: 'im', start: '2026-03-02T12:00:00-05:00' }),
    ]);
    // The single-dose vial's remainder still needs its record, though its dose adds no unit.
    expect(codes(undocumented)).toContain('waste-undocumented');
  });

  it('converts a dose recorded in mL through the product concentration', () => {
    // Ketorolac 30 mg/mL (J1885, 15 mg): 1 mL = 30 mg = 2 units, the whole vial.
    const r = run([medication('k', [{ system: NDC, code: '63323-0162-01' }]), admin({ id: 'a1', med: 'k', dose: 1, unit: 'mL', route: 'im' })]);
    expect(compact(r, 'drug')).toEqual(['J1885-JZ x2']);
    expect(r.lines[0]!.ndcQuantity).toEqual({ value: 1, unit: 'ML' });
  });
});

describe('additional infusion hours (CPT; CMS RAC issue 0071)', () => {
  it.each([
    [60, 0],
    [90, 0],
    [91, 1],
    [150, 1],
    [151, 2],
    [180, 2],
    [210, 2],
    [211, 3],
  ])('%i minutes -> %i additional hours', (minutes, hours) => {
    expect(additionalHours(minutes)).toBe(hours);
  });
});
