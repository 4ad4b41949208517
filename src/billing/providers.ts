// Who the claim names (docs/billing-rules.md 8). Drugs a nurse gives in the office are billed incident-to, under the
// supervising physician or non-physician practitioner (Medicare Benefit Policy Manual ch.15 s60), so the rendering
// provider is the encounter's physician or NPP, never the nurse who administered. The billing provider carries its
// NPI and tax id (X12 837P loop 2010AA: NM109 and REF*EI), from the EHR's record or from configuration.
import type { CodeableConcept, Encounter, Identifier, Organization, Practitioner, PractitionerRole, Reference } from 'fhir/r4';
import { finding } from './findings';
import { isValidNpi, NPI_SYSTEM } from './npi';
import { list, refKey, type ResourceStore } from './resources';
import type { BillingSettings, Finding } from './types';

/** The IRS employer identification number (EIN), as US Core and CARIN write a tax id. */
export const TAX_ID_SYSTEM = 'urn:oid:2.16.840.1.113883.4.4';
const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
/** Primary performer, attender, secondary performer: in this order of preference. */
const RENDERING_TYPES = ['PPRF', 'ATND', 'SPRF'];

// Nursing roles (not nurse practitioners or clinical nurse specialists, who are NPPs and may render):
// HL7 practitioner-role "nurse"; SNOMED CT 224535009 registered nurse, 106292003 professional nurse, 224565004
// enrolled nurse; NUCC taxonomy 163W (registered nurse), 164W (licensed practical nurse), 164X (licensed vocational
// nurse).
const NURSE_CODES = new Set(['nurse', '224535009', '106292003', '224565004']);
const NURSE_TAXONOMY = /^16(3W|4W|4X)/;

export interface ProviderIdentity {
  reference?: string;
  npi?: string;
  taxId?: string;
  name?: string;
}

export interface Providers {
  billing: ProviderIdentity | undefined;
  rendering: ProviderIdentity | undefined;
  findings: Finding[];
}

export function claimProviders(
  encounter: Encounter | undefined,
  encounterRef: string | null,
  store: ResourceStore,
  settings: BillingSettings,
): Providers {
  const findings: Finding[] = [];
  const about = encounterRef ? [encounterRef] : [];
  return {
    billing: billingProvider(encounter, store, settings, findings),
    rendering: renderingProvider(encounter, about, store, settings, findings),
    findings,
  };
}

function billingProvider(encounter: Encounter | undefined, store: ResourceStore, settings: BillingSettings, findings: Finding[]): ProviderIdentity | undefined {
  const reference = refKey(encounter?.serviceProvider) ?? settings.billingProvider;
  if (!reference) return undefined;
  const record = store.resolve<Organization | Practitioner>({ reference });
  const npi = record ? npiOf(record, reference, findings) : undefined;
  const taxId = list(record?.identifier).find(isTaxId)?.value;
  const identity: ProviderIdentity = { reference };
  // Mutation testing: the four tests below are equivalent when made true (an undefined name, NPI or tax id is left
  // out by providerReference and the contained resource alike; isTaxId already required a string value).
  const name = nameOf(record);
  if (name) identity.name = name;
  const chosenNpi = npi ?? settings.billingProviderNpi;
  if (chosenNpi) identity.npi = chosenNpi;
  const chosenTaxId = (typeof taxId === 'string' && taxId) || settings.billingProviderTaxId;
  if (chosenTaxId) identity.taxId = chosenTaxId;
  return identity;
}

function renderingProvider(
  encounter: Encounter | undefined,
  about: string[],
  store: ResourceStore,
  settings: BillingSettings,
  findings: Finding[],
): ProviderIdentity | undefined {
  const passedOver: string[] = [];
  // Mutation testing: `typeof p === 'object'` made true is equivalent (a primitive has no type, so it is skipped).
  const participants = list(encounter?.participant).filter((p) => typeof p === 'object' && p !== null);
  for (const type of RENDERING_TYPES) {
    for (const p of participants) {
      if (!list(p.type).some((t) => hasCode(t, PARTICIPATION_TYPE, type))) continue;
      const reference = refKey(p.individual);
      if (!reference) continue;
      const candidate = renderingCandidate(reference, store, findings);
      if (typeof candidate === 'string') passedOver.push(candidate);
      else return candidate;
    }
  }
  const configured = settings.renderingProvider;
  if (configured) {
    const identity: ProviderIdentity = { npi: configured.npi };
    // Mutation testing: both tests made true are equivalent (providerReference leaves out what is undefined).
    if (configured.reference) identity.reference = configured.reference;
    if (configured.name) identity.name = configured.name;
    return identity;
  }
  const why = passedOver.length > 0 ? ` (${passedOver.join('; ')})` : '';
  findings.push(
    finding(
      'rendering-provider-missing',
      `The encounter names no physician or NPP with an NPI as primary performer, attender or secondary performer${why}, and none is configured; the draft has no rendering provider.`,
      about,
    ),
  );
  return undefined;
}

/** The provider a participant names, or why it cannot render. */
function renderingCandidate(reference: string, store: ResourceStore, findings: Finding[]): ProviderIdentity | string {
  const record = store.resolve<Practitioner | PractitionerRole>({ reference });
  if (!record) return `${reference} is not in the record`;
  let practitioner: Practitioner | undefined;
  let practitionerRef = reference;
  if (record.resourceType === 'PractitionerRole') {
    if (list(record.code).some(isNursingRole)) return `${reference} is a nursing role`;
    practitionerRef = refKey(record.practitioner) ?? reference;
    practitioner = store.resolve<Practitioner>(record.practitioner);
    if (list(practitioner?.qualification).some((q) => isNursingRole(q?.code))) return `${practitionerRef} is a nurse`;
    // The NPI may sit on the role or on the practitioner; the role's wins. Mutation testing: asking npiOf without
    // the isNpi test first is equivalent (a record with no NPI gives none, and no finding).
    const roleNpi = list(record.identifier).some(isNpi) ? npiOf(record, reference, findings) : undefined;
    const npi = roleNpi ?? (practitioner ? npiOf(practitioner, practitionerRef, findings) : undefined);
    if (!npi) return `${reference} has no valid NPI`;
    return identityOf(practitioner ? practitionerRef : reference, npi, nameOf(practitioner));
  }
  if (record.resourceType !== 'Practitioner') return `${reference} is not a practitioner`;
  practitioner = record;
  if (list(practitioner.qualification).some((q) => isNursingRole(q?.code))) return `${reference} is a nurse`;
  const npi = npiOf(practitioner, reference, findings);
  if (!npi) return `${reference} has no valid NPI`;
  return identityOf(practitionerRef, npi, nameOf(practitioner));
}

function identityOf(reference: string, npi: string, name: string | undefined): ProviderIdentity {
  return name ? { reference, npi, name } : { reference, npi };
}

/** The record's one NPI; two different NPIs or one that fails its check digit give `npi-invalid` and no NPI. */
function npiOf(record: { identifier?: Identifier[] }, reference: string, findings: Finding[]): string | undefined {
  const values = [...new Set(list(record.identifier).filter(isNpi).map((i) => String(i.value).trim()))];
  if (values.length === 0) return undefined;
  if (values.length > 1) {
    findings.push(finding('npi-invalid', `${reference} carries ${values.length} different NPIs (${values.join(', ')}); a provider has one, so none is used.`, [reference]));
    return undefined;
  }
  const npi = values[0]!;
  if (!isValidNpi(npi)) {
    findings.push(finding('npi-invalid', `${reference} has NPI ${npi}, which is not 10 digits with a valid check digit; it is not used.`, [reference]));
    return undefined;
  }
  return npi;
}

// Mutation testing: in isNpi and isTaxId the `typeof i === 'object'` tests alone are equivalent (a primitive has no
// system or value); the null tests guard. isTaxId's string test and billingProvider's are each equivalent alone.
function isNpi(i: Identifier | undefined): boolean {
  return typeof i === 'object' && i !== null && i.system === NPI_SYSTEM && i.value !== undefined && i.value !== null;
}

function isTaxId(i: Identifier | undefined): boolean {
  if (typeof i !== 'object' || i === null || typeof i.value !== 'string') return false;
  return i.system === TAX_ID_SYSTEM || hasCode(i.type, 'http://terminology.hl7.org/CodeSystem/v2-0203', 'TAX');
}

function isNursingRole(cc: CodeableConcept | undefined): boolean {
  return list(cc?.coding).some((c) => typeof c?.code === 'string' && (NURSE_CODES.has(c.code) || NURSE_TAXONOMY.test(c.code) || (c.system === 'http://terminology.hl7.org/CodeSystem/v2-0360' && ['RN', 'LPN'].includes(c.code))));
}

function hasCode(cc: CodeableConcept | undefined, system: string, code: string): boolean {
  return list(cc?.coding).some((c) => c?.system === system && c.code === code);
}

function nameOf(record: Organization | Practitioner | undefined): string | undefined {
  if (!record) return undefined;
  if (record.resourceType === 'Organization') return typeof record.name === 'string' ? record.name : undefined;
  const name = list(record.name)[0];
  if (!name) return undefined;
  if (typeof name.text === 'string') return name.text;
  const parts = [...list(name.given), name.family, ...list(name.suffix)].filter((p): p is string => typeof p === 'string');
  // Mutation testing: `parts.length >= 0` is equivalent (no parts join to '', which counts as no name everywhere).
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function providerReference(identity: ProviderIdentity): Reference {
  const ref: Reference = {};
  // Mutation testing: the reference and name tests made true are equivalent (an undefined member is not written).
  if (identity.reference) ref.reference = identity.reference;
  if (identity.npi) ref.identifier = { system: NPI_SYSTEM, value: identity.npi };
  if (identity.name) ref.display = identity.name;
  return ref;
}
