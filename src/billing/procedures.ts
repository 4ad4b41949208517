// Which Procedure documents which administration (docs/design.md "Procedures and administrations").
import type { MedicationAdministration, Procedure } from 'fhir/r4';
import { list, refKey, refOf } from './resources';
import { instant } from './timing';

export const CPT_SYSTEMS = ['http://www.ama-assn.org/go/cpt', 'urn:oid:2.16.840.1.113883.6.12'];

/** Procedures indexed once per derive() by encounter and by the administrations they name. */
export class ProcedureIndex {
  private readonly byEncounter = new Map<string, Procedure[]>();
  private readonly byAdministration = new Map<string, Procedure[]>();
  private readonly byRef = new Map<string, Procedure>();
  /** Performed spans, read once per Procedure: each is compared with every administration of its encounter. */
  private readonly spans = new Map<Procedure, Span>();

  constructor(procedures: readonly Procedure[]) {
    for (const p of procedures) {
      this.byRef.set(refOf(p), p);
      const encounter = refKey(p.encounter);
      // Mutation testing: both tests below are equivalent when made true (or the prefix emptied): a Procedure filed
      // under no encounter, or under a reference that is not an administration's, is never looked up (linkedTo asks
      // only for an administration's own reference and encounter, and returns before asking for no encounter).
      if (encounter) push(this.byEncounter, encounter, p);
      for (const r of [...list(p.partOf), ...list(p.usedReference)]) {
        const key = refKey(r);
        if (key?.startsWith('MedicationAdministration/')) push(this.byAdministration, key, p);
      }
    }
  }

  ofEncounter(encounter: string): Procedure[] {
    // Mutation testing: a fallback list holding something that is not a Procedure (as Stryker writes it) is
    // equivalent: it has no status, time or code, so it documents nothing and is no E/M visit.
    return this.byEncounter.get(encounter) ?? [];
  }

  /**
   * The Procedures that document an administration: named by its partOf, or naming it in their partOf or
   * usedReference; failing both, those of the same encounter whose performed time overlaps it. The encounter is the
   * one derive() placed the administration in (by its context, or by the encounter period that contains it).
   */
  linkedTo(ma: MedicationAdministration, encounter: string | undefined = refKey(ma.context)): Procedure[] {
    // Most records link no Procedure to an administration: skip building its reference and a set for nothing.
    // Mutation testing: both shortcuts are equivalent when made true (an empty map finds nothing; an empty set of
    // explicit links falls through to the time overlap), and so are the two early returns of "no encounter" and
    // "no candidates" below (no Procedure is filed under no encounter; filtering no candidates gives none), and
    // returning a list with a non-Procedure in it there (it documents nothing, as in ofEncounter). Looking up a
    // reference with no address under '' or any other non-reference string finds nothing either way.
    const naming = this.byAdministration.size > 0 ? this.byAdministration.get(refOf(ma)) : undefined;
    const named = list(ma.partOf);
    if (naming || named.length > 0) {
      const explicit = new Set<Procedure>(naming);
      for (const r of named) {
        const p = this.byRef.get(refKey(r) ?? '');
        if (p) explicit.add(p);
      }
      if (explicit.size > 0) return [...explicit];
    }
    if (!encounter) return [];
    const candidates = this.ofEncounter(encounter);
    if (candidates.length === 0) return [];
    const given = spanOf(ma.effectivePeriod?.start ?? ma.effectiveDateTime, ma.effectivePeriod?.end);
    return candidates.filter((p) => p.status !== 'entered-in-error' && overlaps(given, this.spanOfProcedure(p)));
  }

  private spanOfProcedure(p: Procedure): Span {
    let span = this.spans.get(p);
    // Mutation testing: computing the span again each time is equivalent (same Procedure, same span).
    if (!span) this.spans.set(p, (span = spanOf(p.performedPeriod?.start ?? p.performedDateTime, p.performedPeriod?.end)));
    return span;
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const found = map.get(key);
  if (found) found.push(value);
  else map.set(key, [value]);
}

/** CPT codes a Procedure documents. */
// Mutation testing: a coding without a system compared as '' or any other string that is not a CPT system is
// equivalent.
export function cptCodesOf(procedure: Procedure): string[] {
  return list(procedure.code?.coding).filter((c) => CPT_SYSTEMS.includes(c?.system ?? '') && typeof c.code === 'string').map((c) => c.code!);
}

/** Start and end as epoch milliseconds; a missing end is the start. */
interface Span {
  start: number | undefined;
  end: number | undefined;
}

function spanOf(start: string | undefined, end: string | undefined): Span {
  const from = instant(start);
  return { start: from, end: instant(end) ?? from };
}

function overlaps(a: Span, p: Span): boolean {
  // Mutation testing: this guard is equivalent, whole or in part (a comparison with undefined is false); it is there
  // for the type checker, and says what is meant.
  if (a.start === undefined || a.end === undefined || p.start === undefined || p.end === undefined) return false;
  return a.start <= p.end && p.start <= a.end;
}
