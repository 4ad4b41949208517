// The draft R4 Claim (docs/design.md "Claim identity and content"; docs/billing-rules.md 8; docs/smart-and-stack.md "Writing
// back"): professional, status draft, one per encounter, HCPCS/CPT items with modifiers, units and charges, at most
// 4 diagnosis pointers per item, the NDC and its quantity in item.detail, the billing provider with NPI and tax id
// and the rendering provider in the care team.
import type { Claim, ClaimItem, ClaimItemDetail, CodeableConcept, Coverage, Encounter, Identifier, Money, Organization, Practitioner } from 'fhir/r4';
import type { LineCharge } from './charges';
import { HCPCS_SYSTEM, NDC_SYSTEM } from './identify';
import { NPI_SYSTEM } from './npi';
import { CPT_SYSTEMS } from './procedures';
import { providerReference, TAX_ID_SYSTEM, type ProviderIdentity } from './providers';
import type { BillingLine } from './types';

export const DRAFT_CLAIM_SYSTEM = 'https://jcode-assist.dev/fhir/NamingSystem/draft-claim';
const CPT_SYSTEM = CPT_SYSTEMS[0]!;
const PLACE_OF_SERVICE_SYSTEM = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
/** X12 data element 355 (unit or basis for measurement), the code set of the 837P NDC quantity (loop 2410 CTP05-1). */
export const NDC_UNIT_SYSTEM = 'https://codesystem.x12.org/005010/355';
const BILLING_PROVIDER_ID = 'billing-provider';
// Level II modifiers (JW, JZ, RT, LT, TB) are HCPCS; 25, 50 and 59 are CPT modifiers.
const CPT_MODIFIERS = new Set(['25', '50', '59']);

export interface ClaimInput {
  encounterRef: string;
  encounter: Encounter | undefined;
  patient: string;
  coverage: Coverage;
  billingProvider: ProviderIdentity;
  renderingProvider: ProviderIdentity | undefined;
  diagnoses: CodeableConcept[];
  lines: BillingLine[];
  /** Per line, in line order: its diagnosis sequences (at most 4) and its charge (absent without a fee). */
  pointers: number[][];
  charges: (LineCharge | undefined)[];
  total: number | undefined;
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
    const pointers = input.pointers[i] ?? [];
    if (pointers.length > 0) entry.diagnosisSequence = pointers.slice();
    const charge = input.charges[i];
    if (charge) {
      entry.unitPrice = usd(charge.unitPrice);
      entry.net = usd(charge.net);
    }
    if (input.renderingProvider) entry.careTeamSequence = [1];
    const info = informationSequence(line.sources, supportingSequence);
    if (info.length > 0) entry.informationSequence = info;
    if (isDrug && line.ndc) {
      const detail: ClaimItemDetail = { sequence: 1, productOrService: { coding: [{ system: NDC_SYSTEM, code: line.ndc }] } };
      if (line.ndcQuantity) {
        const unit = line.ndcQuantity.unit;
        detail.quantity = { value: line.ndcQuantity.value, unit, system: NDC_UNIT_SYSTEM, code: unit };
      }
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
    provider: providerReference(input.billingProvider),
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: `Coverage/${input.coverage.id}` } }],
    item,
  };
  if (input.renderingProvider) {
    claim.careTeam = [
      {
        sequence: 1,
        provider: providerReference(input.renderingProvider),
        responsible: true,
        role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole', code: 'primary' }] },
      },
    ];
  }
  if (input.total !== undefined) claim.total = usd(input.total);
  const billing = containedBillingProvider(input.billingProvider);
  if (billing) {
    claim.contained = [billing];
    claim.provider = { ...providerReference(input.billingProvider), reference: `#${BILLING_PROVIDER_ID}` };
  }
  if (diagnosis.length > 0) claim.diagnosis = diagnosis;
  if (supportingInfo.length > 0) claim.supportingInfo = supportingInfo;
  return claim;
}

function usd(value: number): Money {
  return { value, currency: 'USD' };
}

/**
 * The billing provider as the claim carries it when its NPI or tax id is known: a contained resource holding both
 * (a Reference has room for one identifier), so the draft is complete even where the EHR's Organization lacks them.
 */
function containedBillingProvider(provider: ProviderIdentity): Organization | Practitioner | undefined {
  const identifier: Identifier[] = [];
  if (provider.npi) identifier.push({ system: NPI_SYSTEM, value: provider.npi });
  if (provider.taxId) {
    identifier.push({
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'TAX' }] },
      system: TAX_ID_SYSTEM,
      value: provider.taxId,
    });
  }
  if (identifier.length === 0) return undefined;
  if (provider.reference?.startsWith('Practitioner/')) {
    return { resourceType: 'Practitioner', id: BILLING_PROVIDER_ID, identifier, ...(provider.name ? { name: [{ text: provider.name }] } : {}) };
  }
  return { resourceType: 'Organization', id: BILLING_PROVIDER_ID, identifier, ...(provider.name ? { name: provider.name } : {}) };
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
