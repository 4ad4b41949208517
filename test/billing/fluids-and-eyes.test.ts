// docs/billing-rules.md section 5 (IV fluids and hydration, both eyes, a repeated push) and section 7 (a stopped
// administration with a dose, an administration outside every encounter). Catalog: test/billing/fixtures.ts
// (J7050 saline 250 mL bag, 250 mL per unit, single-dose; J2405 ondansetron 4 mg/2 mL; J2778 ranibizumab 0.5 mg).
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, codes, compact, context, HCPCS, intravitreal, medication, NDC, run, testCatalog, wasteRecord } from './fixtures';

const saline = medication('ns', [{ system: NDC, code: '00409-4888-01' }]);
const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]);
const ondansetron = medication('zofran', [{ system: NDC, code: '00409-4755-03' }]);
const lucentis = medication('luc', [{ system: NDC, code: '50242-0080-01' }]);
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;
const after = (hhmm: string, minutes: number) => new Date(Date.parse(t(hhmm)) + minutes * 60_000).toISOString();

/** A 250 mL bag of saline run alone for `minutes` from 09:00. */
const fluid = (minutes: number, id = 'f1', start = '09:00') => admin({ id, med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t(start), end: after(start, minutes) });

describe('hydration alone: the initial service, 96360 for 31-90 minutes, 96361 per additional hour', () => {
  it.each([
    [30, []],
    [31, ['J7050-JZ x1', '96360 x1']],
    [90, ['J7050-JZ x1', '96360 x1']],
    [91, ['J7050-JZ x1', '96360 x1', '96361 x1']],
    [150, ['J7050-JZ x1', '96360 x1', '96361 x1']],
    [151, ['J7050-JZ x1', '96360 x1', '96361 x2']],
  ])('%i minutes -> %j', (minutes, expected) => {
    const r = run([saline, fluid(minutes)]);
    expect(compact(r)).toEqual(expected);
  });

  it('30 minutes or less bills neither the hydration code nor the fluid, and says why', () => {
    const r = run([saline, fluid(30)]);
    expect(r.lines).toEqual([]);
    expect(r.findings.find((f) => f.code === 'hydration-too-short')).toMatchObject({ severity: 'info', resources: ['MedicationAdministration/f1'] });
  });

  it('a fluid with no stop time cannot be shown to have run 31 minutes: no line, infusion-time-missing', () => {
    const r = run([saline, admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00') })]);
    expect(r.lines).toEqual([]);
    expect(r.findings.find((f) => f.code === 'infusion-time-missing')).toMatchObject({ severity: 'warning' });
  });

  it('the dose of a fluid is the volume infused: 500 mL from two 250 mL bags is J7050-JZ x2, NDC quantity 500 ML', () => {
    const r = run([saline, admin({ id: 'f1', med: 'ns', dose: 500, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(compact(r, 'drug')).toEqual(['J7050-JZ x2']);
    expect(r.lines[0]?.ndcQuantity).toEqual({ value: 500, unit: 'ML' });
  });
});

describe('hydration beside another initial service is secondary: 96361 only', () => {
  // Opdivo 09:00-09:30 is the initial service (96413); the fluid starts when it ends, so it runs by itself.
  const chemo = admin({ id: 'c1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') });
  it.each([
    [30, []],
    [31, ['96361 x1']],
    [45, ['96361 x1']],
    [90, ['96361 x1']],
    [91, ['96361 x2']],
    [95, ['96361 x2']],
    [150, ['96361 x2']],
    [151, ['96361 x3']],
  ])('%i minutes after the chemo -> 96413 + %j', (minutes, hydration) => {
    const r = run([saline, opdivo, chemo, fluid(minutes, 'f1', '09:30')]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', ...hydration]);
    expect(compact(r, 'drug')).toEqual(['J9299-JZ x240', ...(hydration.length ? ['J7050-JZ x1'] : [])]);
  });
});

describe('incidental fluids bill nothing (NCCI ch. XI)', () => {
  it('a fluid running during a drug infusion: no hydration code and no fluid line', () => {
    const r = run([
      saline,
      opdivo,
      admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') }),
      admin({ id: 'c1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:05'), end: t('09:45') }),
    ]);
    expect(compact(r)).toEqual(['J9299-JZ x240', '96413 x1']);
    expect(r.findings.find((f) => f.code === 'fluid-incidental')).toMatchObject({ severity: 'info', resources: ['MedicationAdministration/f1', 'MedicationAdministration/c1'] });
  });

  it('a fluid carrying a drug in the same bag (same start and stop): the drug infusion alone is coded', () => {
    const r = run([
      saline,
      opdivo,
      admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') }),
      admin({ id: 'c1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('10:00') }),
    ]);
    expect(compact(r)).toEqual(['J9299-JZ x240', '96413 x1']);
    expect(r.findings.find((f) => f.code === 'fluid-incidental')?.message).toMatch(/same bag/);
  });

  it('a fluid carrying one drug and overlapping another names the drug in its bag', () => {
    const dex = medication('dex', [{ system: HCPCS, code: 'J1100' }]);
    const r = run([
      saline,
      opdivo,
      dex,
      admin({ id: 'd1', med: 'dex', dose: 10, route: 'iv', start: t('08:50'), end: t('09:20') }),
      admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') }),
      admin({ id: 'c1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('10:00') }),
    ], { containerType: { J1100: 'multi-dose' } });
    const incidental = r.findings.find((f) => f.code === 'fluid-incidental');
    expect(incidental?.message).toMatch(/carried Opdivo|carried nivolumab/i);
    expect(incidental?.resources).toEqual(expect.arrayContaining(['MedicationAdministration/f1', 'MedicationAdministration/c1']));
  });

  it('a fluid beside many infusions names five and counts the rest, so a finding does not grow with the encounter', () => {
    const many = Array.from({ length: 8 }, (_, i) => admin({ id: `c${i}`, med: 'opdivo', dose: 240, route: 'iv', start: t('09:05'), end: after('09:05', 20 + i) }));
    const r = run([saline, opdivo, admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') }), ...many]);
    const incidental = r.findings.find((f) => f.code === 'fluid-incidental');
    expect(incidental?.resources).toHaveLength(1 + 5);
    expect(incidental?.message).toMatch(/ and 3 other infusions:/);
  });

  it.each([
    [15, ['J1100 x10', 'J7050-JZ x1', '96374 x1', '96361 x1']],
    [16, ['J1100 x10', '96365 x1']],
  ])('a drug given for %i minutes during the fluid: a push leaves the fluid hydration, an infusion makes it incidental', (minutes, expected) => {
    const dex = medication('dex', [{ system: HCPCS, code: 'J1100' }]);
    const r = run([
      saline,
      dex,
      admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') }),
      admin({ id: 'd1', med: 'dex', dose: 10, route: 'iv', start: t('09:10'), end: after('09:10', minutes) }),
    ], { containerType: { J1100: 'multi-dose' } });
    expect(compact(r).sort()).toEqual([...expected].sort());
  });

  it('a fluid with no route keeps its line, even a short one: the IV rules wait for the route, and route-missing blocks the claim', () => {
    const r = run([saline, admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', start: t('09:00'), end: t('09:20') })]);
    expect(compact(r)).toEqual(['J7050-JZ x1']);
    expect(codes(r)).toContain('route-missing');
  });

  it('only another IV infusion makes a fluid incidental: an IV push, or a timed SC injection, during it leaves hydration reportable', () => {
    const heparin = medication('hep', [{ system: NDC, code: '63323-0540-07' }]);
    const r = run([
      saline,
      ondansetron,
      heparin,
      fluid(60),
      admin({ id: 'z1', med: 'zofran', dose: 4, route: 'iv', start: t('09:10'), end: t('09:15') }),
      admin({ id: 'h1', med: 'hep', dose: 5000, unit: '[iU]', route: 'sc', start: t('09:20'), end: t('09:40') }),
    ]);
    // The therapeutic push ranks above hydration for the initial service (class first), so hydration is secondary.
    expect(compact(r, 'administration')).toEqual(['96372 x1', '96374 x1', '96361 x1']);
    expect(compact(r, 'drug')).toContain('J7050-JZ x1');
    expect(codes(r)).not.toContain('fluid-incidental');
  });

  it('a fluid that ends as the infusion starts does not overlap it: it is hydration (secondary)', () => {
    const r = run([
      saline,
      opdivo,
      admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('08:00'), end: t('09:00') }),
      admin({ id: 'c1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') }),
    ]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96361 x1']);
    expect(codes(r)).not.toContain('fluid-incidental');
  });
});

describe('both eyes at one visit (67028)', () => {
  const eye = (id: string, snomed: string, start = '10:00') => intravitreal(id, t(start), { coding: [{ system: 'http://snomed.info/sct', code: snomed }] });

  it('two records, right eye and left eye, same drug and day: 67028-50 x1 (Medicare default), units summed once', () => {
    const r = run([lucentis, eye('right', '18944008'), eye('left', '8966001', '10:05')]);
    expect(compact(r)).toEqual(['J2778-JZ x10', '67028-50 x1']);
    expect(r.lines.find((l) => l.code === '67028')?.sources).toEqual(['MedicationAdministration/right', 'MedicationAdministration/left']);
  });

  it('the same pair recorded left first is still one bilateral line', () => {
    const r = run([lucentis, eye('left', '8966001'), eye('right', '18944008', '10:05')]);
    expect(compact(r, 'administration')).toEqual(['67028-50 x1']);
  });

  it('configured rt-lt: 67028-RT x1 + 67028-LT x1, each naming its own record', () => {
    const r = run([lucentis, eye('right', '18944008'), eye('left', '8966001', '10:05')], { bilateralIntravitreal: 'rt-lt' });
    expect(compact(r, 'administration')).toEqual(['67028-RT x1', '67028-LT x1']);
    expect(r.lines.filter((l) => l.code === '67028').map((l) => l.sources)).toEqual([['MedicationAdministration/right'], ['MedicationAdministration/left']]);
  });

  it('one record whose site is both eyes (40638003): 67028-50 x1, or RT + LT by configuration', () => {
    expect(compact(run([lucentis, eye('both', '40638003')]), 'administration')).toEqual(['67028-50 x1']);
    expect(compact(run([lucentis, eye('both', '40638003')], { bilateralIntravitreal: 'rt-lt' }), 'administration')).toEqual(['67028-RT x1', '67028-LT x1']);
  });

  it('two right eyes are not both eyes', () => {
    const r = run([lucentis, eye('r1', '18944008'), eye('r2', '18944008', '10:05')]);
    expect(compact(r, 'administration')).toEqual(['67028-RT x1', '67028-RT x1']);
  });
});

describe('a second push of the same drug', () => {
  it('has no office code (96376 is facility only) but its dose counts in the units', () => {
    const r = run([
      ondansetron,
      admin({ id: 'p1', med: 'zofran', dose: 4, route: 'iv', start: t('09:00'), end: t('09:02') }),
      admin({ id: 'p2', med: 'zofran', dose: 4, route: 'iv', start: t('11:00'), end: t('11:02') }),
    ]);
    expect(compact(r)).toEqual(['J2405-JZ x8', '96374 x1']);
    expect(r.findings.find((f) => f.code === 'administration-not-billed')?.resources).toEqual(['MedicationAdministration/p2']);
  });

  it('a push of a new drug after it is still 96375', () => {
    const dex = medication('dex', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J1100' }]);
    const r = run([
      ondansetron,
      dex,
      admin({ id: 'p1', med: 'zofran', dose: 4, route: 'iv', start: t('09:00'), end: t('09:02') }),
      admin({ id: 'p2', med: 'dex', dose: 10, route: 'iv', start: t('09:10'), end: t('09:12') }),
    ], { containerType: { J1100: 'multi-dose' } });
    expect(compact(r, 'administration')).toEqual(['96374 x1', '96375 x1']);
  });
});

describe('section 7: stopped administrations and administrations outside every encounter', () => {
  it('stopped after 100 mg of a 240 mg vial, 140 mg discarded: bills what was given, the rest as JW', () => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 100, route: 'iv', status: 'stopped', start: t('09:00'), end: t('09:20') }), wasteRecord('w1', 'a1', 'opdivo', 140)]);
    expect(compact(r)).toEqual(['J9299 x100', 'J9299-JW x140', '96413 x1']);
  });

  it('stopped with the dose given and no waste record: waste-undocumented, nothing guessed', () => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 100, route: 'iv', status: 'stopped', start: t('09:00'), end: t('09:20') })]);
    expect(codes(r)).toContain('waste-undocumented');
    expect(compact(r, 'drug')).toEqual([]);
  });

  it('stopped before any drug was given (no dose, or 0): not billed', () => {
    for (const dose of [undefined, 0]) {
      const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose, route: 'iv', status: 'stopped', start: t('09:00'), end: t('09:05') })]);
      expect(r.lines).toEqual([]);
      expect(codes(r)).toContain('administration-not-billed');
    }
  });

  it('an administration that names no encounter and falls in none of the patient\'s encounters gets an error finding', () => {
    const outside = admin({ id: 'a9', med: 'opdivo', dose: 240, route: 'iv', start: '2026-03-05T09:00:00-05:00', end: '2026-03-05T09:30:00-05:00' });
    const inside = admin({ id: 'a8', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') });
    delete outside.context;
    delete inside.context;
    const { results } = derive(bundle([...context(), opdivo, outside, inside]), testCatalog, defaultBillingSettings, { today: '2026-03-06' });
    // The one inside e1's period joins it and is billed; the one outside is not billed silently.
    const e1 = results.find((r) => r.encounter === 'Encounter/e1')!;
    expect(compact(e1)).toEqual(['J9299-JZ x240', '96413 x1']);
    const orphan = results.find((r) => r.encounter === null)!;
    expect(orphan.findings.find((f) => f.code === 'encounter-unknown')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a9'] });
    expect(orphan.claim).toBeNull();
  });
});
