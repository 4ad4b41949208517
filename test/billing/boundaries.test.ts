// Each rule guarded on both sides of its boundary (issue 11, item 4), so that moving a boundary by one fails a test:
// the JZ start date (CR 13056: 2023-07-01), the push/infusion boundary (15/16 minutes), additional hours (90/91,
// 150/151), 96368 at most once per encounter, and waste records marked entered-in-error in either form.
import { describe, expect, it } from 'vitest';
import { serviceDateOf } from '../../src/billing/timing';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, codes, compact, HCPCS, medication, NDC, run, wasteRecord } from './fixtures';

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]); // J1745, 100 mg single-dose vials
const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]); // J9299 chemo, 240 mg vial
const unknownContainer = medication('m', [{ system: NDC, code: '11111-2222-34' }]); // J6666, container type unknown
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;
const after = (hhmm: string, minutes: number) => new Date(Date.parse(t(hhmm)) + minutes * 60_000).toISOString();
const multiDose = { containerType: { J1100: 'multi-dose', J2405: 'multi-dose', J1200: 'multi-dose' } } as const;
const dex = medication('dex', [{ system: HCPCS, code: 'J1100' }]);
const zofran = medication('zof', [{ system: HCPCS, code: 'J2405' }]);
const benadryl = medication('ben', [{ system: HCPCS, code: 'J1200' }]);

describe('JZ from 2023-07-01 (CR 13056), the default of the configuration', () => {
  it('the default start date is 2023-07-01', () => {
    expect(defaultBillingSettings.jzRequiredFrom).toBe('2023-07-01');
  });

  it.each([
    ['2023-06-30', ['J1745 x40']],
    ['2023-07-01', ['J1745-JZ x40']],
  ])('400 mg from four full 100 mg vials on %s -> %j', (day, expected) => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', start: `${day}T09:00:00-05:00`, end: `${day}T11:00:00-05:00` })]);
    expect(compact(r, 'drug')).toEqual(expected);
  });

  it.each([
    ['2023-06-30', 'warning', ['J6666 x1']],
    ['2023-07-01', 'error', []],
  ])('container type unknown on %s is a %s', (day, severity, lines) => {
    const r = run([unknownContainer, admin({ id: 'a1', med: 'm', dose: 10, route: 'im', start: `${day}T09:00:00-05:00` })]);
    expect(r.findings.find((f) => f.code === 'container-unknown')?.severity).toBe(severity);
    expect(compact(r, 'drug')).toEqual(lines);
  });

  it('the date of service is the calendar date in the timestamp\'s own zone: 23:30 on 06-30 at -05:00 is before JZ', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 400, route: 'iv', start: '2023-06-30T23:30:00-05:00', end: '2023-07-01T01:00:00-05:00' })]);
    expect(compact(r, 'drug')).toEqual(['J1745 x40']);
  });
});

describe('push or infusion: 15 minutes or less is a push, 16 or more an infusion', () => {
  it.each([
    [14, '96374'],
    [15, '96374'],
    [16, '96365'],
    [17, '96365'],
  ])('therapeutic, %i minutes -> %s', (minutes, expected) => {
    const r = run([dex, admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: after('09:00', minutes) })], multiDose);
    expect(compact(r, 'administration')).toEqual([`${expected} x1`]);
  });

  it.each([
    [15, '96409'],
    [16, '96413'],
  ])('chemotherapy, %i minutes -> %s', (minutes, expected) => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: after('09:00', minutes) })]);
    expect(compact(r, 'administration')).toEqual([`${expected} x1`]);
  });

  it.each([
    [15, ['96365 x1', '96375 x1']],
    [16, ['96365 x1', '96367 x1']],
  ])('a second drug after the initial infusion, %i minutes -> %j', (minutes, expected) => {
    const r = run([
      dex,
      zofran,
      admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: t('09:40') }),
      admin({ id: 'a2', med: 'zof', dose: 8, route: 'iv', start: t('10:00'), end: after('10:00', minutes) }),
    ], multiDose);
    expect(compact(r, 'administration')).toEqual(expected);
  });
});

describe('additional hours: ceil((T - 90) / 60) past 90 minutes', () => {
  it.each([
    [90, []],
    [91, ['96366 x1']],
    [150, ['96366 x1']],
    [151, ['96366 x2']],
  ])('therapeutic infusion of %i minutes -> 96365 + %j', (minutes, extra) => {
    const r = run([dex, admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: after('09:00', minutes) })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', ...extra]);
  });

  it.each([
    [90, []],
    [91, ['96366 x1']],
  ])('a sequential therapeutic infusion of %i minutes adds its own hours: %j', (minutes, extra) => {
    const r = run([
      dex,
      zofran,
      admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: t('09:30') }),
      admin({ id: 'a2', med: 'zof', dose: 8, route: 'iv', start: t('10:00'), end: after('10:00', minutes) }),
    ], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96367 x1', ...extra]);
  });
});

describe('96368 concurrent infusion: at most once per encounter', () => {
  const infusion = (id: string, med: string, start: string, end: string) => admin({ id, med, dose: med === 'ben' ? 50 : 8, route: 'iv', start: t(start), end: t(end) });

  it('one infusion running during another -> 96368 once', () => {
    const r = run([dex, zofran, infusion('a1', 'dex', '09:00', '10:00'), infusion('a2', 'zof', '09:20', '09:50')], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96368 x1']);
  });

  it('two infusions running during the first -> still 96368 once, the second said aloud', () => {
    const r = run([
      dex,
      zofran,
      benadryl,
      infusion('a1', 'dex', '09:00', '10:00'),
      infusion('a2', 'zof', '09:10', '09:50'),
      infusion('a3', 'ben', '09:20', '09:45'),
    ], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96368 x1']);
    expect(r.findings.find((f) => f.code === 'administration-not-billed' && /96368/.test(f.message))?.resources).toEqual(['MedicationAdministration/a3']);
  });

  it('an infusion that starts when the other ends is sequential, not concurrent', () => {
    const r = run([dex, zofran, infusion('a1', 'dex', '09:00', '09:40'), infusion('a2', 'zof', '09:40', '10:20')], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96367 x1']);
  });
});

describe('waste records marked entered-in-error do not count, in either form', () => {
  const infusion = admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: t('11:00') });
  const noteWith = (status: 'current' | 'entered-in-error') => ({
    resourceType: 'DocumentReference',
    id: 'note1',
    status,
    type: { coding: [{ system: 'http://loinc.org', code: '34746-8' }] },
    subject: { reference: 'Patient/p1' },
    content: [{ attachment: { contentType: 'application/json', data: Buffer.from(JSON.stringify(wasteRecord('w1', 'a1', 'remicade', 50))).toString('base64') } }],
  });

  it('a current nurse note (DocumentReference) with 50 mg discarded -> J1745 x35 + JW x5', () => {
    const r = run([remicade, infusion, noteWith('current') as never]);
    expect(compact(r, 'drug')).toEqual(['J1745 x35', 'J1745-JW x5']);
  });

  it('the same nurse note marked entered-in-error -> waste-undocumented, no JW, no line guessed', () => {
    const r = run([remicade, infusion, noteWith('entered-in-error') as never]);
    expect(codes(r)).toContain('waste-undocumented');
    expect(compact(r, 'drug')).toEqual([]);
  });

  it('a waste MedicationAdministration marked entered-in-error -> waste-undocumented', () => {
    const r = run([remicade, infusion, { ...wasteRecord('w1', 'a1', 'remicade', 50), status: 'entered-in-error' as const }]);
    expect(codes(r)).toContain('waste-undocumented');
    expect(compact(r, 'drug')).toEqual([]);
  });
});

describe('the date of service is a day of the calendar (bad input: a month 13, a 30 February)', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2026-02-28', '2026-02-28'],
    ['2026-02-29', undefined],
    ['2026-02-30', undefined],
    ['2000-02-29', '2000-02-29'],
    ['2100-02-29', undefined],
    ['2026-04-30', '2026-04-30'],
    ['2026-04-31', undefined],
    ['2026-06-30', '2026-06-30'],
    ['2026-06-31', undefined],
    ['2026-09-30', '2026-09-30'],
    ['2026-09-31', undefined],
    ['2026-11-30', '2026-11-30'],
    ['2026-11-31', undefined],
    ['2026-03-31', '2026-03-31'],
    ['2026-12-31', '2026-12-31'],
    ['2026-13-01', undefined],
    ['2026-00-10', undefined],
    ['2026-01-00', undefined],
    ['2026-01-31', '2026-01-31'],
    ['2026-01-32', undefined],
  ])('%s -> %s', (day, expected) => {
    expect(serviceDateOf(`${day}T09:00:00-05:00`)).toBe(expected);
    expect(serviceDateOf(day)).toBe(expected);
  });

  it.each([
    ['2026-13-01T09:00:00-05:00', '2026-13-01T09:30:00-05:00'],
    ['2026-02-30T09:00:00-05:00', '2026-02-30T09:30:00-05:00'],
    ['2026-13-01', undefined],
  ])('an IV administration at %s bills nothing and says its date names no day (dose-missing, an error)', (start, end) => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start, end })]);
    expect(r.lines).toEqual([]);
    const missing = r.findings.find((f) => f.code === 'dose-missing');
    expect(missing).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(missing!.message).toContain(`"${start}" names no day of the calendar`);
  });

  it('the day before, 2026-02-28, bills the infusion and its administration code', () => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: '2026-02-28T09:00:00-05:00', end: '2026-02-28T09:30:00-05:00' })]);
    expect(compact(r)).toEqual(['J9299-JZ x240', '96413 x1']);
    expect(r.lines.map((l) => l.serviceDate)).toEqual(['2026-02-28', '2026-02-28']);
  });
});
