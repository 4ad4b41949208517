// Times of an administration (docs/billing-rules.md sections 2 and 5): the date of service read from the timestamp,
// a stop equal to the start, stop before start, and a linked Procedure's performedPeriod timing an administration
// that has no stop of its own.
import type { MedicationAdministration } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { admin, codes, compact, HCPCS, medication, NDC, procedure, run } from './fixtures';

const dex = medication('dex', [{ system: HCPCS, code: 'J1100' }]);
const multiDose = { containerType: { J1100: 'multi-dose' } } as const;
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;

describe('the date of service comes from a date at the start of the timestamp', () => {
  const at = (effectiveDateTime: string): MedicationAdministration => ({ ...admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv' }), effectiveDateTime });
  it('a time that is not a date gives no date of service: dose-missing, no line', () => {
    const r = run([dex, at('yesterday morning')], multiDose);
    expect(compact(r)).toEqual([]);
    expect(r.findings.find((f) => f.code === 'dose-missing')?.resources).toEqual(['MedicationAdministration/a1']);
  });

  it('a date without a time bills the drug on that date', () => {
    const r = run([dex, at('2026-03-02')], multiDose);
    expect(compact(r, 'drug')).toEqual(['J1100 x10']);
    expect(r.lines[0]!.serviceDate).toBe('2026-03-02');
  });
});

describe('start and stop', () => {
  it('a stop equal to the start is 0 minutes, a push, and not a stop before the start', () => {
    const r = run([dex, admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: t('09:00') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
    expect(codes(r)).not.toContain('infusion-time-invalid');
  });

  it('a stop a minute before the start is infusion-time-invalid, coded as a push', () => {
    const r = run([dex, admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv', start: t('09:00'), end: t('08:59') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
    expect(codes(r)).toContain('infusion-time-invalid');
  });

  it('a start recorded as a date alone is no instant: a period from it to a timed stop is not timed (push, infusion-time-missing)', () => {
    // Read as midnight UTC, 2026-03-02 to 11:00 at UTC-5 would be a 16-hour infusion (96365 + 96366 x15).
    const given: MedicationAdministration = { ...admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv' }), effectiveDateTime: undefined, effectivePeriod: { start: '2026-03-02', end: t('11:00') } };
    const r = run([dex, given], multiDose);
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
    expect(codes(r)).toContain('infusion-time-missing');
  });

  it('a fluid whose stop is before its start bills neither hydration nor the fluid', () => {
    const saline = medication('ns', [{ system: NDC, code: '00409-4888-01' }]);
    const r = run([saline, admin({ id: 'f1', med: 'ns', dose: 250, unit: 'mL', route: 'iv', start: t('10:00'), end: t('09:00') })]);
    expect(r.lines).toEqual([]);
    expect(codes(r)).toContain('infusion-time-missing');
  });
});

describe("a linked Procedure's performedPeriod times an administration without a stop", () => {
  const linked = (period: { start?: string; end?: string }) => procedure('pr1', '96365', { performedPeriod: period, partOf: undefined });
  const givenAt = (extra: Partial<MedicationAdministration>) => ({ ...admin({ id: 'a1', med: 'dex', dose: 10, route: 'iv' }), partOf: [{ reference: 'Procedure/pr1' }], ...extra });

  it('a single time on the administration: the Procedure gives start and stop (09:30-11:00, 90 minutes: no additional hour)', () => {
    const r = run([dex, givenAt({ effectiveDateTime: t('09:00') }), linked({ start: t('09:30'), end: t('11:00') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
  });

  it('a period with a start and no stop keeps its own start: 09:00 to the Procedure stop 11:00 is 120 minutes', () => {
    const r = run([dex, givenAt({ effectiveDateTime: undefined, effectivePeriod: { start: t('09:00') } }), linked({ start: t('09:30'), end: t('11:00') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1', '96366 x1']);
  });

  it("the administration's own stop wins over the Procedure's period", () => {
    const r = run([dex, givenAt({ effectiveDateTime: undefined, effectivePeriod: { start: t('09:00'), end: t('09:40') } }), linked({ start: t('09:00'), end: t('11:00') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
  });

  it('of two linked Procedures, the one with both times times it: a single performed time or no time is passed over', () => {
    const untimed = procedure('pr0', '96365', { partOf: undefined });
    const once = procedure('pr2', '96365', { performedDateTime: t('09:10'), partOf: undefined });
    const started = procedure('pr3', '96365', { performedPeriod: { start: t('09:05') }, partOf: undefined });
    const links = { partOf: ['Procedure/pr0', 'Procedure/pr2', 'Procedure/pr3', 'Procedure/pr1'].map((reference) => ({ reference })) };
    const r = run([dex, givenAt({ effectiveDateTime: t('09:00'), ...links }), untimed, once, started, linked({ start: t('09:30'), end: t('11:00') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96365 x1']);
    expect(codes(r)).not.toContain('infusion-time-missing');
  });

  it('a Procedure with a start and no stop times nothing: untimed push', () => {
    const r = run([dex, givenAt({ effectiveDateTime: t('09:00') }), linked({ start: t('09:30') })], multiDose);
    expect(compact(r, 'administration')).toEqual(['96374 x1']);
    expect(codes(r)).toContain('infusion-time-missing');
  });
});
