// The search window for an encounter's administrations and procedures. EHRs such as Oracle Health cannot search
// MedicationAdministration by encounter (docs/smart-and-stack.md), so the app searches the patient's records in the
// encounter's period and filters by encounter itself. The window is widened by a day on each side, in whole dates,
// so that a server evaluating dates in its own time zone cannot cut off an administration near midnight.
import type { Encounter, Period } from 'fhir/r4';

export interface SearchWindow {
  /** YYYY-MM-DD, inclusive; absent = unbounded. */
  from?: string;
  to?: string;
}

export function searchWindow(encounter: Encounter): SearchWindow {
  const start = datePart(encounter.period?.start);
  const end = datePart(encounter.period?.end);
  return { from: start ? addDays(start, -1) : undefined, to: end ? addDays(end, 1) : undefined };
}

/** "&effective-time=ge2026-03-01&effective-time=le2026-03-03" for a date search parameter. */
export function windowParams(param: string, window: SearchWindow): string {
  return (window.from ? `&${param}=ge${window.from}` : '') + (window.to ? `&${param}=le${window.to}` : '');
}

/** Whether an instant or period lies within the encounter's period (open ends count as unbounded). */
export function withinPeriod(when: { start?: string; end?: string } | string | undefined, period: Period | undefined): boolean {
  const start = typeof when === 'string' ? when : when?.start ?? when?.end;
  if (!start) return false;
  const t = Date.parse(start);
  if (Number.isNaN(t)) return false;
  const from = period?.start ? Date.parse(period.start) : -Infinity;
  const to = period?.end ? Date.parse(period.end) : Infinity;
  return t >= from && t <= to;
}

function datePart(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
