// The audit's figures, kept as plain JSON so that the audits of several parts of an export (one per machine or
// batch task) add up into one report (mergeTallies). Every table here is bounded by the number of finding
// codes, drugs, weeks and the fixed length of the worst-encounters list, never by the number of administrations.
import Big from 'big.js';
import type { Severity } from '../billing';
import type { FaultKind, InputFault } from './faults';
import { FAULT_SAMPLES_PER_KIND } from './faults';

export const WORST_ENCOUNTERS = 50;
/** Encounters kept per row of the by-drug, by-location and by-performer tables, worst first. */
export const GROUP_ENCOUNTERS = 10;

export type SeverityCounts = Record<Severity, number>;

export interface AuditTotals {
  patients: number;
  /** Encounters with at least one administration audited. */
  encounters: number;
  /** Encounters with a finding of severity error: no draft claim until it is resolved. */
  encountersBlocked: number;
  /** MedicationAdministration resources audited, waste records not included. */
  administrations: number;
  wasteRecords: number;
  lines: number;
  findings: SeverityCounts;
}

export interface CodeTally {
  severity: Severity;
  count: number;
  encounters: number;
}

/** One row of the report's "by drug", "by location" and "by performer" tables: what is to fix there and its worth. */
export interface GroupTally {
  label: string;
  /** The reference the row stands for ("Location/infusion-2"), '' when none. */
  id: string;
  /** Findings attributed to the row (consequences of other findings are not counted again). */
  findings: number;
  errors: number;
  wasteUndocumented: number;
  wasteUnits: number;
  /** Dollars as a decimal string (big.js), summed without binary floating point. */
  wasteDollars: string;
  /** Encounters with at least one of the row's findings. */
  encounters: number;
  /** The worst of them first, at most GROUP_ENCOUNTERS. */
  worst: EncounterRow[];
}

export interface DrugTally extends GroupTally {
  hcpcs: string;
  administrations: number;
}

/** A finding that only follows from others (Finding.causedBy): counted here, apart, and nowhere else. */
export interface ConsequenceTally {
  count: number;
  /** How often each cause was named. */
  causes: Record<string, number>;
}

export interface WasteTally {
  /** waste-undocumented findings. */
  findings: number;
  /** Of those, how many could be estimated. */
  estimated: number;
  units: number;
  dollars: string;
  /** Estimated in units, but the catalog has no ASP payment limit for the code (load the CMS files). */
  unpriced: number;
  /** Findings that could not be estimated, by reason. */
  notEstimated: Record<string, number>;
}

export interface EncounterRow {
  patient: string;
  encounter: string;
  date: string;
  /** Where, and who gave the drugs with findings: labels, so the report needs nothing else to show them. */
  location: string;
  performers: string[];
  /** HCPCS codes (or names) of the drugs with findings. */
  drugs: string[];
  errors: number;
  warnings: number;
  infos: number;
  codes: string[];
  wasteUnits: number;
  wasteDollars: string;
  lines: number;
}

export interface AuditTally {
  totals: AuditTotals;
  byCode: Record<string, CodeTally>;
  byDrug: Record<string, DrugTally>;
  byLocation: Record<string, GroupTally>;
  byPerformer: Record<string, GroupTally>;
  /** Findings caused by others (nothing-to-bill after an unmapped drug), by code: not in totals or byCode. */
  consequences: Record<string, ConsequenceTally>;
  waste: WasteTally;
  /** Findings per week (the Monday starting it, YYYY-MM-DD; "undated" when the finding has no date). */
  perWeek: Record<string, SeverityCounts>;
  /** The worst encounters first, at most WORST_ENCOUNTERS. */
  worst: EncounterRow[];
  faults: { counts: Partial<Record<FaultKind, number>>; samples: InputFault[] };
}

export function emptyTally(): AuditTally {
  return {
    totals: { patients: 0, encounters: 0, encountersBlocked: 0, administrations: 0, wasteRecords: 0, lines: 0, findings: { error: 0, warning: 0, info: 0 } },
    byCode: {},
    byDrug: {},
    byLocation: {},
    byPerformer: {},
    consequences: {},
    waste: { findings: 0, estimated: 0, units: 0, dollars: '0', unpriced: 0, notEstimated: {} },
    perWeek: {},
    worst: [],
    faults: { counts: {}, samples: [] },
  };
}

export function drugTally(tally: AuditTally, key: string, label: string, hcpcs: string): DrugTally {
  let entry = tally.byDrug[key];
  if (!entry) {
    entry = { ...emptyGroup(label, ''), hcpcs, administrations: 0 };
    tally.byDrug[key] = entry;
  }
  return entry;
}

export function groupTally(table: Record<string, GroupTally>, key: string, label: string, id: string): GroupTally {
  return (table[key] ??= emptyGroup(label, id));
}

function emptyGroup(label: string, id: string): GroupTally {
  return { label, id, findings: 0, errors: 0, wasteUndocumented: 0, wasteUnits: 0, wasteDollars: '0', encounters: 0, worst: [] };
}

/**
 * Adds an encounter to the rows' worst lists, trimming now and then so they stay short. As for the worst
 * encounters, a trimmed list ends with the last encounter it keeps, and one that does not come before it is not
 * added (most encounters, once a list is full: comparing is cheaper than sorting them in).
 */
export class GroupEncounters {
  private readonly last = new WeakMap<GroupTally, EncounterRow>();

  consider(group: GroupTally, row: EncounterRow): void {
    group.encounters++;
    const last = this.last.get(group);
    if (last && compareEncounters(row, last) >= 0) return;
    group.worst.push(row);
    if (group.worst.length < GROUP_ENCOUNTERS * 4) return;
    trimGroup(group);
    this.last.set(group, group.worst[GROUP_ENCOUNTERS - 1]!);
  }
}

function trimGroup(group: GroupTally): void {
  group.worst.sort(compareEncounters);
  group.worst.length = Math.min(group.worst.length, GROUP_ENCOUNTERS);
}

/**
 * Larger amount first. Sorting compares often: the numbers decide unless they are equal as doubles (more than
 * 15 significant digits), and only then are the decimals compared exactly.
 */
function compareDollarsDown(a: string, b: string): number {
  if (a === b) return 0;
  const x = Number(a);
  const y = Number(b);
  return x !== y ? (y > x ? 1 : -1) : new Big(b).cmp(a);
}

/** Money first: the order of the report's tables (then errors, findings, and the label for a stable order). */
export function compareGroups(a: GroupTally, b: GroupTally): number {
  return (
    compareDollarsDown(a.wasteDollars, b.wasteDollars) ||
    b.wasteUnits - a.wasteUnits ||
    b.errors - a.errors ||
    b.findings - a.findings ||
    a.label.localeCompare(b.label)
  );
}

/** Weeks already worked out, by date: an audit's findings fall on a few hundred dates, each converted once. */
const weeks = new Map<string, string>();
const WEEKS_KEPT = 10_000;

/** The Monday of a date's week (ISO 8601 weeks start on Monday), computed in UTC so the machine's zone never matters. */
export function weekOf(date: string): string {
  let week = weeks.get(date);
  if (week === undefined) {
    if (weeks.size >= WEEKS_KEPT) weeks.clear();
    week = mondayOf(date);
    weeks.set(date, week);
  }
  return week;
}

function mondayOf(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return 'undated';
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day.toISOString().slice(0, 10);
}

export function addDollars(a: string, b: Big | string): string {
  return new Big(a).plus(b).toString();
}

/**
 * Worst first: encounters whose claim is blocked (any error), then by the money at stake (undocumented waste in
 * dollars, then units), then by the number of errors and warnings; ties by date and id.
 */
export function compareEncounters(a: EncounterRow, b: EncounterRow): number {
  return (
    Number(b.errors > 0) - Number(a.errors > 0) ||
    compareDollarsDown(a.wasteDollars, b.wasteDollars) ||
    b.wasteUnits - a.wasteUnits ||
    b.errors - a.errors ||
    b.warnings - a.warnings ||
    (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
    (a.encounter < b.encounter ? -1 : a.encounter > b.encounter ? 1 : 0) ||
    (a.patient < b.patient ? -1 : a.patient > b.patient ? 1 : 0)
  );
}

/**
 * Adds encounters to the worst list, trimming now and then so the list stays short. Once trimmed, the list ends
 * with the last encounter it keeps: one that does not come before that one can never enter and is not added.
 */
export class WorstEncounters {
  private last: EncounterRow | undefined;

  constructor(private readonly tally: AuditTally) {}

  consider(row: EncounterRow): void {
    if (this.last && compareEncounters(row, this.last) >= 0) return;
    this.tally.worst.push(row);
    if (this.tally.worst.length < WORST_ENCOUNTERS * 4) return;
    trimWorst(this.tally);
    this.last = this.tally.worst[WORST_ENCOUNTERS - 1];
  }
}

export function trimWorst(tally: AuditTally): void {
  tally.worst.sort(compareEncounters);
  tally.worst.length = Math.min(tally.worst.length, WORST_ENCOUNTERS);
  for (const table of [tally.byDrug, tally.byLocation, tally.byPerformer]) for (const group of Object.values(table)) trimGroup(group);
}

/** Adds b into a (the audits of two parts of one export). */
export function mergeTallies(a: AuditTally, b: AuditTally): AuditTally {
  const t = a.totals;
  const u = b.totals;
  t.patients += u.patients;
  t.encounters += u.encounters;
  t.encountersBlocked += u.encountersBlocked;
  t.administrations += u.administrations;
  t.wasteRecords += u.wasteRecords;
  t.lines += u.lines;
  addSeverities(t.findings, u.findings);
  for (const [code, c] of Object.entries(b.byCode)) {
    const into = (a.byCode[code] ??= { severity: c.severity, count: 0, encounters: 0 });
    into.count += c.count;
    into.encounters += c.encounters;
  }
  for (const [key, d] of Object.entries(b.byDrug)) {
    const into = drugTally(a, key, d.label, d.hcpcs);
    into.administrations += d.administrations;
    addGroup(into, d);
  }
  for (const [key, g] of Object.entries(b.byLocation)) addGroup(groupTally(a.byLocation, key, g.label, g.id), g);
  for (const [key, g] of Object.entries(b.byPerformer)) addGroup(groupTally(a.byPerformer, key, g.label, g.id), g);
  for (const [code, c] of Object.entries(b.consequences)) {
    const into = (a.consequences[code] ??= { count: 0, causes: {} });
    into.count += c.count;
    for (const [cause, n] of Object.entries(c.causes)) into.causes[cause] = (into.causes[cause] ?? 0) + n;
  }
  a.waste.findings += b.waste.findings;
  a.waste.estimated += b.waste.estimated;
  a.waste.units += b.waste.units;
  a.waste.dollars = addDollars(a.waste.dollars, b.waste.dollars);
  a.waste.unpriced += b.waste.unpriced;
  for (const [reason, n] of Object.entries(b.waste.notEstimated)) a.waste.notEstimated[reason] = (a.waste.notEstimated[reason] ?? 0) + n;
  for (const [week, counts] of Object.entries(b.perWeek)) addSeverities((a.perWeek[week] ??= { error: 0, warning: 0, info: 0 }), counts);
  a.worst.push(...b.worst);
  trimWorst(a);
  for (const [kind, n] of Object.entries(b.faults.counts) as [FaultKind, number][]) a.faults.counts[kind] = (a.faults.counts[kind] ?? 0) + n;
  for (const sample of b.faults.samples) {
    if (a.faults.samples.filter((s) => s.kind === sample.kind).length < FAULT_SAMPLES_PER_KIND) a.faults.samples.push(sample);
  }
  return a;
}

function addGroup(into: GroupTally, from: GroupTally): void {
  into.findings += from.findings;
  into.errors += from.errors;
  into.wasteUndocumented += from.wasteUndocumented;
  into.wasteUnits += from.wasteUnits;
  into.wasteDollars = addDollars(into.wasteDollars, from.wasteDollars);
  into.encounters += from.encounters;
  into.worst.push(...from.worst);
  trimGroup(into);
}

function addSeverities(into: SeverityCounts, from: SeverityCounts): void {
  into.error += from.error;
  into.warning += from.warning;
  into.info += from.info;
}
