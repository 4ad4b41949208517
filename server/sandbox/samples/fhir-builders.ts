// Small FHIR R4 builders so each sample patient reads like a clinical story: who, which visit, which drug from
// which vial, how much, by which route, from when to when, and what was discarded.
import type {
  CodeableConcept,
  Condition,
  Coverage,
  Encounter,
  Medication,
  MedicationAdministration,
  Patient,
  Practitioner,
  Quantity,
  Reference,
} from 'fhir/r4';
import { NDC_SYSTEM, WASTE_ENTRY_SYSTEM, WASTE_REASON_CODE, WASTE_REASON_SYSTEM } from '../../../src/billing';
import { CLINIC, MEDICARE, NURSE, PHYSICIAN } from './directory';

const SNOMED = 'http://snomed.info/sct';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const MRN_SYSTEM = 'https://sandbox.jcode-assist.dev/fhir/NamingSystem/mrn';

// SNOMED CT routes and body sites (docs/smart-and-stack.md).
export const ROUTES = {
  iv: { coding: [{ system: SNOMED, code: '47625008', display: 'Intravenous route' }], text: 'IV' },
  subcutaneous: { coding: [{ system: SNOMED, code: '34206005', display: 'Subcutaneous route' }], text: 'Subcutaneous' },
  intravitreal: { coding: [{ system: SNOMED, code: '418401004', display: 'Intravitreal route' }], text: 'Intravitreal' },
} satisfies Record<string, CodeableConcept>;

export const RIGHT_EYE: CodeableConcept = { coding: [{ system: SNOMED, code: '18944008', display: 'Right eye structure' }], text: 'Right eye' };

/** "Dana Okafor": given names then family name, as the app names the signed-in user. */
export const personName = (who: Practitioner): string => [...(who.name?.[0]?.given ?? []), who.name?.[0]?.family].filter(Boolean).join(' ');

export const ref = (resource: { resourceType: string; id?: string }): Reference => ({ reference: `${resource.resourceType}/${resource.id}` });

export function patient(p: { id: string; given: string; family: string; gender: Patient['gender']; birthDate: string; mrn: string }): Patient {
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ use: 'usual', system: MRN_SYSTEM, value: p.mrn }],
    name: [{ use: 'official', family: p.family, given: [p.given] }],
    gender: p.gender,
    birthDate: p.birthDate,
  };
}

/** An ICD-10-CM diagnosis of the patient, as the problem list holds it. */
export function diagnosis(who: Patient, id: string, code: string, display: string): Condition {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis' }] }],
    code: { coding: [{ system: ICD10, code, display }], text: display },
    subject: ref(who),
  };
}

const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/**
 * An office visit at the sandbox clinic (place of service 11), billed under the clinic: the physician attends
 * (and supervises the nurse's infusions, billed incident-to), the nurse takes part, the diagnoses are ranked.
 */
export function officeVisit(who: Patient, v: { id: string; start: string; end: string; diagnoses: Condition[]; reason: string }): Encounter {
  return {
    resourceType: 'Encounter',
    id: v.id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ text: v.reason }],
    subject: ref(who),
    participant: [
      { type: [{ coding: [{ system: PARTICIPATION, code: 'ATND', display: 'attender' }] }], individual: ref(PHYSICIAN) },
      { type: [{ coding: [{ system: PARTICIPATION, code: 'PART', display: 'Participation' }] }], individual: ref(NURSE) },
    ],
    period: { start: v.start, end: v.end },
    diagnosis: v.diagnoses.map((condition, i) => ({ condition: ref(condition), rank: i + 1 })),
    serviceProvider: ref(CLINIC),
  };
}

/** Medicare Part B, the payer whose JW/JZ rules docs/billing-rules.md follows. */
export function medicarePartB(who: Patient, id: string, mbi: string): Coverage {
  return {
    resourceType: 'Coverage',
    id,
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'SUBSIDIZ', display: 'subsidized health program' }], text: 'Medicare Part B' },
    subscriberId: mbi,
    beneficiary: ref(who),
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }] },
    period: { start: '2024-01-01' },
    payor: [ref(MEDICARE)],
  };
}

/** A packaged product as the pharmacy dispensed it: coded by its NDC, as printed on the carton (5-4-2). */
export function product(id: string, ndc: string, name: string, form: 'powder' | 'solution'): Medication {
  return {
    resourceType: 'Medication',
    id,
    code: { coding: [{ system: NDC_SYSTEM, code: ndc, display: name }], text: name },
    form: { text: form === 'powder' ? 'Powder for solution for injection' : 'Solution for injection' },
  };
}

export const mg = (value: number): Quantity => ({ value, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' });
export const units = (value: number): Quantity => ({ value, unit: 'units', system: 'http://unitsofmeasure.org', code: '[iU]' });

interface Given {
  id: string;
  medication: Medication;
  /** Carry the Medication inside the administration (#id), as some EHRs do, instead of referencing it. */
  containMedication?: boolean;
  dose: Quantity;
  route: CodeableConcept;
  site?: CodeableConcept;
  /** Start and stop of the push, infusion or injection, with the clinic's UTC offset. */
  start: string;
  end: string;
  reason: Condition;
  note?: string;
}

/** A dose given by the clinic's infusion nurse during a visit. */
export function given(who: Patient, visit: Encounter, g: Given): MedicationAdministration {
  const administration: MedicationAdministration = {
    resourceType: 'MedicationAdministration',
    id: g.id,
    status: 'completed',
    ...(g.containMedication
      ? { contained: [g.medication], medicationReference: { reference: `#${g.medication.id}` } }
      : { medicationReference: ref(g.medication) }),
    subject: ref(who),
    context: ref(visit),
    effectivePeriod: { start: g.start, end: g.end },
    performer: [{ actor: ref(NURSE) }],
    reasonReference: [ref(g.reason)],
    dosage: { route: g.route, ...(g.site ? { site: g.site } : {}), dose: g.dose },
    ...(g.note ? { note: [{ text: g.note }] } : {}),
  };
  return administration;
}

/**
 * The waste record of docs/design.md ("Waste records in FHIR"): what was left in the opened single-dose containers and
 * discarded, as a not-done MedicationAdministration that is partOf the dose it came from.
 */
export function discarded(from: MedicationAdministration, w: { id: string; amount: Quantity; at: string; note?: string }): MedicationAdministration {
  return {
    resourceType: 'MedicationAdministration',
    id: w.id,
    identifier: [{ system: WASTE_ENTRY_SYSTEM, value: `${from.id}-${w.id}` }],
    status: 'not-done',
    statusReason: [{ coding: [{ system: WASTE_REASON_SYSTEM, code: WASTE_REASON_CODE, display: 'Discarded (drug waste)' }] }],
    partOf: [ref(from)],
    medicationReference: from.medicationReference!,
    subject: from.subject,
    ...(from.context ? { context: from.context } : {}),
    effectiveDateTime: w.at,
    // With the name the app writes for a signed-in nurse ("Dana Okafor"): the app shows a waste record's people by
    // their display, and a bare reference would read "discarded by someone not named in the record".
    performer: [{ actor: { ...ref(NURSE), display: personName(NURSE) } }],
    dosage: { dose: w.amount },
    ...(w.note ? { note: [{ text: w.note }] } : {}),
  };
}
