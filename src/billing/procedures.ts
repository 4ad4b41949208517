// Which Procedure documents which administration (design.md "Procedures and administrations").
import type { MedicationAdministration, Procedure } from 'fhir/r4';
import { list, refKey, refOf } from './resources';
import { instant } from './timing';

export const CPT_SYSTEMS = ['http://www.ama-assn.org/go/cpt', 'urn:oid:2.16.840.1.113883.6.12'];

/** Procedures indexed once per derive() by encounter and by the administrations they name. */
export class ProcedureIndex {
  private readonly byEncounter = new Map<string, Procedure[]>();
  private readonly byAdministration = new Map<string, Procedure[]>();
  private readonly byRef = new Map<string, Procedure>();

  constructor(procedures: readonly Procedure[]) {
    for (const p of procedures) {
      this.byRef.set(refOf(p), p);
      const encounter = refKey(p.encounter);
      if (encounter) push(this.byEncounter, encounter, p);
      for (const r of [...list(p.partOf), ...list(p.usedReference)]) {
        const key = refKey(r);
        if (key?.startsWith('MedicationAdministration/')) push(this.byAdministration, key, p);
      }
    }
  }

  ofEncounter(encounter: string): Procedure[] {
    return this.byEncounter.get(encounter) ?? [];
  }

  /**
   * The Procedures that document an administration: named by its partOf, or naming it in their partOf or
   * usedReference; failing both, those of the same encounter whose performed time overlaps it.
   */
  linkedTo(ma: MedicationAdministration): Procedure[] {
    const explicit = new Set<Procedure>(this.byAdministration.get(refOf(ma)) ?? []);
    for (const r of list(ma.partOf)) {
      const p = this.byRef.get(refKey(r) ?? '');
      if (p) explicit.add(p);
    }
    if (explicit.size > 0) return [...explicit];
    const encounter = refKey(ma.context);
    if (!encounter) return [];
    return this.ofEncounter(encounter).filter((p) => p.status !== 'entered-in-error' && overlaps(ma, p));
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const found = map.get(key);
  if (found) found.push(value);
  else map.set(key, [value]);
}

/** CPT codes a Procedure documents. */
export function cptCodesOf(procedure: Procedure): string[] {
  return list(procedure.code?.coding).filter((c) => CPT_SYSTEMS.includes(c?.system ?? '') && typeof c.code === 'string').map((c) => c.code!);
}

function overlaps(ma: MedicationAdministration, p: Procedure): boolean {
  const aStart = instant(ma.effectivePeriod?.start ?? ma.effectiveDateTime);
  const aEnd = instant(ma.effectivePeriod?.end) ?? aStart;
  const pStart = instant(p.performedPeriod?.start ?? p.performedDateTime);
  const pEnd = instant(p.performedPeriod?.end) ?? pStart;
  if (aStart === undefined || aEnd === undefined || pStart === undefined || pEnd === undefined) return false;
  return aStart <= pEnd && pStart <= aEnd;
}
