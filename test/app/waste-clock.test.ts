// The clock the waste form's "Discarded at" is typed in (src/ui/clinic-time.ts): the offset recorded on the
// administration, read and written back exactly; the browser's zone only when the record has no offset.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { clinicClockOf, clockLabel, instantOf, isoInClock, recordedOffset, wallClockValue } from '../../src/ui/clinic-time';

beforeAll(() => {
  vi.stubEnv('TZ', 'Europe/Berlin');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('recorded offset', () => {
  it('reads -05:00, +05:30, Z and a time with fractions; a bare date or nothing has none', () => {
    expect(recordedOffset('2026-03-02T11:15:00-05:00')).toBe(-300);
    expect(recordedOffset('2026-03-02T11:15:00+05:30')).toBe(330);
    expect(recordedOffset('2026-03-02T11:15:00.250Z')).toBe(0);
    expect(recordedOffset('2026-03-02')).toBeUndefined();
    expect(recordedOffset(undefined)).toBeUndefined();
  });

  it('the end\'s offset first, then the start\'s; neither: the browser\'s zone, said so in the label', () => {
    expect(clinicClockOf(undefined, '2026-03-02T09:00:00+01:00')).toEqual({ offsetMinutes: 60 });
    expect(clockLabel(clinicClockOf('2026-03-02T11:15:00-05:00'))).toBe('time at the clinic, UTC-05:00');
    expect(clockLabel(clinicClockOf('2026-03-02T11:15:00+05:30'))).toBe('time at the clinic, UTC+05:30');
    expect(clockLabel(clinicClockOf('2026-03-02', undefined))).toBe("your computer's time");
  });
});

describe('typed clock time and instant', () => {
  const clinic = { offsetMinutes: -300 };
  it('an instant shown and saved in the clinic\'s offset, whatever the browser\'s zone', () => {
    const at = new Date('2026-03-02T16:15:40Z');
    expect(wallClockValue(at, clinic)).toBe('2026-03-02T11:15');
    expect(isoInClock(at, clinic)).toBe('2026-03-02T11:15:00-05:00');
    // Across midnight at the clinic.
    expect(wallClockValue(new Date('2026-03-03T03:00:00Z'), clinic)).toBe('2026-03-02T22:00');
  });

  it('a typed value means that clock time at the clinic; the browser\'s zone only without an offset', () => {
    expect(instantOf('2026-03-02T11:15', clinic)?.toISOString()).toBe('2026-03-02T16:15:00.000Z');
    expect(instantOf('2026-03-02T11:15', { browser: true })?.toISOString()).toBe('2026-03-02T10:15:00.000Z'); // Berlin, UTC+1 in March
    expect(isoInClock(instantOf('2026-07-02T11:15', { browser: true })!, { browser: true })).toBe('2026-07-02T11:15:00+02:00');
  });

  it('not a real date and time: undefined, never a shifted or invalid date', () => {
    for (const bad of ['', '2026-02-30T10:00', '2026-13-01T10:00', '2026-03-02T24:00', '2026-03-02T10:60', '2026-03-02 10:00', 'yesterday']) {
      expect(instantOf(bad, clinic), bad).toBeUndefined();
    }
  });
});
