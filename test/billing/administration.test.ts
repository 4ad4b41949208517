import { describe, expect, it } from 'vitest';
import type { MedicationAdministration } from 'fhir/r4';
import { derive } from '../../src/billing/derive';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, codes, compact, context, HCPCS, medication, NDC, procedure, run, wasteRecord } from './fixtures';

const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]);
const keytruda = medication('keytruda', [{ system: NDC, code: '00006-3026-02' }]);
const ondansetron = medication('zofran', [{ system: NDC, code: '00409-4755-03' }]);
const saline = medication('ns', [{ system: NDC, code: '00409-4888-01' }]);
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;

describe('CPT administration pairing (docs/billing-rules.md section 5)', () => {
  it('30-minute chemo infusion -> 96413', () => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') })]);
    expect(compact(r, 'administration')).toEqual(['96413 x1']);
    expect(r.lines.find((l) => l.code === 'J9299')!.pairedWith).toEqual(['96413']);
  });

  it.each([
    [90, []],
    [91, ['96415 x1']],
    [150, ['96415 x1']],
    [151, ['96415 x2']],
  ])('chemo infusion of %i minutes adds %j', (minutes, extra) => {
    const end = new Date(Date.parse(t('09:00')) + minutes * 60_000).toISOString();
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end })]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', ...extra]);
  });

  it('chemo infusion plus an anti-emetic push -> 96413 + 96375, the initial by hierarchy not by clock', () => {
    const r = run([
      ondansetron,
      opdivo,
      admin({ id: 'push', med: 'zofran', dose: 4, route: 'iv', start: t('08:45'), end: t('08:50') }),
      admin({ id: 'chemo', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') }),
    ]);
    expect(compact(r, 'administration').sort()).toEqual(['96375 x1', '96413 x1']);
  });

  it('two sequential chemo infusions -> 96413 + 96417, each with its own additional hours', () => {
    const r = run([
      opdivo,
      keytruda,
      admin({ id: 'a1', med: 'keytruda', dose: 200, route: 'iv', start: t('09:00'), end: t('09:30') }),
      wasteRecord('w1', 'a1', 'keytruda', 0),
      admin({ id: 'a2', med: 'opdivo', dose: 240, route: 'iv', start: t('09:45'), end: t('11:20') }),
    ]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96417 x1', '96415 x1']);
  });

  it('a therapeutic infusion running during another is concurrent: 96368 once, no hours of its own', () => {
    const r = run([
      medication('dex', [{ system: HCPCS, code: 'J1100' }]),
      medication('dex2', [{ system: HCPCS, code: 'J2405' }]),
      admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: t('10:00') }),
      admin({ id: 'a2', med: 'dex2', dose: 8, route: 'iv', start: t('09:20'), end: t('12:00') }),
    ], { containerType: { J1100: 'multi-dose', J2405: 'multi-dose' } });
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96368 x1']);
  });

  it('drugs mixed in one bag are one infusion', () => {
    const r = run([
      medication('dex', [{ system: HCPCS, code: 'J1100' }]),
      medication('dex2', [{ system: HCPCS, code: 'J2405' }]),
      admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: t('09:40') }),
      admin({ id: 'a2', med: 'dex2', dose: 8, route: 'iv', start: t('09:00'), end: t('09:40') }),
    ], { containerType: { J1100: 'multi-dose', J2405: 'multi-dose' } });
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
  });

  it('an IV administration with no stop time is coded as a push and flagged', () => {
    const r = run([ondansetron, admin({ id: 'a1', med: 'zofran', dose: 4, route: 'iv', start: t('09:00') })]);
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
    expect(codes(r)).toContain('infusion-time-missing');
  });

  it('an IV administration recorded with a date and no time of day is coded as a push and flagged', () => {
    const r = run([ondansetron, admin({ id: 'a1', med: 'zofran', dose: 4, route: 'iv', start: '2026-03-02' })]);
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
    expect(r.findings.find((f) => f.code === 'infusion-time-missing')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1'] });
  });

  it('a date-only push after a timed infusion of another drug that day is a sequential push', () => {
    const r = run([
      ondansetron,
      medication('dex', [{ system: HCPCS, code: 'J1100' }]),
      admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: t('09:40') }),
      admin({ id: 'a2', med: 'zofran', dose: 4, route: 'iv', start: '2026-03-02' }),
    ], { containerType: { J1100: 'multi-dose' } });
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96375 x1']);
  });

  it('times that end before they start are flagged, never a crash', () => {
    const r = run([ondansetron, admin({ id: 'a1', med: 'zofran', dose: 4, route: 'iv', start: t('10:00'), end: t('09:00') })]);
    expect(codes(r)).toContain('infusion-time-invalid');
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
  });

  it('a linked Procedure times an administration that has no period of its own', () => {
    const ma: MedicationAdministration = { ...admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00') }), partOf: [{ reference: 'Procedure/pr1' }] };
    const r = run([opdivo, ma, procedure('pr1', '96413', { performedPeriod: { start: t('09:00'), end: t('10:40') } })]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96415 x1']);
    expect(codes(r)).not.toContain('admin-code-mismatch');
  });

  it('a documented administration code that differs from the derived one is a finding for a person', () => {
    const r = run([
      opdivo,
      admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') }),
      procedure('pr1', '96365', { performedPeriod: { start: t('09:00'), end: t('09:30') } }),
    ]);
    expect(r.findings.find((f) => f.code === 'admin-code-mismatch')).toMatchObject({ severity: 'warning' });
    expect(compact(r, 'administration')).toEqual(['96413 x1']);
  });

  it('SC/IM injections: one unit each (two heparin SC injections in a day -> 96372 x2)', () => {
    const heparin = medication('hep', [{ system: NDC, code: '63323-0540-07' }]);
    const r = run([
      heparin,
      admin({ id: 'a1', med: 'hep', dose: 5000, unit: '[iU]', route: 'sc', start: t('09:00') }),
      admin({ id: 'a2', med: 'hep', dose: 5000, unit: '[iU]', route: 'sc', start: t('16:00') }),
    ]);
    expect(compact(r, 'administration')).toEqual(['96372 x2']);
    expect(compact(r, 'drug')).toEqual(['J1644 x10']);
  });

  it('hormonal anti-neoplastic SC -> 96402; chemo SC -> 96401', () => {
    const r = run([
      medication('lupron', [{ system: HCPCS, code: 'J9217' }]),
      medication('bz', [{ system: NDC, code: '63020-0049-01' }]),
      admin({ id: 'a1', med: 'lupron', dose: 7.5, route: 'sc' }),
      admin({ id: 'a2', med: 'bz', dose: 3.5, route: 'sc' }),
    ], { containerType: { J9217: 'single-dose' } });
    expect(compact(r, 'administration').sort()).toEqual(['96401 x1', '96402 x1']);
  });

  it('intravitreal injection: 67028 with RT from the body site; both eyes -> modifier 50, or RT and LT by configuration', () => {
    const lucentis = medication('luc', [{ system: NDC, code: '50242-0080-01' }]);
    const site = (code: string) => ({ extra: { dosage: { route: { coding: [{ system: 'http://snomed.info/sct', code: '418401004' }] }, site: { coding: [{ system: 'http://snomed.info/sct', code }] }, dose: { value: 0.5, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } } } });
    const right = run([lucentis, admin({ id: 'a1', med: 'luc', ...site('18944008') })]);
    expect(compact(right)).toEqual(['J2778-JZ x5', '67028-RT x1']);
    const both = run([lucentis, admin({ id: 'a1', med: 'luc', ...site('40638003') })]);
    expect(compact(both, 'administration')).toEqual(['67028-50 x1']);
    const rtlt = run([lucentis, admin({ id: 'a1', med: 'luc', ...site('40638003') })], { bilateralIntravitreal: 'rt-lt' });
    expect(compact(rtlt, 'administration')).toEqual(['67028-RT x1', '67028-LT x1']);
  });

  it('hydration of 30 minutes or less is not reportable; 45 minutes alone is 96360', () => {
    const short = run([saline, admin({ id: 'a1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('09:30') })]);
    expect(compact(short, 'administration')).toEqual([]);
    const long = run([saline, admin({ id: 'a1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('09:45') })]);
    expect(compact(long, 'administration')).toEqual(['96360 x1']);
  });

  it('fluids running beside a chemo infusion are a carrier, not hydration', () => {
    const r = run([
      saline,
      opdivo,
      admin({ id: 'a1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('09:00'), end: t('10:00') }),
      admin({ id: 'a2', med: 'opdivo', dose: 240, route: 'iv', start: t('09:05'), end: t('09:45') }),
    ]);
    expect(compact(r, 'administration')).toEqual(['96413 x1']);
  });

  it('a missing route drops only the administration code', () => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 240, start: t('09:00'), end: t('09:30') })]);
    expect(compact(r)).toEqual(['J9299-JZ x240']);
    expect(r.findings.find((f) => f.code === 'route-missing')).toMatchObject({ severity: 'error' });
  });
});

describe('pairing details', () => {
  it('a push of a drug already given IV on the encounter is not a new drug (no 96375)', () => {
    const r = run([
      ondansetron,
      admin({ id: 'a1', med: 'zofran', dose: 8, route: 'iv', start: t('09:00'), end: t('09:30') }),
      admin({ id: 'a2', med: 'zofran', dose: 4, route: 'iv', start: t('11:00'), end: t('11:02') }),
    ], { containerType: { '00409475503': 'multi-dose' } });
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
    expect(codes(r)).toContain('administration-not-billed');
  });

  it('without a catalog class, a monoclonal antibody is assumed chemo, denosumab therapeutic, and both are said aloud', () => {
    const catalog = new CatalogIndex({
      quarter: 'cms-only',
      codes: [
        { code: 'Q5103', description: 'Injection, infliximab-dyyb, biosimilar, (inflectra), 10 mg', descriptor: { amount: '10', unit: 'mg' } },
        { code: 'J0897', description: 'Injection, denosumab, 1 mg', descriptor: { amount: '1', unit: 'mg' } },
      ],
      products: [],
    });
    const settings = { ...defaultBillingSettings, containerType: { Q5103: 'single-dose' as const, J0897: 'single-dose' as const } };
    const resources = [
      ...context(),
      medication('q', [{ system: HCPCS, code: 'Q5103' }]),
      medication('d', [{ system: HCPCS, code: 'J0897' }]),
      admin({ id: 'a1', med: 'q', dose: 100, route: 'iv', start: t('09:00'), end: t('11:00') }),
      admin({ id: 'a2', med: 'd', dose: 60, route: 'sc', start: t('12:00') }),
    ];
    const r = derive(bundle(resources), catalog, settings, { today: '2026-03-03' }).results[0]!;
    expect(compact(r, 'administration')).toEqual(['96372 x1', '96413 x1', '96415 x1']);
    expect(r.findings.filter((f) => f.code === 'admin-class-assumed')).toHaveLength(2);
  });
});
