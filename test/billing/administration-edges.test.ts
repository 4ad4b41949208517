// Administration codes at the edges docs/billing-rules.md section 5 names and other tests leave out: an additional
// chemotherapy push of a new drug (96411) and of the same drug (no office code), an intravitreal injection whose eye
// is not recorded, eyes written as text, and injections of one kind on different days.
import type { CodeableConcept } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { admin, codes, compact, medication, NDC, run } from './fixtures';

const t = (hhmm: string, day = '2026-03-02') => `${day}T${hhmm}:00-05:00`;
// Bortezomib 3.5 mg and Opdivo 100 mg single-dose vials, both chemotherapy; whole vials need no waste record.
const bortezomib = medication('bz', [{ system: NDC, code: '63020-0049-01' }]);
const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3774-12' }]);
const push = (id: string, med: string, dose: number, start: string) => admin({ id, med, dose, route: 'iv', start: t(start), end: t(start.replace(/:(\d\d)$/, (_, m: string) => `:${String(Number(m) + 10).padStart(2, '0')}`)) });

describe('chemotherapy pushes (96409 initial, 96411 each additional new drug)', () => {
  it('two chemo pushes of different drugs: 96409 + 96411', () => {
    const r = run([bortezomib, opdivo, push('a1', 'bz', 3.5, '09:00'), push('a2', 'opdivo', 100, '09:30')]);
    expect(compact(r, 'administration')).toEqual(['96409 x1', '96411 x1']);
    expect(r.lines.find((l) => l.code === '96411')).toMatchObject({ sources: ['MedicationAdministration/a2'], pairedWith: ['J9299'], rule: 'admin.iv.push-additional' });
  });

  it('a second chemo push of the same drug has no office code, and says so', () => {
    const r = run([bortezomib, push('a1', 'bz', 3.5, '09:00'), push('a2', 'bz', 3.5, '09:30')]);
    expect(compact(r, 'administration')).toEqual(['96409 x1']);
    expect(compact(r, 'drug')).toEqual(['J9041-JZ x70']);
    expect(r.findings.find((f) => f.code === 'administration-not-billed')).toMatchObject({ severity: 'info', resources: ['MedicationAdministration/a2'] });
  });
});

describe('intravitreal injections (67028)', () => {
  const lucentis = medication('luc', [{ system: NDC, code: '50242-0080-01' }]);
  const inject = (id: string, site?: CodeableConcept, start = '10:00') =>
    admin({
      id,
      med: 'luc',
      start: t(start),
      extra: {
        dosage: {
          route: { coding: [{ system: 'http://snomed.info/sct', code: '418401004' }] },
          ...(site ? { site } : {}),
          dose: { value: 0.5, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
        },
      },
    });

  it('no eye recorded: 67028 x1 with no modifier, and eye-missing asks for it', () => {
    const r = run([lucentis, inject('a1')]);
    expect(compact(r, 'administration')).toEqual(['67028 x1']);
    expect(r.findings.find((f) => f.code === 'eye-missing')).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1'] });
  });

  it.each([
    ['Right eye', ['67028-RT x1']],
    ['left eye', ['67028-LT x1']],
    ['Both eyes', ['67028-50 x1']],
    ['bilateral', ['67028-50 x1']],
  ])('an eye written as text, %j -> %j', (text, expected) => {
    expect(compact(run([lucentis, inject('a1', { text })]), 'administration')).toEqual(expected);
  });

  it('an eye named only in a coding display is read too', () => {
    expect(compact(run([lucentis, inject('a1', { coding: [{ system: 'http://example.org', code: 'x', display: 'Left eye' }] })]), 'administration')).toEqual(['67028-LT x1']);
  });

  it('a right eye and a left eye on different days are not both eyes', () => {
    const r = run([lucentis, inject('a1', { coding: [{ system: 'http://snomed.info/sct', code: '18944008' }] }), { ...inject('a2', { coding: [{ system: 'http://snomed.info/sct', code: '8966001' }] }), effectiveDateTime: t('10:00', '2026-03-03') }]);
    expect(compact(r, 'administration').sort()).toEqual(['67028-LT x1', '67028-RT x1']);
    expect(codes(r)).not.toContain('eye-missing');
  });
});

describe('SC/IM injections: one unit per injection, by class', () => {
  it('two heparin-like SC injections of a therapeutic drug on one day -> 96372 x2, naming both', () => {
    const m = medication('m', [{ system: NDC, code: '33333-4444-55' }]);
    const r = run([m, admin({ id: 'a1', med: 'm', dose: 5, route: 'sc' }), admin({ id: 'a2', med: 'm', dose: 5, route: 'sc', start: t('15:00') })]);
    expect(compact(r, 'administration')).toEqual(['96372 x2']);
    expect(r.lines.find((l) => l.code === '96372')!.sources).toEqual(['MedicationAdministration/a1', 'MedicationAdministration/a2']);
  });
});
