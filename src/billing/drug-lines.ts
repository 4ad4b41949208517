// Drug lines with JW/JZ (docs/billing-rules.md sections 2 and 4): doses of one code on one date of service are summed
// before rounding; single-dose containers get `code x A` + `code-JW x W`, or `code-JZ x A` when W = 0.
// Sources: Claims Processing Manual ch.17 s10 and s40; CR 9603 (JW); CR 13056 (JZ from 2023-07-01);
// NGS: administered rounded up, waste rounded down; Noridian: waste below one unit is not billable.
import Big from 'big.js';
import type { CatalogIndex } from '../catalog/catalog-index';
import { quotientTo3Places, to3Places } from './decimal';
import { finding } from './findings';
import { openedContainers } from './opened-containers';
import type { PreparedAdministration } from './prepare';
import { UNCLASSIFIED_CODES } from './prepare';
import { containerSizeMemo } from './vial-sizes';
import type { WasteEntry } from './waste-record';
import type { BillingLine, BillingSettings, Finding, NdcUnitQualifier } from './types';
import { administeredUnits, amountOf, inDescriptorDimension, wholeUnits, type Amount } from './units';

const CMS_CH17 = 'Medicare Claims Processing Manual ch.17 s10';
const WASTE_SOURCE = 'Claims Processing Manual ch.17 s40; CR 13056; NGS and Noridian JW/JZ guidance';
// Big values are immutable: every operation returns a new one, so one zero serves every sum.
const ZERO = new Big(0);

interface Portion {
  administrations: PreparedAdministration[];
  dose: Big;
}

/** Drug lines for every administration of one patient, grouped by code and date of service. */
export function drugLines(
  prepared: readonly PreparedAdministration[],
  waste: ReadonlyMap<string, WasteEntry[]>,
  catalog: CatalogIndex,
  settings: BillingSettings,
): { lines: BillingLine[]; findings: Finding[] } {
  const lines: BillingLine[] = [];
  const findings: Finding[] = [];
  for (const group of groupBy(prepared, (p) => `${p.drug.hcpcs}|${p.serviceDate}`)) {
    const first = group[0]!;
    if (UNCLASSIFIED_CODES.has(first.drug.hcpcs)) {
      lines.push(...unclassifiedLines(group, findings));
      continue;
    }
    const inactive = inactiveReason(first);
    if (inactive) {
      findings.push(finding('code-inactive', inactive, group.map((p) => p.ref)));
      continue;
    }
    // Within the code and day, each NDC is its own line; the units total is still ceil(total dose / u).
    // Mutation testing: any constant for "no NDC" is equivalent, it only has to differ from every NDC.
    const byNdc = groupBy(group, (p) => p.drug.ndc ?? '');
    const u = first.descriptor!.value;
    let cumulative = ZERO;
    let unitsSoFar = 0;
    for (const portionAdmins of byNdc) {
      const portion: Portion = {
        administrations: portionAdmins,
        dose: portionAdmins.reduce((sum, p) => sum.plus(p.dose!.value), ZERO),
      };
      cumulative = cumulative.plus(portion.dose);
      const unitsToHere = administeredUnits(cumulative, u);
      const administered = unitsToHere - unitsSoFar;
      unitsSoFar = unitsToHere;
      // A later NDC whose dose the earlier lines' rounding already covers adds no administered unit of its own,
      // but its containers are still checked for waste (and may carry a JW line).
      for (const line of portionLines(portion, administered, waste, catalog, settings, findings)) if (line.units >= 1) lines.push(line);
    }
  }
  return { lines, findings };
}

/** One NDC's share of a code and day, with what its lines need: findings go to `findings`. */
interface PortionContext {
  portion: Portion;
  administered: number;
  first: PreparedAdministration;
  refs: string[];
  /** The line's sources: the administrations, then the waste records read. */
  sources: string[];
  jzRequired: boolean;
  settings: BillingSettings;
  findings: Finding[];
}

/** The drug lines of one portion, phase by phase: containers that carry no JW/JZ, then the opened amount, then waste. */
function portionLines(
  portion: Portion,
  administered: number,
  waste: ReadonlyMap<string, WasteEntry[]>,
  catalog: CatalogIndex,
  settings: BillingSettings,
  findings: Finding[],
): BillingLine[] {
  const first = portion.administrations[0]!;
  const refs = portion.administrations.map((p) => p.ref);
  const ctx: PortionContext = { portion, administered, first, refs, sources: [...refs], jzRequired: first.serviceDate >= settings.jzRequiredFrom, settings, findings };
  const withoutWaste = linesWithoutWaste(ctx);
  if (withoutWaste) return withoutWaste;
  const opened = openedAmount(ctx, waste);
  // Mutation testing: a non-empty array here (or at `if (jzRequired) return []`) is equivalent: drugLines keeps only
  // lines with units >= 1. `first.facts?.` and `facts?.` below are equivalent too: a coded drug always has facts.
  if (!opened) return [];
  const content = first.facts?.containerContent;
  if (opened.documentedDose.gt(ZERO) && content) {
    checkContainers(first.drug.hcpcs, opened.documentedDose, opened.discarded, first.descriptor!, content.value, catalog, refs, first, findings);
  }
  return wasteLines(ctx, opened.total);
}

/**
 * Lines that carry no JW/JZ at all: a multi-dose container; a container type not known (an error from 2023-07-01,
 * when a claim without JW or JZ is returned, CR 13056; a warning before); a setting other than the office, where
 * JW/JZ depend on the OPPS status indicator. Undefined for a single-dose container in the office.
 */
function linesWithoutWaste(ctx: PortionContext): BillingLine[] | undefined {
  const { portion, administered, first, refs, sources, jzRequired, settings, findings } = ctx;
  const { drug, facts } = first;
  const dose = portion.dose;
  if (facts?.containerType === 'multi-dose') {
    const describe = unitsExplanation(first, dose, administered);
    return [
      drugLine(first, sources, [], administered, ndcQuantity(dose, first, findings), 'units.multi-dose', `${describe}. Multi-dose container (${facts.containerTypeSource}): no JW or JZ.`),
    ];
  }
  if (!facts?.containerType) {
    findings.push(
      finding(
        'container-unknown',
        `It is not known whether ${drug.name}${drug.ndc ? ` (NDC ${drug.ndc})` : ''} comes in a single-dose or multi-dose container, so JW or JZ cannot be chosen.`,
        refs,
        jzRequired ? 'error' : 'warning',
      ),
    );
    if (jzRequired) return [];
    const describe = unitsExplanation(first, dose, administered);
    return [drugLine(first, sources, [], administered, ndcQuantity(dose, first, findings), 'units.container-unknown', `${describe}. Container type unknown; before ${settings.jzRequiredFrom} no JZ was required.`)];
  }
  if (settings.setting !== 'office') {
    findings.push(
      finding('setting-unsupported', `JW/JZ for ${drug.hcpcs} depends on the OPPS status indicator in the ${settings.setting} setting; they were not derived.`, refs),
    );
    return [drugLine(first, sources, [], administered, ndcQuantity(dose, first, findings), 'units.no-waste-setting', unitsExplanation(first, dose, administered))];
  }
  return undefined;
}

interface Opened {
  /** V: everything opened, in the descriptor's dimension. */
  total: Big;
  /** The dose of the administrations that have waste records, and what those records say was discarded. */
  documentedDose: Big;
  discarded: Big;
}

/**
 * Single-dose: V = D + documented discarded amount; without a record, the smallest whole number of the
 * administered product's containers that holds D (docs/billing-rules.md section 4). Undefined, with the finding that
 * says why, when V cannot be known: a discarded amount that cannot be read, or an undocumented dose that does not
 * fill whole containers (waste-undocumented).
 */
function openedAmount(ctx: PortionContext, waste: ReadonlyMap<string, WasteEntry[]>): Opened | undefined {
  const { portion, first, sources, findings } = ctx;
  const content = first.facts?.containerContent;
  let documentedDose = ZERO;
  let discarded = ZERO;
  let undocumentedDose = ZERO;
  const undocumented: string[] = [];
  for (const p of portion.administrations) {
    const entries = waste.get(p.ref) ?? [];
    if (entries.length === 0) {
      undocumentedDose = undocumentedDose.plus(p.dose!.value);
      undocumented.push(p.ref);
      continue;
    }
    documentedDose = documentedDose.plus(p.dose!.value);
    for (const entry of entries) {
      sources.push(entry.source);
      const amount = wasteAmount(entry, first);
      if (!amount.ok) {
        findings.push(finding('dose-unconvertible', `The discarded amount in ${entry.source} cannot be read: ${amount.reason}.`, [entry.source, p.ref]));
        return undefined;
      }
      discarded = discarded.plus(amount.value);
    }
  }
  let total = documentedDose.plus(discarded);
  if (undocumented.length > 0) {
    const opening = content ? openedContainers(undocumentedDose, content.value) : undefined;
    const containers = opening?.count;
    const holds = opening?.holds;
    if (!holds || !holds.eq(undocumentedDose)) {
      const u = first.descriptor!;
      const { name, hcpcs } = first.drug;
      const undocumentedWaste = finding(
        'waste-undocumented',
        holds
          ? `${fmt(undocumentedDose)} ${unitWord(u)} of ${name} was given from single-dose containers holding ${fmt(holds)} ${unitWord(u)} (${containers!.toString()} x ${fmt(content!.value)} ${unitWord(u)}), but no discarded amount is recorded. Without it neither JW nor JZ can be billed.`
          : `${name} was given from a single-dose container of unknown size and no discarded amount is recorded, so it cannot be told whether any was discarded.`,
        undocumented,
      );
      if (opening) {
        // Administered rounded up, waste rounded down (NGS), as for a JW line.
        const billingUnits = Math.max(0, wholeUnits(opening.holds, u.value) - administeredUnits(undocumentedDose, u.value));
        undocumentedWaste.wasteLeft = { hcpcs, amount: opening.left.toString(), unit: unitWord(u), billingUnits };
      }
      findings.push(undocumentedWaste);
      return undefined;
    }
    total = total.plus(holds);
  }
  return { total, documentedDose, discarded };
}

/** A = administered units, W = floor(V / u) - A: `code x A` + `code-JW x W` when W >= 1, else `code-JZ x A`. */
function wasteLines(ctx: PortionContext, opened: Big): BillingLine[] {
  const { portion, administered, first, sources, jzRequired, settings, findings } = ctx;
  const u = first.descriptor!;
  const dose = portion.dose;
  const wasted = Math.max(0, wholeUnits(opened, u.value) - administered);
  const discardedTotal = opened.minus(dose);
  const describe = unitsExplanation(first, dose, administered);
  const wasteText = `Single-dose container (${first.facts!.containerTypeSource}); ${fmt(opened)} ${unitWord(u)} opened, ${fmt(discardedTotal)} ${unitWord(u)} discarded`;
  if (wasted >= 1) {
    return [
      drugLine(first, sources, [], administered, ndcQuantity(dose, first, findings), 'waste.administered', `${describe}. ${wasteText}, so the administered amount is billed without JW/JZ beside a JW line (${WASTE_SOURCE}).`),
      drugLine(first, sources, ['JW'], wasted, ndcQuantity(discardedTotal, first, findings), 'waste.jw', `${wasteText}: floor(${fmt(opened)} / ${fmt(u.value)}) - ${administered} = ${wasted} discarded unit(s) billed with JW (${WASTE_SOURCE}).`),
    ];
  }
  if (!jzRequired) {
    return [drugLine(first, sources, [], administered, ndcQuantity(dose, first, findings), 'waste.none-before-jz', `${describe}. ${wasteText}; no billable waste, and JZ was not required before ${settings.jzRequiredFrom}.`)];
  }
  return [
    drugLine(first, sources, ['JZ'], administered, ndcQuantity(dose, first, findings), 'waste.jz', `${describe}. ${wasteText}: less than one billing unit, so nothing billable was discarded and the line carries JZ (${WASTE_SOURCE}).`),
  ];
}

/** How the administered units were counted: the opening of a drug line's explanation. */
function unitsExplanation(first: PreparedAdministration, dose: Big, administered: number): string {
  const { drug } = first;
  const u = first.descriptor!;
  // Mutation testing: `descriptor?.upTo` -> `descriptor.upTo` is equivalent: a coded drug always has its descriptor.
  return `${fmt(dose)} ${unitWord(u)} given; ${drug.hcpcs} bills ${fmt(u.value)} ${unitWord(u)}${drug.code?.descriptor?.upTo ? ' (up to)' : ''} per unit, so ${administered} unit(s) (${CMS_CH17}: round up, at least one unit)`;
}

/** waste-inconsistent and vial-choice-wasteful, from the sizes the catalog knows for the code. */
function checkContainers(
  hcpcs: string,
  dose: Big,
  discarded: Big,
  u: Amount,
  own: Big,
  catalog: CatalogIndex,
  refs: string[],
  first: PreparedAdministration,
  findings: Finding[],
): void {
  const memo = containerSizeMemo(catalog);
  const { sizes: sizeList, key } = memo.sizesWith(hcpcs, u.value, own, () => catalog.productsOfCode(hcpcs).map((p) => p.billUnits));
  const opened = dose.plus(discarded);
  const fits = memo.composable(key, opened, sizeList);
  const sizesText = `${sizeList.map((s) => fmt(s)).join(', ')} ${unitWord(u)}`;
  if (fits !== true && fits !== false) {
    findings.push(finding('waste-unchecked', `The discarded amount of ${first.drug.name} could not be checked against its container sizes (${sizesText}): ${fits.unchecked}.`, refs));
    return;
  }
  if (!fits) {
    findings.push(
      finding(
        'waste-inconsistent',
        `${fmt(dose)} ${unitWord(u)} given plus ${fmt(discarded)} ${unitWord(u)} discarded is ${fmt(opened)} ${unitWord(u)}, which no combination of ${first.drug.name} containers (${sizesText}) holds.`,
        refs,
      ),
    );
    return;
  }
  const least = memo.smallestAtLeast(key, dose, sizeList);
  if (least instanceof Big && least.lt(opened)) {
    findings.push(
      finding(
        'vial-choice-wasteful',
        `${fmt(opened)} ${unitWord(u)} of ${first.drug.name} was opened for a ${fmt(dose)} ${unitWord(u)} dose; containers holding ${fmt(least)} ${unitWord(u)} would have been enough (CGS: bill the least wasteful choice).`,
        refs,
      ),
    );
  }
}

function wasteAmount(entry: WasteEntry, p: PreparedAdministration): { ok: true; value: Big } | { ok: false; reason: string } {
  if (entry.amount?.value === 0) return { ok: true, value: ZERO };
  const amount = amountOf(entry.amount);
  if (!amount.ok) return amount;
  if (amount.amount.value.lt(ZERO)) return { ok: false, reason: 'the amount is negative' };
  const converted = inDescriptorDimension(amount.amount, p.descriptor!, p.facts ?? {});
  return converted.ok ? { ok: true, value: converted.amount.value } : converted;
}

/**
 * The NDC quantity: the drug on the line in the package's own unit (docs/billing-rules.md section 6): ML for liquids
 * (amount / concentration), UN for powders and counted items (amount / content of one container), F2 for
 * international units; up to 3 decimals.
 */
function ndcQuantity(amount: Big, p: PreparedAdministration, findings: Finding[]): BillingLine['ndcQuantity'] {
  const facts = p.facts;
  // Mutation testing: `p.descriptor?.` made `p.descriptor.` below is equivalent (a drug line exists only for a
  // drug with a descriptor), as are `p.drug.code?.` and `p.facts?.` made non-optional in this file's line builders.
  if (!p.drug.ndc || !facts) return undefined;
  if (facts.liquid && facts.perMl) return q(quotientTo3Places(amount, facts.perMl.value), 'ML');
  if (facts.liquid === false && p.descriptor?.dimension === 'unit') return q(Number(to3Places(amount)), 'F2');
  if (facts.containerContent) {
    if (facts.liquid === undefined) {
      findings.push(
        finding('ndc-unit-assumed', `It is not known whether ${p.drug.name} is a liquid; its NDC quantity is given in containers (UN).`, [p.ref]),
      );
    }
    return q(quotientTo3Places(amount, facts.containerContent.value), 'UN');
  }
  return undefined;
}

/** One drug line; every field is written out so each line object has the same shape. */
function drugLine(
  p: PreparedAdministration,
  sources: string[],
  modifiers: string[],
  units: number,
  ndcQuantity: BillingLine['ndcQuantity'],
  rule: string,
  explanation: string,
): BillingLine {
  return {
    kind: 'drug',
    code: p.drug.hcpcs,
    description: p.drug.code?.description,
    modifiers,
    units,
    ndc: p.drug.ndc,
    ndcQuantity,
    serviceDate: p.serviceDate,
    sources,
    rule,
    explanation: p.drug.choice ? `${p.drug.choice} ${explanation}` : explanation,
    administrationClass: p.administrationClass,
    containerType: p.facts?.containerType,
  };
}

/** A quantity already rounded to 3 decimals; never below 0.001, the least a claim can carry. */
function q(value: number, unit: NdcUnitQualifier): BillingLine['ndcQuantity'] {
  return { value: Math.max(0.001, value), unit };
}

function unclassifiedLines(group: PreparedAdministration[], findings: Finding[]): BillingLine[] {
  const first = group[0]!;
  const refs = group.map((p) => p.ref);
  const doses = group.map((p) => p.ma.dosage?.dose).filter((d) => d?.value !== undefined);
  const missing = [!first.drug.ndc && 'the NDC', doses.length < group.length && 'the dose'].filter(Boolean);
  findings.push(
    finding(
      'unclassified-code',
      `${first.drug.hcpcs} is an unclassified code: the claim must name ${first.drug.name}, its NDC and the dose${missing.length ? `; missing here: ${missing.join(' and ')}` : ''}.`,
      refs,
    ),
  );
  return [
    {
      kind: 'drug',
      code: first.drug.hcpcs,
      description: first.drug.code?.description,
      modifiers: [],
      units: 1,
      ndc: first.drug.ndc,
      serviceDate: first.serviceDate,
      sources: refs,
      rule: 'units.unclassified',
      explanation: `${first.drug.hcpcs} is not otherwise classified: one unit, with the drug name, NDC and dose in the claim narrative (docs/billing-rules.md 1.5).`,
      administrationClass: first.administrationClass,
    },
  ];
}

function inactiveReason(p: PreparedAdministration): string | undefined {
  const code = p.drug.code;
  // Mutation testing: dropping this check is equivalent: a drug whose code the catalog lacks stops at
  // descriptor-unknown in prepare() and never reaches the drug lines.
  if (!code) return undefined;
  if (code.addDate && p.serviceDate < code.addDate) {
    return `${code.code} was not yet in effect on ${p.serviceDate} (it starts ${code.addDate}).`;
  }
  if (code.termDate && p.serviceDate > code.termDate) {
    return `${code.code} ended on ${code.termDate} and cannot be billed for ${p.serviceDate}; use the code that replaced it.`;
  }
  return undefined;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return [...map.values()];
}

function fmt(value: Big): string {
  return to3Places(value);
}

function unitWord(a: Amount): string {
  return a.dimension === 'mass' ? 'mg' : a.dimension === 'unit' ? 'units' : a.dimension === 'volume' ? 'mL' : 'containers';
}
