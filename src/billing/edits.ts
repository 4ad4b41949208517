// Edits before a claim (docs/billing-rules.md section 6): MUE, the data every drug line needs, documented Procedure
// codes against derived ones, and the modifier-25 audit target of section 5.
import type { CatalogIndex } from '../catalog/catalog-index';
import { ADMINISTRATION_CODES } from './administration';
import { finding } from './findings';
import type { PreparedAdministration } from './prepare';
import { cptCodesOf, type ProcedureIndex } from './procedures';
import { refOf } from './resources';
import type { BillingLine, Finding } from './types';

export function checkEdits(
  lines: BillingLine[],
  prepared: PreparedAdministration[],
  codesByAdministration: Map<string, string[]>,
  procedures: ProcedureIndex,
  encounterRef: string | null,
  catalog: CatalogIndex,
): Finding[] {
  return [
    ...mueFindings(lines, catalog),
    ...requiredDataFindings(lines),
    ...procedureFindings(prepared, codesByAdministration),
    ...modifier25Findings(lines, procedures, encounterRef),
  ];
}

/** MAI 1 is a per-line edit; MAI 2 and 3 sum the code's units on the date of service, JW lines included. */
function mueFindings(lines: BillingLine[], catalog: CatalogIndex): Finding[] {
  const out: Finding[] = [];
  const perDay = new Map<string, { code: string; date: string; limit: number; units: number; sources: string[] }>();
  for (const line of lines) {
    // Mutation testing: dropping this test is equivalent (the catalog holds HCPCS codes, so an administration
    // line's CPT code has no MUE there); it says which lines the edit is for.
    if (line.kind !== 'drug') continue;
    const mue = catalog.code(line.code)?.mue;
    if (!mue) continue;
    if (mue.adjudication === 1) {
      if (line.units > mue.units) out.push(mueFinding(line.code, line.units, mue.units, 'on one line', line.sources));
      continue;
    }
    const key = `${line.code}|${line.serviceDate}`;
    let day = perDay.get(key);
    if (!day) perDay.set(key, (day = { code: line.code, date: line.serviceDate, limit: mue.units, units: 0, sources: [] }));
    day.units += line.units;
    day.sources.push(...line.sources);
  }
  for (const day of perDay.values()) {
    if (day.units > day.limit) out.push(mueFinding(day.code, day.units, day.limit, `on ${day.date}`, day.sources));
  }
  return out;
}

function mueFinding(code: string, units: number, limit: number, where: string, sources: string[]): Finding {
  return finding(
    'units-exceed-mue',
    `${code} is billed for ${units} units ${where}, above the CMS practitioner MUE of ${limit}; the line may be denied.`,
    sources,
  );
}

function requiredDataFindings(lines: BillingLine[]): Finding[] {
  return lines
    .filter((l) => l.kind === 'drug' && !l.ndc)
    .map((l) => finding('ndc-missing', `The ${l.code} line has no NDC; most payers require the 11-digit NDC with its quantity on drug lines.`, l.sources));
}

/** A documented administration CPT code that differs from the derived one is for a person to resolve. */
function procedureFindings(prepared: PreparedAdministration[], codesByAdministration: Map<string, string[]>): Finding[] {
  const out: Finding[] = [];
  for (const p of prepared) {
    const derived = codesByAdministration.get(p.ref) ?? [];
    for (const procedure of p.procedures) {
      for (const documented of cptCodesOf(procedure).filter((c) => c in ADMINISTRATION_CODES)) {
        if (!derived.includes(documented)) {
          out.push(
            finding(
              'admin-code-mismatch',
              `${refOf(procedure)} documents ${documented} for ${p.drug.name}, but the record supports ${derived.length ? derived.join(' + ') : 'no administration code'}.`,
              [refOf(procedure), p.ref],
            ),
          );
        }
      }
    }
  }
  return out;
}

// E/M office visit codes; an E/M with modifier 25 on an injection day is an OIG audit target (OIG 2025, 67028).
const EM_CODE = /^992(0[2-5]|1[1-5])$/;

function modifier25Findings(lines: BillingLine[], procedures: ProcedureIndex, encounterRef: string | null): Finding[] {
  // Mutation testing: `!encounterRef` made false is equivalent (no Procedure is filed under no encounter).
  if (!encounterRef || !lines.some((l) => l.kind === 'administration')) return [];
  return procedures
    .ofEncounter(encounterRef)
    .filter((p) => p.status !== 'entered-in-error' && cptCodesOf(p).some((c) => EM_CODE.test(c)))
    .map((p) =>
      finding(
        'em-modifier-25-review',
        `${refOf(p)} records an office visit on the same day as a drug administration; billed with modifier 25 it is a known audit target.`,
        [refOf(p)],
      ),
    );
}
