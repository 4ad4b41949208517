// Which HCPCS code a drug is billed under (docs/billing-rules.md section 1): the NDC through the CMS crosswalk first,
// an HCPCS coding on the Medication second, never a guess from the drug's name.
import type { CodeableConcept, Coding, Medication, MedicationAdministration } from 'fhir/r4';
import type { CatalogIndex } from '../catalog/catalog-index';
import type { HcpcsCode, NdcProduct } from '../catalog/types';
import { chooseCode } from './code-choice';
import { finding } from './findings';
import { list, refOf, type ResourceStore } from './resources';
import { routeOf } from './route';
import type { Finding } from './types';

export const NDC_SYSTEM = 'http://hl7.org/fhir/sid/ndc';
export const NDC_SYSTEMS = [NDC_SYSTEM, 'urn:oid:2.16.840.1.113883.6.69'];
export const HCPCS_SYSTEM = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const HCPCS_SYSTEMS = [HCPCS_SYSTEM, 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets'];

export interface IdentifiedDrug {
  hcpcs: string;
  /** The catalog's facts about the code; absent when the catalog does not know it. */
  code: HcpcsCode | undefined;
  /** The crosswalk row for this NDC + HCPCS; absent when the code came from an HCPCS coding alone. */
  product: NdcProduct | undefined;
  /** 11-digit NDC, kept even when the crosswalk does not know it (it still belongs on the claim). */
  ndc: string | undefined;
  /** The NDC coding's display: HL7 puts the FDA package text there ("1 VIAL, SINGLE-DOSE in 1 CARTON"). */
  ndcDisplay: string | undefined;
  medication: Medication | undefined;
  name: string;
  /** Why this code, when the NDC maps to several (docs/billing-rules.md 1.2); for the drug line's explanation. */
  choice?: string;
}

export interface Identification {
  drug?: IdentifiedDrug;
  findings: Finding[];
}

export function medicationOf(ma: MedicationAdministration, store: ResourceStore): Medication | undefined {
  if (ma.medicationReference) return store.resolve<Medication>(ma.medicationReference, ma);
  // Mutation testing: this test made true, or resourceType emptied, is equivalent: a Medication without a code reads as no Medication, and its resourceType is never read.
  if (ma.medicationCodeableConcept) return { resourceType: 'Medication', code: ma.medicationCodeableConcept };
  return undefined;
}

export function drugName(ma: MedicationAdministration, medication: Medication | undefined): string {
  const cc: CodeableConcept | undefined = medication?.code ?? ma.medicationCodeableConcept;
  const text = cc?.text ?? list(cc?.coding).find((c) => c?.display)?.display ?? ma.medicationReference?.display;
  return typeof text === 'string' && text ? text : UNNAMED;
}

/** The record's own name for the drug; failing that, the product's or the code's, so messages name the drug. */
function named(recorded: string, productName: string | undefined, description: string | undefined): string {
  if (recorded !== UNNAMED) return recorded;
  return productName?.trim() || description || recorded;
}

const UNNAMED = 'the drug';

export function identify(
  ma: MedicationAdministration,
  store: ResourceStore,
  catalog: CatalogIndex,
): Identification {
  const self = refOf(ma);
  const medication = medicationOf(ma, store);
  const name = drugName(ma, medication);
  const findings: Finding[] = [];
  if (ma.medicationReference && !medication) {
    return {
      findings: [
        finding(
          'drug-unmapped',
          `The medication ${ma.medicationReference.reference ?? ''} of ${self} is not in the record, so the drug cannot be identified.`,
          [self],
        ),
      ],
    };
  }
  const hcpcsCodings: string[] = [];
  const ndcCodings: Coding[] = [];
  for (const c of list(medication?.code?.coding)) {
    if (typeof c?.code !== 'string' || !c.code) continue;
    // Mutation testing: the `?? ''` default may become any other string that is no system; a coding without a system matches neither list either way.
    if (HCPCS_SYSTEMS.includes(c.system ?? '')) hcpcsCodings.push(c.code.trim().toUpperCase());
    if (NDC_SYSTEMS.includes(c.system ?? '')) ndcCodings.push(c);
  }

  let ndc: string | undefined;
  let ndcDisplay: string | undefined;
  let candidates: readonly NdcProduct[] = [];
  for (const coding of ndcCodings) {
    const lookup = catalog.lookupNdc(coding.code!);
    if ('error' in lookup) {
      findings.push(finding('ndc-missing', `The NDC "${coding.code}" on ${name} is not a valid NDC: ${lookup.error}.`, [self]));
      continue;
    }
    const { readings, known } = lookup;
    if (known.length > 1) {
      return {
        findings: [
          ...findings,
          finding(
            'drug-ambiguous',
            `The 10-digit NDC ${coding.code} of ${name} matches several products (${known.join(', ')}); it cannot be told which one was given.`,
            [self],
          ),
        ],
      };
    }
    ndc = known[0] ?? readings[0];
    ndcDisplay = coding.display;
    if (known[0]) {
      candidates = catalog.productsOfNdc(known[0]);
      break;
    }
  }

  if (candidates.length > 0) {
    const choice = chooseCode(candidates, hcpcsCodings, routeOf(ma.dosage?.route).route, catalog);
    if ('ambiguous' in choice) {
      const named = choice.ambiguous.map((p) => {
        const description = catalog.code(p.hcpcs)?.description;
        return description ? `${p.hcpcs} "${description}"` : p.hcpcs;
      });
      return {
        findings: [
          ...findings,
          finding(
            'drug-ambiguous',
            `NDC ${ndc} of ${name} maps to several HCPCS codes (${named.join('; ')}) and neither the medication record, the setting, the route nor the container size tells which applies.`,
            [self],
          ),
        ],
      };
    }
    const { product, reason } = choice;
    const code = catalog.code(product.hcpcs);
    return {
      drug: { hcpcs: product.hcpcs, code, product, ndc, ndcDisplay, medication, name: named(name, product.name, code?.description), choice: reason },
      findings,
    };
  }

  const hcpcs = hcpcsCodings[0];
  if (hcpcs) {
    // docs/billing-rules.md 1.3: no NDC, or one the crosswalk does not know: the Medication's HCPCS coding decides.
    const code = catalog.code(hcpcs);
    return { drug: { hcpcs, code, product: undefined, ndc, ndcDisplay, medication, name: named(name, undefined, code?.description) }, findings };
  }
  const why = ndc
    ? `its NDC ${ndc} is not in the NDC-HCPCS crosswalk and it carries no HCPCS code`
    : 'it carries neither an NDC nor an HCPCS code (only other codes such as RxNorm)';
  return { findings: [...findings, finding('drug-unmapped', `${name} (${self}) cannot be billed: ${why}.`, [self])] };
}
