// Display helpers. Times are shown as the EHR recorded them (date and clock time of the timestamp itself),
// so a nurse sees the same 09:00 as on the MAR, whatever zone the browser runs in.
import type { HumanName, Patient } from 'fhir/r4';

export function patientName(patient: Patient | undefined): string {
  const name: HumanName | undefined = patient?.name?.find((n) => n.use === 'official') ?? patient?.name?.[0];
  if (!name) return 'Unnamed patient';
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family].filter(Boolean).join(' ') || 'Unnamed patient';
}

/** "2026-03-02 09:00" from "2026-03-02T09:00:00-05:00". */
export function recordedTime(value: string | undefined): string {
  if (!value) return '';
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(value);
  return match ? [match[1], match[2]].filter(Boolean).join(' ') : value;
}

/** The browser's local time as an ISO 8601 dateTime with its offset ("2026-03-02T10:15:00-05:00"). */
export function localIsoWithOffset(date: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

export function localDate(date: Date): string {
  return localIsoWithOffset(date).slice(0, 10);
}
