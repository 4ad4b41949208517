// Every finding the engine emits, in one place: its severity (docs/billing-rules.md section 7) and the action a person
// takes. Messages are written where the finding arises, because they name the drug, dose and resources at hand.
import type { Finding, FindingCode, Severity } from './types';

interface FindingKind {
  severity: Severity;
  action: string;
}

export const FINDING_KINDS: Readonly<Record<FindingCode, FindingKind>> = {
  'waste-undocumented': {
    severity: 'error',
    action:
      'Record how much of the single-dose container was discarded (or that nothing was), with the time and who discarded it.',
  },
  'drug-unmapped': {
    severity: 'error',
    action: "Add the product's NDC (from the package) or its HCPCS code to the medication record.",
  },
  'drug-ambiguous': {
    severity: 'error',
    action: 'Add the HCPCS code to the medication record, or correct the NDC so that it names one product.',
  },
  'dose-missing': { severity: 'error', action: 'Record the dose that was given, with its unit.' },
  'dose-unconvertible': {
    severity: 'error',
    action: 'Record the dose in the unit of the billing code (mg, mcg, g or units), or record the concentration.',
  },
  'route-missing': { severity: 'error', action: 'Record the route (IV, subcutaneous, intramuscular, intravitreal).' },
  'code-inactive': {
    severity: 'error',
    action: 'Use the HCPCS code in effect on the date of service (check the current quarterly HCPCS file).',
  },
  'coverage-missing': { severity: 'error', action: "Add the patient's insurance (Coverage) before drafting a claim." },
  'container-unknown': {
    severity: 'error',
    action:
      'Mark the product single-dose or multi-dose in the container override file (smart-config.json billing.containerType).',
  },
  'provider-missing': {
    severity: 'error',
    action: 'Set the billing provider on the encounter (serviceProvider) or in smart-config.json billing.billingProvider.',
  },
  'encounter-unknown': {
    severity: 'error',
    action: 'Link the administration to its encounter, or check its time against the encounter period.',
  },
  'nothing-to-bill': {
    severity: 'error',
    action: 'Nothing to draft: check that the administrations are completed and belong to this encounter.',
  },
  'descriptor-unknown': {
    severity: 'error',
    action: 'Load the current CMS HCPCS file (--cms-dir) or add the code to the catalog so its billing unit is known.',
  },
  'waste-inconsistent': {
    severity: 'warning',
    action: 'Check the dose and the discarded amount against the containers opened; correct whichever is wrong.',
  },
  'waste-unchecked': {
    severity: 'warning',
    action: 'Check by hand that the dose plus the discarded amount fills whole containers of the product, and correct whichever is wrong.',
  },
  'ndc-missing': { severity: 'warning', action: "Add the product's 11-digit NDC; most payers require it on drug lines." },
  'diagnosis-missing': { severity: 'warning', action: 'Add the diagnosis (ICD-10) that the drug treats.' },
  'infusion-time-missing': {
    severity: 'warning',
    action: 'Record the start and stop times of the infusion so its administration code can be timed.',
  },
  'infusion-time-invalid': {
    severity: 'warning',
    action: 'Correct the start and stop times: the infusion ends before it starts.',
  },
  'units-exceed-mue': {
    severity: 'warning',
    action: 'Check the dose; if it is right, keep the documentation that supports units above the MUE for an appeal.',
  },
  'admin-code-mismatch': {
    severity: 'warning',
    action: 'Decide which administration code is right and correct the procedure record or the claim.',
  },
  'unclassified-code': {
    severity: 'warning',
    action: 'An unclassified code needs the NDC, the drug name and the dose on the claim (narrative field).',
  },
  'eye-missing': {
    severity: 'warning',
    action: 'Record which eye was injected (body site right or left eye) so RT or LT can be added.',
  },
  'vial-choice-wasteful': {
    severity: 'info',
    action: 'Review the vial choice: a smaller set of containers would have supplied the dose with less waste.',
  },
  'administration-in-progress': {
    severity: 'info',
    action: 'Bill it once the administration is completed.',
  },
  'administration-not-billed': { severity: 'info', action: 'No action unless the status is wrong.' },
  'admin-class-assumed': {
    severity: 'info',
    action: "Confirm the drug's administration class, or set it in smart-config.json billing.administrationClass.",
  },
  'em-modifier-25-review': {
    severity: 'warning',
    action: 'Check that the E/M visit is significant and separately identifiable from the injection before billing it with 25.',
  },
  'ndc-unit-assumed': {
    severity: 'info',
    action: 'Confirm whether the product is a liquid (NDC quantity in ML) or a powder (UN).',
  },
  'hydration-too-short': { severity: 'info', action: 'No action: hydration of 30 minutes or less is not reportable.' },
  'container-size-invalid': {
    severity: 'warning',
    action: "Correct the medication's amount (Medication.amount: the content of one container, above zero).",
  },
  'fluid-incidental': {
    severity: 'info',
    action: 'No action: fluid that carries a drug or runs beside another infusion is part of that infusion (NCCI ch. XI).',
  },
  'charge-missing': {
    severity: 'warning',
    action: "Add the code's fee (dollars per unit) to the practice's fee schedule: smart-config.json billing.fees or billing.feeScheduleFile.",
  },
  'diagnosis-truncated': {
    severity: 'warning',
    action: 'A claim holds at most 12 diagnoses: check that the ones the drugs treat are on it, and rank the encounter diagnoses if not.',
  },
  'rendering-provider-missing': {
    severity: 'warning',
    action:
      'Add the supervising physician or NPP (with an NPI) to the encounter as attending or primary performer, or set billing.renderingProvider in smart-config.json.',
  },
  'npi-invalid': {
    severity: 'warning',
    action: "Correct the provider's NPI in the EHR: it must be one 10-digit number whose last digit checks.",
  },
  'setting-unsupported': {
    severity: 'warning',
    action: 'Check JW/JZ against the OPPS status indicator by hand: only the office setting is derived today.',
  },
};

/** A finding of a stable code; `severity` only where docs/billing-rules.md makes it depend on the date of service. */
// Mutation testing: `resources.length > 1` made true or `>= 1` is equivalent: a list of one or none has nothing to remove.
export function finding(code: FindingCode, message: string, resources: string[], severity?: Severity): Finding {
  const kind = FINDING_KINDS[code];
  return { code, severity: severity ?? kind.severity, message, action: kind.action, resources: resources.length > 1 ? [...new Set(resources)] : [...resources] };
}
