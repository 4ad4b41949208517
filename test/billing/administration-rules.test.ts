// Administration codes (docs/billing-rules.md section 5) at the places mutation testing of
// src/billing/administration.ts found unguarded: which drugs a line pairs with, both eyes recorded twice on one day,
// a chemotherapy bag that adds a new drug, pushes given at the same minute, an intravitreal drug given by vein, and
// the records an IV timing finding names. Catalog: test/billing/fixtures.ts.
import { describe, expect, it } from 'vitest';
import { admin, compact, HCPCS, intravitreal, medication, NDC, run } from './fixtures';

const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;
const iv = (id: string, med: string, dose: number, from: string, to: string) => admin({ id, med, dose, route: 'iv', start: t(from), end: t(to) });
// Therapeutic drugs coded by HCPCS and treated as multi-dose, so only their administration codes matter here.
const dex = medication('dex', [{ system: HCPCS, code: 'J1100' }]);
const zofran = medication('zof', [{ system: HCPCS, code: 'J2405' }]);
const multiDose = { containerType: { J1100: 'multi-dose', J2405: 'multi-dose' } } as const;
// Chemotherapy in single-dose vials, each dose a whole vial (no waste record needed): Opdivo 240 mg, bortezomib 3.5 mg.
const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]);
const bortezomib = medication('bz', [{ system: NDC, code: '63020-0049-01' }]);
const lucentis = medication('luc', [{ system: NDC, code: '50242-0080-01' }]);

describe('an administration line pairs with every drug it administers', () => {
  it('a bag of two drugs: the one infusion line names both drugs and both records', () => {
    const r = run([dex, zofran, iv('b1', 'dex', 10, '09:00', '09:40'), iv('b2', 'zof', 4, '09:00', '09:40')], multiDose);
    const infusion = r.lines.find((l) => l.code === '96365')!;
    expect(infusion.pairedWith).toEqual(['J1100', 'J2405']);
    expect(infusion.sources).toEqual(['MedicationAdministration/b1', 'MedicationAdministration/b2']);
  });

  it('two SC injections of different drugs on one day: 96372 x2, pairing with both drugs', () => {
    const r = run([
      dex,
      zofran,
      admin({ id: 'a1', med: 'dex', dose: 10, route: 'sc', start: t('09:00') }),
      admin({ id: 'a2', med: 'zof', dose: 4, route: 'im', start: t('10:00') }),
    ], multiDose);
    expect(compact(r, 'administration')).toEqual(['96372 x2']);
    expect(r.lines.find((l) => l.code === '96372')!.pairedWith).toEqual(['J1100', 'J2405']);
  });

  it('one record: the line pairs with its one drug', () => {
    const r = run([dex, iv('a1', 'dex', 10, '09:00', '09:40')], multiDose);
    expect(r.lines.find((l) => l.code === '96365')!.pairedWith).toEqual(['J1100']);
  });
});

describe('both eyes: each right-eye record pairs with its own left-eye record of the same drug and day', () => {
  const eye = (id: string, snomed: string, start: string) => intravitreal(id, t(start), { coding: [{ system: 'http://snomed.info/sct', code: snomed }] });
  const RIGHT = '18944008';
  const LEFT = '8966001';

  it('two right and two left records on one day are two bilateral visits, none left over', () => {
    const r = run([lucentis, eye('l1', LEFT, '10:00'), eye('l2', LEFT, '14:00'), eye('r1', RIGHT, '10:05'), eye('r2', RIGHT, '14:05')]);
    expect(compact(r, 'administration')).toEqual(['67028-50 x1', '67028-50 x1']);
    expect(r.lines.filter((l) => l.code === '67028').map((l) => l.sources)).toEqual([
      ['MedicationAdministration/r1', 'MedicationAdministration/l1'],
      ['MedicationAdministration/r2', 'MedicationAdministration/l2'],
    ]);
  });

  it('two left and one right: one bilateral visit and one left eye', () => {
    const r = run([lucentis, eye('l1', LEFT, '10:00'), eye('l2', LEFT, '14:00'), eye('r1', RIGHT, '10:05')]);
    expect(compact(r, 'administration').sort()).toEqual(['67028-50 x1', '67028-LT x1']);
  });
});

describe('a sequential chemotherapy infusion (96417) needs a new drug', () => {
  it('a bag holding the chemo drug already infused and a new one is a sequential infusion of a new drug', () => {
    const r = run([opdivo, bortezomib, iv('c1', 'opdivo', 240, '08:00', '08:50'), iv('b1', 'opdivo', 240, '09:00', '09:40'), iv('b2', 'bz', 3.5, '09:00', '09:40')]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96417 x1']);
    expect(r.lines.find((l) => l.code === '96417')!.sources).toEqual(['MedicationAdministration/b1', 'MedicationAdministration/b2']);
  });

  it('a second infusion of the same chemo drug adds no 96417, only its own additional hours', () => {
    const r = run([opdivo, iv('c1', 'opdivo', 240, '08:00', '08:50'), iv('c2', 'opdivo', 240, '09:00', '10:35')]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96415 x1']);
  });
});

describe('pushes are never one bag, even at the same minute', () => {
  it('two pushes of different drugs started and stopped together: 96374 + 96375', () => {
    const r = run([dex, zofran, iv('p1', 'dex', 10, '09:00', '09:05'), iv('p2', 'zof', 4, '09:00', '09:05')], multiDose);
    expect(compact(r, 'administration')).toEqual(['96374 x1', '96375 x1']);
    expect(r.lines.find((l) => l.code === '96375')!.sources).toEqual(['MedicationAdministration/p2']);
  });

  it('two pushes at the same minute, neither timed: each coded on its own, both flagged', () => {
    const r = run([dex, zofran, admin({ id: 'p1', med: 'dex', dose: 10, route: 'iv', start: t('09:00') }), admin({ id: 'p2', med: 'zof', dose: 4, route: 'iv', start: t('09:00') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96374 x1', '96375 x1']);
    expect(r.findings.filter((f) => f.code === 'infusion-time-missing').map((f) => f.resources)).toEqual([['MedicationAdministration/p1'], ['MedicationAdministration/p2']]);
  });
});

describe('an intravitreal drug given by vein is coded as a therapeutic drug, not chemotherapy', () => {
  it('ranibizumab infused 40 minutes -> 96365', () => {
    const r = run([lucentis, admin({ id: 'a1', med: 'luc', dose: 0.5, route: 'iv', start: t('09:00'), end: t('09:40') })]);
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
  });

  it('ranibizumab pushed -> 96374', () => {
    const r = run([lucentis, admin({ id: 'a1', med: 'luc', dose: 0.5, route: 'iv', start: t('09:00'), end: t('09:05') })]);
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
  });
});

describe('IV timing findings name the record whose times are wrong or missing', () => {
  it('stops before it starts: infusion-time-invalid on that record, coded as a push', () => {
    const r = run([dex, iv('ok', 'dex', 10, '08:00', '08:40'), iv('bad', 'zof', 4, '10:00', '09:00'), zofran], multiDose);
    expect(r.findings.find((f) => f.code === 'infusion-time-invalid')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/bad'] });
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96375 x1']);
  });

  it('no stop time: infusion-time-missing on that record, coded as a push', () => {
    const r = run([dex, zofran, iv('ok', 'dex', 10, '08:00', '08:40'), admin({ id: 'open', med: 'zof', dose: 4, route: 'iv', start: t('10:00') })], multiDose);
    expect(r.findings.find((f) => f.code === 'infusion-time-missing')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/open'] });
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96375 x1']);
  });
});
