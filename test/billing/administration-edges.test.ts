// Administration codes at the edges docs/billing-rules.md section 5 names and other tests leave out: an additional
// chemotherapy push of a new drug (96411) and of the same drug (no office code), an intravitreal injection whose eye
// is not recorded, eyes written as text, and injections of one kind on different days.
import type { CodeableConcept } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { admin, codes, compact, intravitreal, medication, NDC, run } from './fixtures';

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
  const inject = (id: string, site?: CodeableConcept, start = '10:00') => intravitreal(id, t(start), site);

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

// Therapeutic drugs coded by HCPCS and treated as multi-dose, so only their administration codes matter here.
const dex = medication('dex', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J1100' }]);
const zofran = medication('zof', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J2405' }]);
const multiDose = { containerType: { J1100: 'multi-dose', J2405: 'multi-dose' } } as const;
const opdivo240 = medication('opdivo240', [{ system: NDC, code: '00003-3734-13' }]); // J9299 chemo, 240 mg vial
const iv = (id: string, med: string, dose: number, from: string, to: string) => admin({ id, med, dose, route: 'iv', start: t(from), end: t(to) });
const adminCodes = (...resources: Parameters<typeof run>[0]) => compact(run([dex, zofran, opdivo240, ...resources], multiDose), 'administration');

describe('the initial IV service by hierarchy, whatever order the records come in', () => {
  it('an infusion outranks an earlier push of the same class: 96365 initial, the push 96375', () => {
    const push = iv('p1', 'zof', 4, '09:00', '09:05');
    const infusion = iv('i1', 'dex', 10, '10:00', '10:40');
    expect(adminCodes(push, infusion)).toEqual(['96365 x1', '96375 x1']);
    expect(adminCodes(infusion, push)).toEqual(['96365 x1', '96375 x1']);
  });

  it('among equals the earliest is initial, also when it is recorded last', () => {
    const early = iv('i1', 'dex', 10, '09:00', '09:40');
    const late = iv('i2', 'zof', 4, '10:00', '10:40');
    const r = run([dex, zofran, late, early], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96367 x1']);
    expect(r.lines.find((l) => l.code === '96365')!.sources).toEqual(['MedicationAdministration/i1']);
  });

  it('later events are coded in time order whatever the record order: a push then an infusion of new drugs after a chemo infusion', () => {
    const chemo = iv('c1', 'opdivo240', 240, '08:00', '08:50');
    const push = iv('p1', 'zof', 4, '09:00', '09:05');
    const infusion = iv('i1', 'dex', 10, '09:10', '09:50');
    expect(adminCodes(infusion, push, chemo)).toEqual(['96413 x1', '96375 x1', '96367 x1']);
  });
});

describe('a new drug is one not given IV before on the encounter', () => {
  it('a push repeated after a sequential push has no code of its own', () => {
    const r = run([dex, zofran, iv('i1', 'dex', 10, '09:00', '09:40'), iv('p1', 'zof', 4, '10:00', '10:05'), iv('p2', 'zof', 4, '11:00', '11:05')], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96375 x1']);
    expect(r.findings.find((f) => f.code === 'administration-not-billed')?.resources).toEqual(['MedicationAdministration/p2']);
  });

  it('a sequential infusion of a drug already infused adds no 96367', () => {
    expect(adminCodes(iv('i1', 'dex', 10, '09:00', '09:40'), iv('i2', 'zof', 4, '10:00', '10:40'), iv('i3', 'zof', 4, '11:00', '11:40'))).toEqual(['96365 x1', '96367 x1']);
  });

  it('a bag holding a drug already given and a new one is a sequential infusion of a new drug', () => {
    expect(adminCodes(iv('i1', 'dex', 10, '09:00', '09:40'), iv('b1', 'dex', 10, '10:00', '10:40'), iv('b2', 'zof', 4, '10:00', '10:40'))).toEqual(['96365 x1', '96367 x1']);
  });
});

describe('one bag is the same start and the same stop', () => {
  it('drugs in one bag: one infusion, its class the highest of its drugs, in either order', () => {
    expect(adminCodes(iv('b1', 'dex', 10, '09:00', '10:00'), iv('b2', 'opdivo240', 240, '09:00', '10:00'))).toEqual(['96413 x1']);
    expect(adminCodes(iv('b2', 'opdivo240', 240, '09:00', '10:00'), iv('b1', 'dex', 10, '09:00', '10:00'))).toEqual(['96413 x1']);
  });

  it('the same start but another stop, or the same stop but another start, is two infusions: the second concurrent', () => {
    expect(adminCodes(iv('i1', 'dex', 10, '09:00', '10:00'), iv('i2', 'zof', 4, '09:00', '09:30'))).toEqual(['96365 x1', '96368 x1']);
    expect(adminCodes(iv('i1', 'dex', 10, '09:00', '10:00'), iv('i2', 'zof', 4, '09:30', '10:00'))).toEqual(['96365 x1', '96368 x1']);
  });
});

describe('concurrent infusions (96368: therapeutic only, once, the one that started during another)', () => {
  it('after a chemo initial, of two therapeutic infusions started together the one coded first is sequential, the other concurrent', () => {
    const r = run([dex, zofran, opdivo240, iv('c1', 'opdivo240', 240, '08:00', '08:50'), iv('a', 'dex', 10, '09:00', '10:00'), iv('b', 'zof', 4, '09:00', '09:30')], multiDose);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96367 x1', '96368 x1']);
    expect(r.lines.find((l) => l.code === '96368')!.sources).toEqual(['MedicationAdministration/b']);
  });

  it('of two overlapping therapeutic infusions after the initial, the earlier is sequential and the later concurrent', () => {
    const r = run([dex, zofran, opdivo240, iv('c1', 'opdivo240', 240, '08:00', '08:50'), iv('a', 'dex', 10, '09:00', '10:00'), iv('b', 'zof', 4, '09:30', '10:30')], multiDose);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96367 x1', '96368 x1']);
    expect(r.lines.find((l) => l.code === '96368')!.sources).toEqual(['MedicationAdministration/b']);
  });

  it('a chemo infusion during another chemo infusion is not 96368: it is a sequential chemo infusion (96417)', () => {
    const bortezomibVial = medication('bz', [{ system: NDC, code: '63020-0049-01' }]);
    const r = run([opdivo240, bortezomibVial, iv('c1', 'opdivo240', 240, '09:00', '11:00'), iv('c2', 'bz', 3.5, '09:30', '10:30')]);
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96415 x1', '96417 x1']);
  });
});
