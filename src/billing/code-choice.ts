// Which of the HCPCS codes one NDC maps to applies (docs/billing-rules.md 1.2). The crosswalk is keyed on NDC + HCPCS:
// Epogen maps to J0885 (non-ESRD) and Q4081 (ESRD on dialysis), a 500 mL saline bag to J7030, J7040 and J7050.
// The candidates are narrowed in a fixed order, each step only while more than one is left and only when it
// leaves at least one; what is still several is drug-ambiguous, never a choice by list order.
import type { CatalogIndex } from '../catalog/catalog-index';
import type { HcpcsCode, NdcProduct } from '../catalog/types';
import { descriptorDimension, isDescriptorUnit } from './dose-units';
import type { RouteKind } from './route';

export type CodeChoice =
  | { product: NdcProduct; reason: string | undefined }
  | { ambiguous: readonly NdcProduct[] };

interface Step {
  narrow(candidates: readonly NdcProduct[]): readonly NdcProduct[];
  /** Why the step's survivor was chosen, for the drug line's explanation. */
  reason: string;
}

export function chooseCode(
  candidates: readonly NdcProduct[],
  medicationCodes: readonly string[],
  route: RouteKind | undefined,
  catalog: CatalogIndex,
): CodeChoice {
  // Most NDCs map to one code: nothing to choose, and no steps to build (this runs for every administration).
  const [single] = candidates;
  if (candidates.length === 1 && single) return { product: single, reason: undefined };
  const codeOf = (p: NdcProduct) => catalog.code(p.hcpcs);
  const steps: Step[] = [
    // a. The Medication's own HCPCS coding.
    { narrow: (c) => c.filter((p) => medicationCodes.includes(p.hcpcs)), reason: 'the medication record names it' },
    // b. The setting. The engine drafts practitioner (and hospital outpatient) claims, never an ESRD facility
    //    claim, so a code restricted to ESRD on dialysis (Q4081, J0882) is never a candidate here.
    { narrow: (c) => c.filter((p) => !esrdOnly(codeOf(p))), reason: 'the other code is for ESRD on dialysis only, which is not this claim' },
    // c. The route: a descriptor naming another route than the administration's rules its code out (J1571
    //    intramuscular, J1573 intravenous).
    { narrow: (c) => byRoute(c, route, codeOf), reason: `its descriptor names the route given (${route ?? ''})` },
    // d. Codes counting the same kind of quantity in different amounts: the one of which one container is exactly
    //    one billing unit (crosswalk BILLUNITS = 1): a 500 mL bag is J7040 (500 mL), not J7030 or J7050.
    { narrow: (c) => (sameKindOfQuantity(c, codeOf) ? c.filter((p) => isOne(p.billUnits)) : c), reason: 'one container of this product is exactly one billing unit of it' },
  ];
  let left = candidates;
  let reason: string | undefined;
  for (const step of steps) {
    if (left.length <= 1) break;
    const narrowed = step.narrow(left);
    // A step that keeps everyone changes nothing but the reason, which a later step (the one that leaves one
    // candidate) overwrites; a step that would leave none is no help and is passed over.
    if (narrowed.length >= 1) {
      left = narrowed;
      reason = step.reason;
    }
  }
  const [only] = left;
  if (left.length === 1 && only) {
    return {
      product: only,
      reason: candidates.length > 1 ? `The NDC maps to ${candidates.map((p) => p.hcpcs).join(', ')}; ${only.hcpcs} applies because ${reason} (docs/billing-rules.md 1.2).` : undefined,
    };
  }
  return { ambiguous: left };
}

// HCPCS descriptors say "(for esrd on dialysis)"; their non-ESRD twins say "(non-esrd use)" or "(for non esrd use)".
const ESRD_ONLY = /\bfor esrd on dialysis\b/i;

function esrdOnly(code: HcpcsCode | undefined): boolean {
  return code !== undefined && ESRD_ONLY.test(code.description);
}

const DESCRIPTOR_ROUTES: readonly [RegExp, RouteKind][] = [
  [/\bintravenous\b/i, 'iv'],
  [/\bintramuscular\b/i, 'im'],
  [/\bsubcutaneous\b/i, 'sc'],
  [/\bintravitreal\b/i, 'intravitreal'],
];

/** The one route a descriptor names, if it names exactly one. */
function routeNamed(code: HcpcsCode | undefined): RouteKind | undefined {
  // Mutation testing: any text without a route name is equivalent to '' here.
  const named = DESCRIPTOR_ROUTES.filter(([pattern]) => pattern.test(code?.description ?? ''));
  return named.length === 1 ? named[0]![1] : undefined;
}

/** A code whose descriptor names another route than the one given cannot be the right one; no route named, no say. */
function byRoute(candidates: readonly NdcProduct[], route: RouteKind | undefined, codeOf: (p: NdcProduct) => HcpcsCode | undefined): readonly NdcProduct[] {
  if (!route) return candidates;
  return candidates.filter((p) => {
    const named = routeNamed(codeOf(p));
    return named === undefined || named === route;
  });
}

/** Every candidate's descriptor counts the same kind of quantity (volume, mass, units, containers). */
function sameKindOfQuantity(candidates: readonly NdcProduct[], codeOf: (p: NdcProduct) => HcpcsCode | undefined): boolean {
  const kinds = new Set<string>();
  for (const p of candidates) {
    const unit = codeOf(p)?.descriptor?.unit;
    if (!isDescriptorUnit(unit)) return false;
    kinds.add(descriptorDimension(unit).dimension);
  }
  return kinds.size === 1;
}

/** BILLUNITS is a decimal string ("1", "1.0", "0.5"); absent reads as NaN, which is not 1. */
function isOne(billUnits: string | undefined): boolean {
  return Number(billUnits) === 1;
}
