import type { Claim, Coding } from 'fhir/r4';
import type { AdministrationClass, ContainerType } from '../catalog/types';

export type Severity = 'error' | 'warning' | 'info';

/** A stable finding code; the list and meanings are in docs/rules.md ("Findings"). */
export type FindingCode =
  | 'waste-undocumented'
  | 'nothing-to-bill'
  | 'eye-missing'
  | 'admin-class-assumed'
  | 'setting-unsupported'
  | 'drug-unmapped'
  | 'drug-ambiguous'
  | 'dose-missing'
  | 'dose-unconvertible'
  | 'route-missing'
  | 'code-inactive'
  | 'coverage-missing'
  | 'container-unknown'
  | 'provider-missing'
  | 'encounter-unknown'
  | 'waste-inconsistent'
  | 'waste-unchecked'
  | 'ndc-missing'
  | 'diagnosis-missing'
  | 'infusion-time-missing'
  | 'infusion-time-invalid'
  | 'units-exceed-mue'
  | 'admin-code-mismatch'
  | 'unclassified-code'
  | 'descriptor-unknown'
  | 'vial-choice-wasteful'
  | 'administration-in-progress'
  | 'administration-not-billed'
  | 'em-modifier-25-review'
  | 'ndc-unit-assumed'
  | 'hydration-too-short'
  | 'charge-missing'
  | 'diagnosis-truncated'
  | 'rendering-provider-missing'
  | 'npi-invalid'
  | 'fluid-incidental'
  | 'container-size-invalid';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Plain words for a clinician or nurse. */
  message: string;
  /** What to do about it. */
  action: string;
  /** References ("MedicationAdministration/a1") the finding is about. */
  resources: string[];
  /**
   * Set when this finding only follows from others of the same encounter (nothing-to-bill because every line
   * failed): their codes. Fixing those fixes this one, so a count of what to fix leaves it out.
   */
  causedBy?: FindingCode[];
  /**
   * waste-undocumented from containers of known size: what the opened containers held beyond the dose (the most
   * that can have been discarded; docs/billing-rules.md section 4), in mg, units or mL as the code's descriptor counts,
   * and the whole billing units that is. Facts for reports (the audit prices them); no claim line comes from them.
   */
  wasteLeft?: { hcpcs: string; amount: string; unit: string; billingUnits: number };
}

export type NdcUnitQualifier = 'UN' | 'ML' | 'F2' | 'GR' | 'ME';

export interface BillingLine {
  kind: 'drug' | 'administration';
  code: string;
  description?: string;
  modifiers: string[];
  units: number;
  /** 11-digit NDC (drug lines). */
  ndc?: string;
  ndcQuantity?: { value: number; unit: NdcUnitQualifier };
  /** YYYY-MM-DD. */
  serviceDate: string;
  /** The resources the line came from. */
  sources: string[];
  /** Stable id of the rule that produced the line, e.g. "waste.jw". */
  rule: string;
  /** How the line was derived, with the rule's source, for a coder. */
  explanation: string;
  /** For an administration line: the drug codes it pairs with; for a drug line: its administration codes. */
  pairedWith?: string[];
  administrationClass?: AdministrationClass;
  containerType?: ContainerType;
}

export interface EncounterResult {
  /** "Encounter/e1", or null for administrations that belong to no encounter. */
  encounter: string | null;
  patient: string | null;
  lines: BillingLine[];
  findings: Finding[];
  /** Null exactly when a finding of severity error exists, or always when DeriveOptions.claims is false. */
  claim: Claim | null;
}

export interface DeriveOutput {
  results: EncounterResult[];
}

/** The billing settings an integrator sets in smart-config.json ("billing"). */
export interface BillingSettings {
  /** Only the practitioner/office claim is derived today (docs/design.md, CLI). */
  setting: 'office' | 'hospital-outpatient';
  /** CMS place-of-service code, "11" office. */
  placeOfService: string;
  /** Used when Encounter.serviceProvider is absent, e.g. "Organization/clinic". */
  billingProvider?: string;
  /** The billing provider's NPI and tax id (EIN), for when the EHR's Organization lacks them. */
  billingProviderNpi?: string;
  billingProviderTaxId?: string;
  /** The rendering provider when the encounter names no physician or NPP with an NPI. */
  renderingProvider?: ConfiguredProvider;
  /**
   * The practice's fee schedule, dollars per billing unit, by code ("J1745") or code and modifier ("67028-50").
   * The Node doors merge feeScheduleFile in here at start-up, so the engine never reads a file.
   */
  fees?: Record<string, number>;
  /** Extra statusReason codings an EHR uses for waste records, besides the project's own. */
  wasteReasonCodes: Coding[];
  /** Payer override of a drug's administration class, by HCPCS code. */
  administrationClass: Record<string, AdministrationClass>;
  /** Container type overrides by 11-digit NDC or by HCPCS code. */
  containerType: Record<string, ContainerType>;
  /** Both eyes: one 67028 line with modifier 50 (Medicare) or RT and LT lines (some payers). */
  bilateralIntravitreal: 'modifier-50' | 'rt-lt';
  /** First date of service on which JZ is required (CR 13056). */
  jzRequiredFrom: string;
}

export interface ConfiguredProvider {
  npi: string;
  /** "Practitioner/dr-lee" when the EHR holds that practitioner. */
  reference?: string;
  name?: string;
}

export interface DeriveOptions {
  /** YYYY-MM-DD written as Claim.created. */
  today: string;
  /**
   * Draft the Claims (the default). False leaves every result's claim null, unbuilt, for callers that only read
   * lines and findings (the bulk audit); lines and findings are the same either way, except the findings about the
   * claim's own content (charge-missing, diagnosis-truncated, rendering-provider-missing, npi-invalid), which go
   * with the claim.
   */
  claims?: boolean;
}
