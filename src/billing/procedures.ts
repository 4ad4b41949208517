// Which Procedure documents which administration (design.md "Procedures and administrations").
import type { MedicationAdministration, Procedure } from 'fhir/r4';
import { list, refKey, refOf } from './resources';
import { instant } from './timing';

export const CPT_SYSTEMS = ['http://www.ama-assn.org/go/cpt', 'urn:oid:2.16.840.1.113883.6.12'];

export function linkedProcedures(ma: MedicationAdministration, procedures: readonly Procedure[]): Procedure[] {
  const self = refOf(ma);
  const viaPartOf = new Set(list(ma.partOf).map(refKey).filter((k): k is string => k?.startsWith('Procedure/') ?? false));
  const explicit = procedures.filter(
    (p) =>
      viaPartOf.has(refOf(p)) ||
      list(p.partOf).some((r) => refKey(r) === self) ||
      list(p.usedReference).some((r) => refKey(r) === self),
  );
  if (explicit.length > 0) return explicit;
  const encounter = refKey(ma.context);
  return procedures.filter(
    (p) => p.status !== 'entered-in-error' && encounter !== undefined && refKey(p.encounter) === encounter && overlaps(ma, p),
  );
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
