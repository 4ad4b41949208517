// The draft R4 Claim (design.md "Claim identity and content"; smart-and-stack.md "Writing back"): professional,
// status draft, one per encounter, HCPCS/CPT items with modifiers and units, the NDC in item.detail.
import type { Claim, ClaimItem, ClaimItemDetail, CodeableConcept, Coverage, Encounter, Reference } from 'fhir/r4';
import { HCPCS_SYSTEM, NDC_SYSTEM } from './identify';
import { CPT_SYSTEMS } from './procedures';
import type { BillingLine } from './types';

export const DRAFT_CLAIM_SYSTEM = 'https://jcode-assist.dev/fhir/NamingSystem/draft-claim';
const CPT_SYSTEM = CPT_SYSTEMS[0]!;
const PLACE_OF_SERVICE_SYSTEM = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
// Level II modifiers (JW, JZ, RT, LT, TB) are HCPCS; 25, 50 and 59 are CPT modifiers.
const CPT_MODIFIERS = new Set(['25', '50', '59']);

export interface ClaimInput {
  encounterRef: string;
  encounter: Encounter | undefined;
  patient: string;
  coverage: Coverage;
  billingProvider: string;
  renderingProvider: Reference | undefined;
  diagnoses: CodeableConcept[];
  lines: BillingLine[];
  administrations: string[];
  placeOfService: string;
  today: string;
}

/** The identifier of an encounter's one draft Claim: derived from the encounter alone. */
export function draftClaimIdentifier(encounterRef: string): { system: string; value: string } {
  return { system: DRAFT_CLAIM_SYSTEM, value: `draft-${encounterRef.replace('/', '-')}` };
}

export function buildClaim(input: ClaimInput): Claim {
  const diagnosis = input.diagnoses.map((cc, i) => ({ sequence: i + 1, diagnosisCodeableConcept: cc }));
  const diagnosisSequence = diagnosis.map((d) => d.sequence);
  const supportingInfo = input.administrations.map((ref, i) => ({
    sequence: i + 1,
    category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory', code: 'info' }] },
    valueReference: { reference: ref },
  }));
  const supportingSequence = firstPositions(input.administrations);
  const item: ClaimItem[] = input.lines.map((line, i) => {
    const isDrug = line.kind === 'drug';
    const entry: ClaimItem = {
      sequence: i + 1,
      productOrService: {
        coding: [line.description ? { system: isDrug ? HCPCS_SYSTEM : CPT_SYSTEM, code: line.code, display: line.description } : { system: isDrug ? HCPCS_SYSTEM : CPT_SYSTEM, code: line.code }],
      },
      servicedDate: line.serviceDate,
      locationCodeableConcept: { coding: [{ system: PLACE_OF_SERVICE_SYSTEM, code: input.placeOfService }] },
      quantity: { value: line.units },
      encounter: [{ reference: input.encounterRef }],
    };
    if (line.modifiers.length > 0) {
      entry.modifier = line.modifiers.map((m) => ({ coding: [{ system: CPT_MODIFIERS.has(m) ? CPT_SYSTEM : HCPCS_SYSTEM, code: m }] }));
    }
    if (diagnosis.length > 0) entry.diagnosisSequence = diagnosisSequence.slice();
    if (input.renderingProvider) entry.careTeamSequence = [1];
    const info = informationSequence(line.sources, supportingSequence);
    if (info.length > 0) entry.informationSequence = info;
    if (isDrug && line.ndc) {
      const detail: ClaimItemDetail = { sequence: 1, productOrService: { coding: [{ system: NDC_SYSTEM, code: line.ndc }] } };
      if (line.ndcQuantity) detail.quantity = { value: line.ndcQuantity.value, unit: line.ndcQuantity.unit };
      entry.detail = [detail];
    }
    return entry;
  });
  const claim: Claim = {
    resourceType: 'Claim',
    identifier: [draftClaimIdentifier(input.encounterRef)],
    status: 'draft',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
    use: 'claim',
    patient: { reference: input.patient },
    created: input.today,
    provider: { reference: input.billingProvider },
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: `Coverage/${input.coverage.id}` } }],
    item,
  };
  if (input.renderingProvider) {
    claim.careTeam = [
      {
        sequence: 1,
        provider: input.renderingProvider,
        responsible: true,
        role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole', code: 'primary' }] },
      },
    ];
  }
  if (diagnosis.length > 0) claim.diagnosis = diagnosis;
  if (supportingInfo.length > 0) claim.supportingInfo = supportingInfo;
  return claim;
}

/** The supportingInfo sequence number of each administration (its first place): one lookup per source, not a scan. */
function firstPositions(administrations: string[]): Map<string, number> {
  const positions = new Map<string, number>();
  administrations.forEach((ref, i) => {
    if (!positions.has(ref)) positions.set(ref, i + 1);
  });
  return positions;
}

/** The supportingInfo sequence numbers of a line's sources that are administrations. */
function informationSequence(sources: string[], positions: Map<string, number>): number[] {
  const sequence: number[] = [];
  for (const s of sources) {
    const at = positions.get(s);
    if (at !== undefined) sequence.push(at);
  }
  return sequence;
}
