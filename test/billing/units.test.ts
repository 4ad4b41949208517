import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { additionalHours } from '../../src/billing/administration';
import { administeredUnits, amountOf, descriptorAmount, inDescriptorDimension, wholeUnits } from '../../src/billing/units';
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

describe('a dose in the descriptor dimension: inDescriptorDimension, also used by the waste form', () => {
  const mass = (v: string) => ({ value: new Big(v), dimension: 'mass' as const });
  const u10mg = mass('10');
  const perVial = { value: new Big('1'), dimension: 'container' as const };

  it('a dose in mL through the concentration: 2 mL of 25 mg/mL is 50 mg', () => {
    const r = inDescriptorDimension({ value: new Big('2'), dimension: 'volume' }, u10mg, { perMl: mass('25') });
    expect(r.ok && r.amount).toEqual({ value: new Big('50'), dimension: 'mass' });
  });

  it('a dose in containers through the content of one: 2 vials of 100 mg are 200 mg', () => {
    const r = inDescriptorDimension({ value: new Big('2'), dimension: 'container' }, u10mg, { containerContent: mass('100') });
    expect(r.ok && r.amount).toEqual({ value: new Big('200'), dimension: 'mass' });
  });

  it('a "per vial" code counts the containers a mass dose fills: 250 mg of 100 mg vials is 2.5 vials', () => {
    const r = inDescriptorDimension(mass('250'), perVial, { containerContent: mass('100') });
    expect(r.ok && r.amount).toEqual({ value: new Big('2.5'), dimension: 'container' });
  });

  it('a concentration or content in another dimension converts nothing', () => {
    const units = { value: new Big('5'), dimension: 'unit' as const };
    // A mass dose for a units code, with a concentration known: still not convertible (mg are not units).
    const massForUnits = inDescriptorDimension(mass('5'), units, { perMl: units, containerContent: units });
    expect(massForUnits).toEqual({ ok: false, reason: 'a dose in mass units cannot be converted to a descriptor counted in unit' });
    const vialsForUnits = inDescriptorDimension({ value: new Big('1'), dimension: 'container' }, units, { containerContent: mass('100') });
    expect(vialsForUnits.ok).toBe(false);
    const mlThroughUnitsPerMl = inDescriptorDimension({ value: new Big('2'), dimension: 'volume' }, u10mg, { perMl: units });
    expect(mlThroughUnitsPerMl.ok).toBe(false);
    const perVialOfUnits = inDescriptorDimension(mass('250'), perVial, { containerContent: units });
    expect(perVialOfUnits.ok).toBe(false);
    // Nothing known of the containers: doses in or for containers cannot be converted (and do not crash).
    expect(inDescriptorDimension({ value: new Big('1'), dimension: 'container' }, u10mg, {}).ok).toBe(false);
    expect(inDescriptorDimension(mass('250'), perVial, {}).ok).toBe(false);
    // A content in the dose's own dimension divides a dose only for a "per vial" code.
    expect(inDescriptorDimension(mass('250'), units, { containerContent: mass('100') }).ok).toBe(false);
    const mlNoConcentration = inDescriptorDimension({ value: new Big('2'), dimension: 'volume' }, u10mg, { containerContent: mass('100') });
    expect(mlNoConcentration).toEqual({ ok: false, reason: 'the dose is recorded as a volume and no concentration is known for this product' });
  });

  it('a units dose for a units code is taken as it is, whatever the measures', () => {
    const units = (v: string) => ({ value: new Big(v), dimension: 'unit' as const });
    const r = inDescriptorDimension(units('40000'), units('1000'), { perMl: units('10000'), containerContent: units('10000') });
    expect(r.ok && r.amount.value.toString()).toBe('40000');
  });

  it('end to end: a mass dose for a units code is dose-unconvertible, not billed', () => {
    const r = run([
      medication('hep', [{ system: NDC, code: '63323-0540-07' }]),
      admin({ id: 'a1', med: 'hep', dose: 5, unit: 'mg', route: 'sc' }),
    ]);
    expect(compact(r, 'drug')).toEqual([]);
    expect(codes(r)).toContain('dose-unconvertible');
  });
});

describe('reading a FHIR dose: amountOf', () => {
  it('the UCUM code wins over the free-text unit; the text is read when the code is not a dose unit', () => {
    const byCode = amountOf({ value: 100, code: 'ug', unit: 'mg' });
    expect(byCode.ok && byCode.amount).toEqual({ value: new Big('0.1'), dimension: 'mass' });
    const byText = amountOf({ value: 100, code: 'xyz', unit: 'mcg' });
    expect(byText.ok && byText.amount).toEqual({ value: new Big('0.1'), dimension: 'mass' });
    const grams = amountOf({ value: 1.5, code: 'g' });
    expect(grams.ok && grams.amount.value.toString()).toBe('1500');
  });

  it('no value, a non-number or an infinite one, or an unknown unit: not a dose', () => {
    for (const q of [undefined, {}, { value: Number.NaN, code: 'mg' }, { value: Number.POSITIVE_INFINITY, code: 'mg' }, { value: '5' as never, code: 'mg' }]) {
      expect(amountOf(q)).toEqual({ ok: false, reason: 'no dose value' });
    }
    expect(amountOf({ value: 5, unit: 'spoon' })).toEqual({ ok: false, reason: 'the unit "spoon" is not a dose unit the engine can bill from' });
    expect(amountOf({ value: 5, code: 'spoon', unit: 'ladle' })).toEqual({ ok: false, reason: 'the unit "spoon" is not a dose unit the engine can bill from' });
    expect(amountOf({ value: 5 })).toEqual({ ok: false, reason: 'the unit "(none)" is not a dose unit the engine can bill from' });
  });

  it('the same descriptor object changed in place is read again', () => {
    const descriptor = { amount: '10', unit: 'mg' as const };
    expect(descriptorAmount(descriptor).value.toString()).toBe('10');
    descriptor.amount = '5';
    expect(descriptorAmount(descriptor).value.toString()).toBe('5');
    (descriptor as { unit: string }).unit = 'mcg';
    expect(descriptorAmount(descriptor)).toEqual({ value: new Big('0.005'), dimension: 'mass' });
  });
});
