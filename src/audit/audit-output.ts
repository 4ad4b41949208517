// Turns each audited patient into rows of findings.csv and lines.csv and into the tally the report is drawn from.
// With --pseudonymize every identifier goes through the pseudonymizer here, before anything is written or kept.
import type { AuditedEncounter, AuditedFinding, AuditedPatient } from './audit-patient';
import { CsvLead, CsvWriter } from './csv-writer';
import type { Pseudonymizer } from './pseudonymize';
import { addDollars, drugTally, weekOf, WorstEncounters, type AuditTally, type EncounterRow } from './tally';

export const FINDINGS_CSV = 'findings.csv';
export const LINES_CSV = 'lines.csv';

export class AuditOutput {
  private readonly findings: CsvWriter;
  private readonly lines: CsvWriter;
  private readonly worst: WorstEncounters;

  /** Writes rows without headers: the files are parts of findings.csv and lines.csv, put together at the end. */
  constructor(
    paths: { findings: string; lines: string },
    private readonly tally: AuditTally,
    private readonly pseudonymizer: Pseudonymizer | undefined,
  ) {
    this.findings = new CsvWriter(paths.findings, undefined);
    this.lines = new CsvWriter(paths.lines, undefined);
    this.worst = new WorstEncounters(tally);
  }

  add(audited: AuditedPatient): void {
    const tally = this.tally;
    for (const { drug, count } of audited.administrationsByDrug.values()) {
      drugTally(tally, drug.key, drug.label, drug.hcpcs).administrations += count;
    }
    tally.totals.administrations += audited.administrations;
    tally.totals.wasteRecords += audited.wasteRecords;
    if (audited.encounters.length > 0) tally.totals.patients++;
    for (const enc of audited.encounters) this.addEncounter(enc, audited.ids);
    this.pseudonymizer?.clear();
  }

  private addEncounter(enc: AuditedEncounter, ids: AuditedPatient['ids']): void {
    const tally = this.tally;
    const patient = this.ref(enc.patient);
    const encounter = this.ref(enc.encounter);
    const row: EncounterRow = { patient, encounter, date: enc.date, errors: 0, warnings: 0, infos: 0, codes: [], wasteUnits: 0, wasteDollars: '0', lines: enc.lines.length };
    tally.totals.encounters++;
    if (enc.blocked) tally.totals.encountersBlocked++;
    tally.totals.lines += enc.lines.length;

    const lead = new CsvLead([patient, encounter]);
    for (const line of enc.lines) {
      this.lines.row([
        line.serviceDate, line.kind, line.code, spaced(line.modifiers), line.units, line.ndc,
        line.ndcQuantity?.value, line.ndcQuantity?.unit, line.administrationClass, line.containerType,
        spaced(line.pairedWith), line.rule, this.refs(line.sources), this.text(line.explanation, ids),
      ], lead);
    }
    for (const audited of enc.findings) {
      const { finding, date, drug, waste } = audited;
      const value = waste && 'units' in waste ? waste : undefined;
      this.findings.row([
        date, finding.code, finding.severity, drug?.label, drug?.hcpcs, this.text(finding.message, ids),
        finding.action, this.refs(finding.resources), value?.units, value?.dollars?.toFixed(2),
      ], lead);
      this.tallyFinding(audited, row);
    }
    row.codes.sort();
    // The worst-encounters list is about encounters a person must look at: those with at least one finding.
    if (enc.findings.length > 0) this.worst.consider(row);
  }

  /** Counts one finding in the tally and in its encounter's row (row.codes: the distinct codes, unsorted). */
  private tallyFinding({ finding, date, drug, waste }: AuditedFinding, row: EncounterRow): void {
    const tally = this.tally;
    tally.totals.findings[finding.severity]++;
    if (finding.severity === 'error') row.errors++;
    else if (finding.severity === 'warning') row.warnings++;
    else row.infos++;
    const byCode = (tally.byCode[finding.code] ??= { severity: finding.severity, count: 0, encounters: 0 });
    byCode.count++;
    if (!row.codes.includes(finding.code)) {
      row.codes.push(finding.code);
      byCode.encounters++;
    }
    const week = (tally.perWeek[weekOf(date)] ??= { error: 0, warning: 0, info: 0 });
    week[finding.severity]++;
    const drugRow = drug ? drugTally(tally, drug.key, drug.label, drug.hcpcs) : undefined;
    if (drugRow) {
      drugRow.findings++;
      if (finding.severity === 'error') drugRow.errors++;
    }
    if (finding.code !== 'waste-undocumented') return;
    tally.waste.findings++;
    if (drugRow) drugRow.wasteUndocumented++;
    if (!waste || 'notEstimated' in waste) {
      const reason = waste ? waste.notEstimated : 'not estimated';
      tally.waste.notEstimated[reason] = (tally.waste.notEstimated[reason] ?? 0) + 1;
      return;
    }
    tally.waste.estimated++;
    tally.waste.units += waste.units;
    row.wasteUnits += waste.units;
    if (drugRow) drugRow.wasteUnits += waste.units;
    if (waste.dollars === undefined) {
      tally.waste.unpriced++;
      return;
    }
    tally.waste.dollars = addDollars(tally.waste.dollars, waste.dollars);
    row.wasteDollars = addDollars(row.wasteDollars, waste.dollars);
    if (drugRow) drugRow.wasteDollars = addDollars(drugRow.wasteDollars, waste.dollars);
  }

  private ref(reference: string): string {
    return this.pseudonymizer ? this.pseudonymizer.ref(reference) : reference;
  }

  /** References as one cell, space separated. */
  private refs(references: readonly string[]): string | undefined {
    const p = this.pseudonymizer;
    return p ? references.map((r) => p.ref(r)).join(' ') : spaced(references);
  }

  /** Free text (explanations, messages), with the patient's ids replaced under --pseudonymize. */
  private text(text: string, ids: AuditedPatient['ids']): string {
    return this.pseudonymizer ? this.pseudonymizer.text(text, ids) : text;
  }

  close(): { findings: number; lines: number } {
    this.findings.close();
    this.lines.close();
    return { findings: this.findings.rows, lines: this.lines.rows };
  }
}

/** A list as one cell, space separated. Most lists here hold one item, which join() would copy for nothing. */
function spaced(list: readonly string[] | undefined): string | undefined {
  return list?.length === 1 ? list[0] : list?.join(' ');
}
