// The products on an encounter, as the app's server is asked about them (GET /api/catalog?ndc=..&code=..):
// NDCs and HCPCS codes from the administrations' Medications, contained or referenced. Codes only, never
// patient data (docs/design.md, "One engine, four doors").
import type { Medication, MedicationAdministration } from 'fhir/r4';
import { HCPCS_SYSTEM, NDC_SYSTEMS, refKey } from '../billing';

const HCPCS_SYSTEMS = [HCPCS_SYSTEM, HCPCS_SYSTEM.replace('http://', 'https://')];
// The shapes GET /api/catalog accepts (server/api/catalog-route.ts); anything else would fail the whole request.
const NDC_SHAPE = /^[0-9]{4,5}-?[0-9]{3,4}-?[0-9]{1,2}$/;
const HCPCS_SHAPE = /^[A-Z][0-9]{4}$/;

export interface Products {
  ndcs: string[];
  codes: string[];
}

export function productsOf(administrations: readonly MedicationAdministration[], medications: readonly Medication[]): Products {
  const byRef = new Map(medications.map((m) => [`Medication/${m.id ?? ''}`, m]));
  const ndcs = new Set<string>();
  const codes = new Set<string>();
  for (const ma of administrations) {
    const coding = medicationCodeOf(ma, byRef)?.coding ?? [];
    for (const c of coding) {
      const code = c.code?.trim();
      if (!code) continue;
      if (NDC_SYSTEMS.includes(c.system ?? '') && NDC_SHAPE.test(code)) ndcs.add(code);
      if (HCPCS_SYSTEMS.includes(c.system ?? '') && HCPCS_SHAPE.test(code.toUpperCase())) codes.add(code.toUpperCase());
    }
  }
  return { ndcs: [...ndcs].sort(), codes: [...codes].sort() };
}

function medicationCodeOf(ma: MedicationAdministration, byRef: Map<string, Medication>) {
  if (ma.medicationCodeableConcept) return ma.medicationCodeableConcept;
  const ref = ma.medicationReference?.reference;
  if (!ref) return undefined;
  if (ref.startsWith('#')) {
    const contained = ma.contained?.find((c) => c.resourceType === 'Medication' && c.id === ref.slice(1)) as Medication | undefined;
    return contained?.code;
  }
  return byRef.get(refKey(ma.medicationReference) ?? '')?.code;
}
