// The drug catalog as data. The engine (src/billing) reads only these shapes; where they come from (the curated
// starter facts, a CMS quarter, GET /api/catalog in the browser) is none of its business.
// Decimal quantities are strings ("0.1", "2.5") so that no binary floating point ever touches them.

/** The unit a HCPCS descriptor counts in. "unit" covers units and international units (J0885 "1000 units"). */
export type DescriptorUnit = 'mg' | 'mcg' | 'g' | 'unit' | 'mL' | 'vial';

/** The amount one billing unit stands for: "Injection, infliximab, ..., 10 mg" -> { amount: "10", unit: "mg" }. */
export interface DescriptorQuantity {
  amount: string;
  unit: DescriptorUnit;
  /** "up to 50 mg": one unit covers any dose up to the amount (J1200). */
  upTo?: boolean;
}

/**
 * How the drug is administered for CPT pairing (docs/billing-rules.md section 5). A payer override in configuration
 * wins over the catalog's default.
 */
export type AdministrationClass = 'chemo' | 'hormonal-antineoplastic' | 'therapeutic' | 'hydration' | 'intravitreal';

export type ContainerType = 'single-dose' | 'multi-dose';

export type MueAdjudication = 1 | 2 | 3;

export interface MueLimit {
  units: number;
  /** MAI 1 = per claim line; 2 and 3 = per date of service (docs/billing-rules.md section 6). */
  adjudication: MueAdjudication;
}

/** One HCPCS Level II code. */
export interface HcpcsCode {
  code: string;
  description: string;
  shortDescription?: string;
  /** Absent when the descriptor carries no quantity the engine can use: such a code needs a person. */
  descriptor?: DescriptorQuantity;
  /** First day the code may be billed (HCPCS file ADD DT), YYYY-MM-DD. */
  addDate?: string;
  /** Last day the code may be billed (HCPCS file TERM DT), YYYY-MM-DD. */
  termDate?: string;
  administrationClass?: AdministrationClass;
  /** When every product of the code shares a container type. */
  containerType?: ContainerType;
  mue?: MueLimit;
  /** ASP payment limit per billing unit in dollars (decimal string). */
  paymentLimit?: string;
  /** Where the facts came from, e.g. "starter" or "HCPC2025_OCT_ANWEB.xlsx". */
  source?: string;
}

/** One NDC package mapped to one HCPCS code (the crosswalk is keyed on NDC + HCPCS). */
export interface NdcProduct {
  /** 11 digits, 5-4-2, no hyphens. */
  ndc: string;
  hcpcs: string;
  name?: string;
  labeler?: string;
  /** Billing units in ONE container (crosswalk BILLUNITS): one container holds billUnits x descriptor. */
  billUnits?: string;
  /** Billing units in the whole NDC package (crosswalk BILLUNITSPKG), as given. */
  billUnitsPackage?: string;
  /** Crosswalk PKG SIZE: mL for liquids, a count for powders. */
  packageSize?: string;
  /** Crosswalk PKG QTY: containers in the NDC package. */
  packageQuantity?: string;
  containerType?: ContainerType;
  /** A liquid is billed on the NDC line in ML; powders and counted items in UN. */
  liquid?: boolean;
  source?: string;
}

/** What the engine is given: a quarter's label and the entries it may need. */
export interface CatalogEntries {
  /** e.g. "2025-Q4 (CMS October 2025 files)" or "starter". */
  quarter: string;
  /** Where the codes' ASP payment limits come from, when any code has one (said beside every dollar figure). */
  pricing?: string;
  codes: HcpcsCode[];
  products: NdcProduct[];
}
