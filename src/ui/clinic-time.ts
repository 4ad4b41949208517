// The waste form's "Discarded at" is typed in the clinic's time, the offset the EHR recorded on the administration
// ("2026-11-24T12:10:00-06:00" -> UTC-06:00), not in the browser's zone: the "Given" time beside it is shown as
// recorded, and a nurse whose browser runs in another zone (a remote reviewer, a laptop left on another zone) must
// see and type the same clock. The record is saved with that same offset. Only when the administration carries no
// offset at all (a bare date) does the browser's zone stand in, and the label says so.

/** A clock a datetime-local value is read in: a fixed offset east of UTC in minutes, or the browser's own zone. */
export type ClinicClock = { offsetMinutes: number } | { browser: true };

const OFFSET = /(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|([+-])(\d{2}):(\d{2}))$/;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const MINUTE = 60_000;

/** The offset recorded on a FHIR dateTime with a time, or undefined when it has none (a date alone). */
export function recordedOffset(value: string | undefined): number | undefined {
  const match = value ? OFFSET.exec(value) : null;
  if (!match) return undefined;
  if (match[1] === 'Z') return 0;
  const minutes = Number(match[3]) * 60 + Number(match[4]);
  return match[2] === '-' ? -minutes : minutes;
}

/** The clock of the first recorded time that carries an offset (the administration's end, then its start). */
export function clinicClockOf(...recorded: (string | undefined)[]): ClinicClock {
  for (const value of recorded) {
    const offsetMinutes = recordedOffset(value);
    if (offsetMinutes !== undefined) return { offsetMinutes };
  }
  return { browser: true };
}

/** "UTC-05:00" / "UTC+00:00". */
export function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
}

/** What the field's label adds, so the nurse knows which clock she is typing in. */
export function clockLabel(clock: ClinicClock): string {
  return 'browser' in clock ? "your computer's time" : `time at the clinic, ${offsetText(clock.offsetMinutes)}`;
}

function offsetAt(clock: ClinicClock, date: Date): number {
  return 'browser' in clock ? -date.getTimezoneOffset() : clock.offsetMinutes;
}

/** The instant as an ISO 8601 dateTime in the clock ("2026-03-02T10:15:00-05:00"), seconds dropped. */
export function isoInClock(date: Date, clock: ClinicClock): string {
  const offset = offsetAt(clock, date);
  const shifted = new Date(Math.floor(date.getTime() / MINUTE) * MINUTE + offset * MINUTE);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:00` +
    `${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The value a datetime-local input takes ("2026-03-02T10:15") for an instant, in the clock. */
export function wallClockValue(date: Date, clock: ClinicClock): string {
  return isoInClock(date, clock).slice(0, 16);
}

/**
 * The instant a datetime-local value means in the clock, or undefined when it is not a real date and time
 * ("2026-02-30T10:00", empty, anything a browser without the date picker let through).
 */
export function instantOf(value: string, clock: ClinicClock): Date | undefined {
  const match = WALL_CLOCK.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(asUtc);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  if (!('browser' in clock)) return new Date(asUtc - clock.offsetMinutes * MINUTE);
  const local = new Date(year, month - 1, day, hour, minute);
  return Number.isNaN(local.getTime()) ? undefined : local;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
