// Times of an administration: date of service, start, stop and minutes.
import type { MedicationAdministration, Procedure } from 'fhir/r4';

export interface Timing {
  /** ISO dateTime of the start as recorded. */
  start: string | undefined;
  /** ISO dateTime of the stop; absent when not recorded. */
  end: string | undefined;
  /** Start and stop as epoch milliseconds, when they are full date-times. */
  startMs: number | undefined;
  endMs: number | undefined;
  /** Whole minutes between start and stop; absent when either is missing or they are out of order. */
  minutes: number | undefined;
  /** True when the stop is before the start. */
  invalid: boolean;
}

/** An IV administration of 15 minutes or less is a push; an infusion needs 16 minutes or more (CPT; RAC 0071). */
export const INFUSION_MINIMUM_MINUTES = 16;

// Built once here: a regular expression literal inside a function is a new object on every call.
const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;
const DATE_TIME_PREFIX = /^\d{4}-\d{2}-\d{2}T/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The date of service is the calendar date of the start in the time zone of its own timestamp
 * (docs/billing-rules.md section 2), so it is read from the string, never through the machine's time zone.
 */
// Mutation testing: dropping the `typeof` check is equivalent: a non-string never matches DATE_PREFIX.
export function serviceDateOf(dateTime: string | undefined): string | undefined {
  if (typeof dateTime !== 'string' || !DATE_PREFIX.test(dateTime)) return undefined;
  const date = dateTime.slice(0, 10);
  // A date that names no day of the calendar (2026-13-01, 2026-02-30) is no date of service: a line dated so would be
  // rejected, and Date.parse reads the one as nothing and the other as a day in March.
  return isCalendarDate(date) ? date : undefined;
}

/** Whether `text` is YYYY-MM-DD naming a day that exists (leap years included). */
export function isCalendarDate(text: string): boolean {
  if (!DATE_ONLY.test(text)) return false;
  return isCalendarDay(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}

function isCalendarDay(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

// Mutation testing: dropping the `typeof` check is equivalent: undefined, read as text, has no date and time.
export function instant(dateTime: string | undefined): number | undefined {
  if (typeof dateTime !== 'string' || !DATE_TIME_PREFIX.test(dateTime)) return undefined;
  const t = Date.parse(dateTime);
  return Number.isNaN(t) ? undefined : t;
}

/** The administration's own times; a linked Procedure's performedPeriod times one that has none. */
export function timingOf(ma: MedicationAdministration, procedures: readonly Procedure[]): Timing {
  let start = ma.effectivePeriod?.start ?? ma.effectiveDateTime;
  let end = ma.effectivePeriod?.end;
  if (!end) {
    const timed = procedures.find((p) => p.performedPeriod?.start && p.performedPeriod.end);
    if (timed) {
      start = start && ma.effectivePeriod?.start ? start : timed.performedPeriod!.start;
      end = timed.performedPeriod!.end;
    }
  }
  const s = instant(start);
  const e = instant(end);
  // Mutation testing: the undefined checks here and the first one on the next line are equivalent (a comparison
  // with undefined is false; an administration with no start has no date of service and never gets here).
  const invalid = s !== undefined && e !== undefined && e < s;
  const minutes = s === undefined || e === undefined || invalid ? undefined : Math.round((e - s) / 60_000);
  return { start, end, startMs: s, endMs: e, minutes, invalid };
}
