// CPT administration codes (docs/billing-rules.md section 5; CPT as quoted by Noridian; CMS RAC issue 0071):
// one initial IV service per encounter chosen by hierarchy, everything else sequential, concurrent or an
// additional hour; SC/IM and intravitreal injections outside that scheme, one unit per injection.
import type { AdministrationClass } from '../catalog/types';
import { finding } from './findings';
import type { Eye, PreparedAdministration } from './prepare';
import { INFUSION_MINIMUM_MINUTES } from './timing';
import type { BillingLine, BillingSettings, Finding } from './types';

const CPT_SOURCE = 'CPT drug administration guidelines as quoted by Noridian; CMS RAC issue 0071';

type IvClass = 'chemo' | 'therapeutic' | 'hydration';
type Kind = 'push' | 'infusion';

/** One IV service as the pairing sees it: an administration, or the drugs mixed in one bag. */
export interface IvEvent {
  administrations: PreparedAdministration[];
  ivClass: IvClass;
  kind: Kind;
  start: number;
  end: number | undefined;
  minutes: number | undefined;
  drugs: string[];
  serviceDate: string;
}

const CLASS_RANK: Record<IvClass, number> = { chemo: 3, therapeutic: 2, hydration: 1 };

/** Administration codes with the names coders use, for explanations and the claim. */
export const ADMINISTRATION_CODES: Readonly<Record<string, string>> = {
  '96360': 'Hydration IV infusion, initial, 31 minutes to 1 hour',
  '96361': 'Hydration IV infusion, each additional hour',
  '96365': 'Therapeutic IV infusion, initial, up to 1 hour',
  '96366': 'Therapeutic IV infusion, each additional hour',
  '96367': 'Therapeutic IV infusion, additional sequential infusion of a new drug',
  '96368': 'Therapeutic IV infusion, concurrent infusion',
  '96372': 'Therapeutic injection, subcutaneous or intramuscular',
  '96374': 'Therapeutic IV push, single or initial drug',
  '96375': 'Therapeutic IV push, each additional sequential push of a new drug',
  '96401': 'Chemotherapy administration, subcutaneous or intramuscular, non-hormonal',
  '96402': 'Chemotherapy administration, subcutaneous or intramuscular, hormonal anti-neoplastic',
  '96409': 'Chemotherapy administration, IV push, single or initial drug',
  '96411': 'Chemotherapy administration, IV push, each additional drug',
  '96413': 'Chemotherapy administration, IV infusion, up to 1 hour, single or initial drug',
  '96415': 'Chemotherapy administration, IV infusion, each additional hour',
  '96417': 'Chemotherapy administration, IV infusion, each additional sequential infusion',
  '67028': 'Intravitreal injection of a pharmacologic agent',
};

/** Additional hours past the first: 0 up to 90 minutes, then one per started 60 (91 -> 1, 150 -> 1, 151 -> 2). */
// Mutation testing: `minutes < 90` for `<= 90` is equivalent: at exactly 90 the formula gives ceil(0 / 60) = 0 too.
export function additionalHours(minutes: number): number {
  return minutes <= 90 ? 0 : Math.ceil((minutes - 90) / 60);
}

export interface AdministrationLines {
  lines: BillingLine[];
  findings: Finding[];
  /** Derived codes per administration reference, to compare with documented Procedures. */
  codesByAdministration: Map<string, string[]>;
}

export function administrationLines(
  prepared: readonly PreparedAdministration[],
  settings: BillingSettings,
): AdministrationLines {
  const out: AdministrationLines = { lines: [], findings: [], codesByAdministration: new Map() };
  injectionLines(prepared.filter((p) => p.route === 'sc' || p.route === 'im'), out);
  intravitrealLines(prepared.filter((p) => p.route === 'intravitreal'), settings, out);
  ivLines(prepared.filter((p) => p.route === 'iv'), out);
  return out;
}

function emit(out: AdministrationLines, code: string, units: number, events: PreparedAdministration[], rule: string, explanation: string, modifiers: string[] = []): void {
  if (units < 1) return;
  const first = events[0]!;
  out.lines.push({
    kind: 'administration',
    code,
    description: ADMINISTRATION_CODES[code],
    modifiers,
    units,
    serviceDate: first.serviceDate,
    sources: events.map((p) => p.ref),
    rule,
    explanation: `${explanation} (${CPT_SOURCE}).`,
    // Mutation testing: `events.length === 1` made false is equivalent: the drugs of one record, made unique, are
    // that record's one drug (the shortcut spares a Set for the common line).
    pairedWith: events.length === 1 ? [first.drug.hcpcs] : [...new Set(events.map((p) => p.drug.hcpcs))],
  });
  for (const p of events) {
    const codes = out.codesByAdministration.get(p.ref);
    if (codes) codes.push(code);
    else out.codesByAdministration.set(p.ref, [code]);
  }
}

function injectionLines(injections: PreparedAdministration[], out: AdministrationLines): void {
  const byCode = new Map<string, PreparedAdministration[]>();
  for (const p of injections) {
    const code = injectionCode(p.administrationClass);
    const key = `${code}|${p.serviceDate}`;
    const same = byCode.get(key);
    if (same) same.push(p);
    else byCode.set(key, [p]);
  }
  for (const [key, events] of byCode) {
    const code = key.split('|')[0]!;
    emit(out, code, events.length, events, 'admin.injection', `${events.length} subcutaneous/intramuscular injection(s) of ${describeClass(events[0]!.administrationClass)}: one unit per injection`);
  }
}

function injectionCode(cls: AdministrationClass): string {
  if (cls === 'chemo') return '96401';
  if (cls === 'hormonal-antineoplastic') return '96402';
  return '96372';
}

function intravitrealLines(injections: PreparedAdministration[], settings: BillingSettings, out: AdministrationLines): void {
  for (const { eye, records } of eyeVisits(injections)) {
    const first = records[0]!;
    if (!eye) {
      out.findings.push(finding('eye-missing', `The intravitreal injection ${first.ref} does not say which eye was injected, so RT or LT cannot be added to 67028.`, [first.ref]));
      emit(out, '67028', 1, records, 'admin.intravitreal', 'Intravitreal injection, eye not recorded');
    } else if (eye !== 'both') {
      emit(out, '67028', 1, records, 'admin.intravitreal', `Intravitreal injection, ${eye} eye`, [eye === 'right' ? 'RT' : 'LT']);
    } else if (settings.bilateralIntravitreal === 'rt-lt') {
      // Two records: each eye's line names its own; one record for both eyes stands behind both lines.
      const left = records[1] ?? first;
      emit(out, '67028', 1, [first], 'admin.intravitreal', 'Intravitreal injection of both eyes, right eye line (payer asks for RT and LT lines)', ['RT']);
      emit(out, '67028', 1, [left], 'admin.intravitreal', 'Intravitreal injection of both eyes, left eye line', ['LT']);
    } else {
      emit(out, '67028', 1, records, 'admin.intravitreal', 'Intravitreal injection, both eyes: one line with modifier 50 (Medicare)', ['50']);
    }
  }
}

/**
 * One entry per injected visit of an eye, except that a right-eye and a left-eye injection of the same drug on the
 * same day are both eyes, like one record whose site is both eyes (SNOMED 40638003): records [right, left].
 */
function eyeVisits(injections: PreparedAdministration[]): { eye: Eye | undefined; records: PreparedAdministration[] }[] {
  // Left eyes waiting for a partner, by drug and day, so pairing stays linear in the number of injections.
  const lefts = new Map<string, PreparedAdministration[]>();
  for (const p of injections) {
    if (p.eye !== 'left') continue;
    const key = `${p.drug.hcpcs}|${p.serviceDate}`;
    const waiting = lefts.get(key);
    if (waiting) waiting.push(p);
    else lefts.set(key, [p]);
  }
  const leftOf = new Map<PreparedAdministration, PreparedAdministration>();
  const paired = new Set<PreparedAdministration>();
  for (const right of injections) {
    const left = right.eye === 'right' ? lefts.get(`${right.drug.hcpcs}|${right.serviceDate}`)?.shift() : undefined;
    // Mutation testing: `if (left)` made true is equivalent: an absent partner is remembered as undefined, which
    // pairs nothing and is no record to skip.
    if (left) {
      leftOf.set(right, left);
      paired.add(left);
    }
  }
  const visits: { eye: Eye | undefined; records: PreparedAdministration[] }[] = [];
  for (const p of injections) {
    if (paired.has(p)) continue;
    const left = leftOf.get(p);
    visits.push(left ? { eye: 'both', records: [p, left] } : { eye: p.eye, records: [p] });
  }
  return visits;
}

function ivLines(ivs: PreparedAdministration[], out: AdministrationLines): void {
  const events = mergeBags(ivs.map((p) => toEvent(p, out)));
  // Fluids reach here only as reportable hydration (31 minutes or more, running by themselves): hydration.ts.
  if (events.length === 0) return;
  const initial = [...events].sort(
    (a, b) => CLASS_RANK[b.ivClass] - CLASS_RANK[a.ivClass] || kindRank(b.kind) - kindRank(a.kind) || a.start - b.start,
  )[0]!;
  emitInitial(initial, out);
  // "A new drug": one not already given IV on this encounter, by push or by infusion.
  const seenDrugs = new Set(initial.drugs);
  let concurrentUsed = false;
  const ordered = events.filter((e) => e !== initial).sort((a, b) => a.start - b.start);
  const during = runsDuringEarlier(ordered, initial);
  for (const [i, e] of ordered.entries()) {
    const refs = e.administrations;
    if (e.kind === 'push') {
      // Mutation testing: `every` for `some` is equivalent: a push is never merged into a bag, so it has one drug.
      const isNew = e.drugs.some((d) => !seenDrugs.has(d));
      if (e.ivClass === 'chemo' && isNew) {
        emit(out, '96411', 1, refs, 'admin.iv.push-additional', 'Additional chemotherapy IV push of a new drug');
      } else if (e.ivClass !== 'chemo' && isNew) {
        // Mutation testing: the `e.ivClass !== 'chemo'` test made true (or compared with '') is equivalent: a new
        // chemotherapy push has already taken the 96411 branch above.
        emit(out, '96375', 1, refs, 'admin.iv.push-sequential', 'Sequential IV push of a new drug after the initial service');
      } else {
        out.findings.push(finding('administration-not-billed', 'A repeated IV push of a drug already given IV on this encounter (96376) is reported by facilities only, not on an office claim.', refs.map((p) => p.ref)));
      }
      e.drugs.forEach((d) => seenDrugs.add(d));
      continue;
    }
    if (during[i] && e.ivClass === 'therapeutic') {
      if (!concurrentUsed) {
        emit(out, '96368', 1, refs, 'admin.iv.concurrent', 'Therapeutic infusion running at the same time as another: concurrent, once per encounter, no additional hours');
        concurrentUsed = true;
      } else {
        out.findings.push(finding('administration-not-billed', '96368 (concurrent infusion) is reported at most once per encounter.', refs.map((p) => p.ref)));
      }
      continue;
    }
    const hours = additionalHours(e.minutes ?? 0);
    if (e.ivClass === 'chemo') {
      if (e.drugs.some((d) => !seenDrugs.has(d))) emit(out, '96417', 1, refs, 'admin.iv.sequential', `Sequential chemotherapy infusion of a new drug (${e.minutes ?? '?'} min)`);
      emit(out, '96415', hours, refs, 'admin.iv.additional-hour', `${e.minutes} min infusion: ceil((${e.minutes} - 90) / 60) = ${hours} additional hour(s)`);
    } else if (e.ivClass === 'therapeutic') {
      if (e.drugs.some((d) => !seenDrugs.has(d))) emit(out, '96367', 1, refs, 'admin.iv.sequential', `Sequential therapeutic infusion of a new drug (${e.minutes ?? '?'} min)`);
      emit(out, '96366', hours, refs, 'admin.iv.additional-hour', `${e.minutes} min infusion: ceil((${e.minutes} - 90) / 60) = ${hours} additional hour(s)`);
    } else {
      emit(out, '96361', 1 + hours, refs, 'admin.iv.hydration-sequential', `Hydration after another initial service (${e.minutes} min): 96361 for its first hour and each additional hour`);
    }
    e.drugs.forEach((d) => seenDrugs.add(d));
  }
}

/**
 * Concurrent: for each of `ordered` (the services after the initial, by start, ties in their order), whether it is an
 * infusion that runs during an infusion coded before it: the initial service if that began no later, or one earlier
 * in `ordered`. Those earlier ones all start no later than it does, and an infusion stops after it starts (16
 * minutes or more), so it overlaps one of them exactly when it starts before the latest of their stops: one pass
 * with a running maximum, where comparing each with every other grew with the square of the infusions.
 */
export function runsDuringEarlier(ordered: readonly IvEvent[], initial: IvEvent): boolean[] {
  // Mutation testing: taking a push initial as the infusion here is equivalent: a push ends when it starts (toEvent),
  // so nothing starting no earlier than it can start before its end. Likewise `e.end === undefined` made false below:
  // an infusion always has a stop time (toEvent sets its end from the minutes' stop).
  const initialInfusion = initial.kind === 'infusion' ? initial : undefined;
  let latestStop = -Infinity;
  return ordered.map((e) => {
    if (e.kind !== 'infusion' || e.end === undefined) return false;
    const during = e.start < latestStop || (initialInfusion !== undefined && initialInfusion.start <= e.start && overlap(e, initialInfusion));
    latestStop = Math.max(latestStop, e.end);
    return during;
  });
}

function emitInitial(e: IvEvent, out: AdministrationLines): void {
  const refs = e.administrations;
  const why = 'Initial service chosen by hierarchy: chemotherapy > therapeutic > hydration, infusion > push, then earliest';
  if (e.kind === 'push') {
    emit(out, e.ivClass === 'chemo' ? '96409' : '96374', 1, refs, 'admin.iv.initial', `${why}; IV push (15 minutes or less, or untimed)`);
    return;
  }
  const hours = additionalHours(e.minutes ?? 0);
  const [initialCode, hourCode] = e.ivClass === 'chemo' ? ['96413', '96415'] : e.ivClass === 'therapeutic' ? ['96365', '96366'] : ['96360', '96361'];
  emit(out, initialCode!, 1, refs, 'admin.iv.initial', `${why}; ${e.minutes} min infusion`);
  emit(out, hourCode!, hours, refs, 'admin.iv.additional-hour', `${e.minutes} min infusion: ceil((${e.minutes} - 90) / 60) = ${hours} additional hour(s)`);
}

function toEvent(p: PreparedAdministration, out: AdministrationLines): IvEvent {
  // A start recorded as a date alone has no time of day: the event is put at the day's start, which orders it
  // before that day's timed events (only which drugs came before a push depends on that order). The date of service
  // is always a day of the calendar (serviceDateOf), so Date.parse reads it.
  const dateOnly = p.timing.startMs === undefined;
  const start = p.timing.startMs ?? Date.parse(p.serviceDate);
  const ivClass: IvClass =
    p.administrationClass === 'hydration' ? 'hydration' : p.administrationClass === 'therapeutic' || p.administrationClass === 'intravitreal' ? 'therapeutic' : 'chemo';
  let kind: Kind;
  if (dateOnly) {
    // docs/billing-rules.md section 5: an IV administration that cannot be timed is coded as a push, and flagged.
    out.findings.push(finding('infusion-time-missing', `${p.drug.name} (${p.ref}) was given IV on ${p.serviceDate} with no time of day recorded; it is coded as a push until the start and stop times are recorded.`, [p.ref]));
    kind = 'push';
  } else if (p.timing.invalid) {
    out.findings.push(finding('infusion-time-invalid', `${p.ref} stops before it starts (${p.timing.start} to ${p.timing.end}); it is coded as a push until the times are corrected.`, [p.ref]));
    kind = 'push';
  } else if (p.timing.minutes === undefined) {
    // An IV administration with no stop time cannot be timed: code it as a push and flag it.
    out.findings.push(finding('infusion-time-missing', `${p.drug.name} (${p.ref}) was given IV with no stop time; it is coded as a push.`, [p.ref]));
    kind = 'push';
  } else {
    kind = p.timing.minutes < INFUSION_MINIMUM_MINUTES ? 'push' : 'infusion';
  }
  return {
    administrations: [p],
    ivClass,
    kind,
    start,
    // Mutation testing: the recorded stop for a push too is equivalent: a push's end is read nowhere (pushes are
    // never a bag, never concurrent, and a push initial is not the infusion others run during).
    end: kind === 'infusion' ? p.timing.endMs : start,
    minutes: p.timing.minutes,
    drugs: [p.drug.hcpcs],
    serviceDate: p.serviceDate,
  };
}

/**
 * Drugs mixed in one bag are one infusion: same start and stop. The first infusion of each start and stop is the
 * bag, found by its times in a map rather than by searching the events merged so far.
 */
export function mergeBags(events: IvEvent[]): IvEvent[] {
  const merged: IvEvent[] = [];
  const bags = new Map<string, IvEvent>();
  for (const e of events) {
    const times = e.kind === 'infusion' ? `${e.start}|${e.end}` : undefined;
    // Mutation testing: either `times` test alone made to let a push through is equivalent, since the other still
    // keeps pushes out of the bags (nothing is stored under undefined, or nothing is looked up under it).
    const bag = times === undefined ? undefined : bags.get(times);
    if (!bag) {
      merged.push(e);
      if (times !== undefined) bags.set(times, e);
      continue;
    }
    bag.administrations.push(...e.administrations);
    bag.drugs.push(...e.drugs);
    // Mutation testing: `>=` for `>` is equivalent: an equal rank is the same class.
    if (CLASS_RANK[e.ivClass] > CLASS_RANK[bag.ivClass]) bag.ivClass = e.ivClass;
  }
  return merged;
}

// Mutation testing: the undefined checks are equivalent (every infusion has an end, and only infusions come here),
// and so is `b.start < a.end` made true or `<=`: the one caller passes as b the initial infusion, which starts no
// later than a, and a ends after it starts (16 minutes or more).
function overlap(a: IvEvent, b: IvEvent): boolean {
  if (a.end === undefined || b.end === undefined) return false;
  return a.start < b.end && b.start < a.end;
}

function kindRank(kind: Kind): number {
  return kind === 'infusion' ? 2 : 1;
}

function describeClass(cls: AdministrationClass): string {
  return cls === 'hormonal-antineoplastic' ? 'a hormonal anti-neoplastic' : cls === 'chemo' ? 'chemotherapy' : 'a therapeutic drug';
}
