// The engine's one public surface: every other part of the project imports the engine from here, never from
// its modules (eslint.config.js enforces it), so what is inside src/billing can be reorganised without touching
// the doors. derive() is the engine; the rest is what the doors need to read FHIR the way derive() does and to
// write the records it reads back.

// Deriving lines, findings and the draft Claim.
export { derive, ENGINE_VERSION } from './derive';
export type {
  BillingLine,
  BillingSettings,
  ConfiguredProvider,
  DeriveOptions,
  DeriveOutput,
  EncounterResult,
  Finding,
  FindingCode,
  NdcUnitQualifier,
  Severity,
} from './types';
export { FINDING_KINDS } from './findings';

// Reading an encounter's resources as the engine does.
export { refKey, refOf, ResourceStore } from './resources';
export { drugName, HCPCS_SYSTEM, identify, medicationOf, NDC_SYSTEM, NDC_SYSTEMS } from './identify';
export { prepare } from './prepare';
export { ProcedureIndex } from './procedures';
export { isCalendarDate, serviceDateOf } from './timing';

// Amounts, for the waste form's limits (what the opened containers left after the dose).
export { amountOf, inDescriptorDimension, type Amount, type ProductMeasures } from './units';
export { openedContainers } from './opened-containers';
export { to3Places } from './decimal';

// The records the app writes and the engine reads back (docs/design.md, "Waste records in FHIR", "Claim
// identity and content").
export {
  collectWaste,
  isWasteRecord,
  NURSE_NOTE_LOINC,
  WASTE_ENTRY_SYSTEM,
  WASTE_REASON_CODE,
  WASTE_REASON_SYSTEM,
} from './waste-record';
export { DRAFT_CLAIM_SYSTEM } from './claim';
export { isValidNpi } from './npi';
