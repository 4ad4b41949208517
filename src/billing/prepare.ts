// One administration made ready for billing: status, drug, dose in the descriptor's unit, container facts, route
// and times, or the findings that say why it cannot be billed.
import type { CodeableConcept, MedicationAdministration, Procedure } from 'fhir/r4';
import type { CatalogIndex } from '../catalog/catalog-index';
import type { AdministrationClass } from '../catalog/types';
import { containerFacts, type ContainerFacts } from './container';
import { isUsableDescriptor } from './dose-units';
import { finding } from './findings';
import { identify, type IdentifiedDrug } from './identify';
import type { ProcedureIndex } from './procedures';
import { list, refOf, type ResourceStore } from './resources';
import { routeOf, type RouteKind } from './route';
import { serviceDateOf, timingOf, type Timing } from './timing';
import type { BillingSettings, Finding } from './types';
import { amountOf, descriptorAmount, inDescriptorDimension, type Amount } from './units';

export type Eye = 'right' | 'left' | 'both';

export interface PreparedAdministration {
  ma: MedicationAdministration;
  ref: string;
  serviceDate: string;
  timing: Timing;
  procedures: Procedure[];
  drug: IdentifiedDrug;
  administrationClass: AdministrationClass;
  /** Absent when the route is missing: the drug line stays, the administration code is left out. */
  route: RouteKind | undefined;
  eye: Eye | undefined;
  /** For coded drugs: the descriptor and the dose in its dimension. Unclassified codes have neither. */
  descriptor: Amount | undefined;
  dose: Amount | undefined;
  facts: ContainerFacts | undefined;
}

// Unclassified ("not otherwise classified") drug codes bill one unit with the NDC, name and dose in the narrative.
export const UNCLASSIFIED_CODES = new Set(['J3490', 'J3590', 'J7599', 'J7699', 'J7799', 'J8499', 'J8999', 'J9999', 'C9399']);

const NOT_BILLED: Record<string, string> = {
  'entered-in-error': 'was entered in error',
  'not-done': 'was not given',
  'on-hold': 'is on hold',
  unknown: 'has an unknown status',
};

export function prepare(
  ma: MedicationAdministration,
  store: ResourceStore,
  catalog: CatalogIndex,
  settings: BillingSettings,
  procedures: ProcedureIndex,
  /** The encounter derive() placed it in; its context when not given. */
  encounter?: string,
): { prepared?: PreparedAdministration; findings: Finding[] } {
  const ref = refOf(ma);
  const linked = procedures.linkedTo(ma, encounter);
  const timing = timingOf(ma, linked);
  const findings: Finding[] = [];
  const status = ma.status as string;
  if (status === 'in-progress') {
    return { findings: [finding('administration-in-progress', `${ref} is still in progress; it is shown but not billed until completed.`, [ref])] };
  }
  const notBilled = NOT_BILLED[status];
  if (notBilled) {
    return { findings: [finding('administration-not-billed', `${ref} ${notBilled}, so it is not billed.`, [ref])] };
  }
  const serviceDate = serviceDateOf(timing.start);
  if (!serviceDate) {
    const why = timing.start ? `its time "${timing.start}" names no day of the calendar` : 'it has no time of administration';
    return { findings: [finding('dose-missing', `${ref}: ${why}, so its date of service is unknown.`, [ref])] };
  }
  const identified = identify(ma, store, catalog);
  findings.push(...identified.findings);
  const drug = identified.drug;
  if (!drug) return { findings };

  const rawDose = ma.dosage?.dose;
  // Mutation testing: `> 0` made `>= 0` is equivalent: a value of 0 is falsy and stops the test before it.
  if (status === 'stopped' && !(rawDose?.value && rawDose.value > 0)) {
    return { findings: [...findings, finding('administration-not-billed', `${ref} was stopped before any ${drug.name} was given.`, [ref])] };
  }
  const { route, routeText } = routeOf(ma.dosage?.route);
  if (!route) {
    findings.push(
      finding(
        'route-missing',
        routeText
          ? `The route "${routeText}" of ${drug.name} (${ref}) is not one the engine pairs with an administration code.`
          : `No route is recorded for ${drug.name} (${ref}), so its administration code cannot be chosen.`,
        [ref],
      ),
    );
  }
  const administrationClass = classOf(drug, settings, ref, findings);
  // Every field is set here, the coded-drug ones filled in below, so all prepared objects share one shape.
  const prepared: PreparedAdministration = {
    ma,
    ref,
    serviceDate,
    timing,
    procedures: linked,
    drug,
    administrationClass,
    route,
    eye: eyeOf(ma.dosage?.site),
    descriptor: undefined,
    dose: undefined,
    facts: undefined,
  };
  if (UNCLASSIFIED_CODES.has(drug.hcpcs)) return { prepared, findings };

  const descriptor: { amount?: unknown; unit?: unknown } | undefined = drug.code?.descriptor;
  // A catalog is data from outside (a CMS quarter, GET /api/catalog): a descriptor is checked before it is counted in.
  if (!isUsableDescriptor(descriptor)) {
    findings.push(
      finding(
        'descriptor-unknown',
        drug.code
          ? `The billing unit of ${drug.hcpcs} ("${drug.code.description}"${descriptor ? `, read as ${String(descriptor.amount)} ${String(descriptor.unit)}` : ''}) is not a quantity the engine can count doses in.`
          : `${drug.hcpcs} is not in the drug catalog, so its billing unit is unknown.`,
        [ref],
      ),
    );
    return { findings };
  }
  const u = descriptorAmount(descriptor);
  const facts = containerFacts(drug, u, settings, catalog);
  // Mutation testing: `drug.medication?.` made `.` is equivalent: identify() finds a drug only from a Medication (one
  // given as a CodeableConcept is wrapped in one), so an identified drug always has it.
  const recordedSize = drug.medication?.amount?.numerator?.value;
  if (typeof recordedSize === 'number' && !(recordedSize > 0)) {
    findings.push(
      finding(
        'container-size-invalid',
        `The medication record of ${drug.name} gives a container content of ${recordedSize}; a container must hold something, so that size is ignored${facts.containerContent ? ' and the catalog\'s size is used' : ''}.`,
        // Mutation testing: `medicationReference?.` made `.` is equivalent: only a referenced Medication can record a
        // content (one given as a CodeableConcept has no amount), so the reference is there whenever this is reached.
        [ref, ...(ma.medicationReference?.reference ? [ma.medicationReference.reference] : [])],
      ),
    );
  }
  if (!rawDose || rawDose.value === undefined) {
    return { findings: [...findings, finding('dose-missing', `No dose is recorded for ${drug.name} (${ref}).`, [ref])] };
  }
  if (!(typeof rawDose.value === 'number' && rawDose.value > 0)) {
    return {
      findings: [...findings, finding('dose-missing', `The dose of ${drug.name} (${ref}) is ${rawDose.value}: a given dose must be above zero.`, [ref])],
    };
  }
  const amount = amountOf(rawDose);
  const converted = amount.ok ? inDescriptorDimension(amount.amount, u, facts) : amount;
  if (!converted.ok) {
    return {
      findings: [
        ...findings,
        finding('dose-unconvertible', `The dose ${rawDose.value} ${rawDose.unit ?? rawDose.code ?? ''} of ${drug.name} (${ref}) cannot be billed: ${converted.reason}.`, [ref]),
      ],
    };
  }
  prepared.descriptor = u;
  prepared.dose = converted.amount;
  prepared.facts = facts;
  return { prepared, findings };
}

// SNOMED 18944008 right eye structure, 8966001 left eye structure, 40638003 both eyes.
function eyeOf(site: CodeableConcept | undefined): Eye | undefined {
  if (!site) return undefined;
  const codes = list(site.coding).map((c) => c?.code);
  if (codes.includes('40638003')) return 'both';
  if (codes.includes('18944008')) return 'right';
  if (codes.includes('8966001')) return 'left';
  // Mutation testing: joining with '' instead of ' ' is equivalent in practice: a side word would have to be split
  // across the end of the site's text and the start of a coding's display.
  const text = [site.text, ...list(site.coding).map((c) => c?.display)].filter((t) => typeof t === 'string').join(' ').toLowerCase();
  if (/both|bilateral/.test(text)) return 'both';
  if (/right/.test(text)) return 'right';
  if (/left/.test(text)) return 'left';
  return undefined;
}

// Monoclonal antibodies are biologic response modifiers, billed with chemotherapy administration codes (Claims
// Processing Manual ch.12 s30.5); these "-mab" drugs treat bone, lipids or asthma and are plain therapeutic injections.
const THERAPEUTIC_MABS = /denosumab|romosozumab|evolocumab|alirocumab|omalizumab|mepolizumab|benralizumab|dupilumab|tezepelumab/i;

/** The default when neither configuration nor catalog says: said aloud as admin-class-assumed. */
function assumedClass(drug: IdentifiedDrug): AdministrationClass {
  // HCPCS J9000-J9999 is the "chemotherapy drugs" range.
  if (/^J9\d{3}$/.test(drug.hcpcs)) return 'chemo';
  // Mutation testing: the '' fallback replaced by other text, and `\w+mab` made `\wmab`, are equivalent: the fallback
  // holds no "mab", and any word ending in "mab" has a word character before it.
  const description = `${drug.code?.description ?? ''} ${drug.name}`;
  if (/\w+mab\b/i.test(description) && !THERAPEUTIC_MABS.test(description)) return 'chemo';
  return 'therapeutic';
}

function classOf(drug: IdentifiedDrug, settings: BillingSettings, ref: string, findings: Finding[]): AdministrationClass {
  const configured = (drug.ndc && settings.administrationClass[drug.ndc]) || settings.administrationClass[drug.hcpcs];
  if (configured) return configured;
  if (drug.code?.administrationClass) return drug.code.administrationClass;
  const assumed = assumedClass(drug);
  findings.push(
    finding(
      'admin-class-assumed',
      `${drug.hcpcs} (${drug.name}) has no administration class in the catalog; it is treated as ${assumed === 'chemo' ? 'chemotherapy' : 'therapeutic'}.`,
      [ref],
    ),
  );
  return assumed;
}
