// Turns each audited patient into rows of findings.csv and lines.csv and into the tally the report is drawn from.
// With --pseudonymize every identifier goes through the pseudonymizer here, before anything is written or kept.
import type { AuditedPatient, WasteValue } from './audit-patient';
import { CsvWriter } from './csv-writer';
import type { Pseudonymizer } from './pseudonymize';
import { addDollars, considerWorst, drugTally, weekOf, type AuditTally, type EncounterRow } from './tally';

export const FINDINGS_CSV = 'findings.csv';
export const LINES_CSV = 'lines.csv';

export class AuditOutput {
  private readonly findings: CsvWriter;
  private readonly lines: CsvWriter;

  /** Writes rows without headers: the files are parts of findings.csv and lines.csv, put together at the end. */
  constructor(
    paths: { findings: string; lines: string },
    private readonly tally: AuditTally,
    private readonly pseudonymizer: Pseudonymizer | undefined,
  ) {
    this.findings = new CsvWriter(paths.findings, undefined);
    this.lines = new CsvWriter(paths.lines, undefined);
  }

  add(audited: AuditedPatient): void {
    const p = this.pseudonymizer;
    const ref = p ? (r: string) => p.ref(r) : (r: string) => r;
    const text = p ? (t: string) => p.text(t, audited.ids) : (t: string) => t;
    const tally = this.tally;

    for (const { drug, count } of audited.administrationsByDrug.values()) {
      drugTally(tally, drug.key, drug.label, drug.hcpcs).administrations += count;
    }
    tally.totals.administrations += audited.administrations;
    tally.totals.wasteRecords += audited.wasteRecords;
    if (audited.encounters.length > 0) tally.totals.patients++;

    for (const enc of audited.encounters) {
      const patient = ref(enc.patient);
      const encounter = ref(enc.encounter);
      const row: EncounterRow = { patient, encounter, date: enc.date, errors: 0, warnings: 0, infos: 0, codes: [], wasteUnits: 0, wasteDollars: '0', lines: enc.lines.length };
      const codes = new Set<string>();
      tally.totals.encounters++;
      if (enc.blocked) tally.totals.encountersBlocked++;
      tally.totals.lines += enc.lines.length;

      for (const line of enc.lines) {
        this.lines.row([
          patient, encounter, line.serviceDate, line.kind, line.code, line.modifiers.join(' '), line.units, line.ndc,
          line.ndcQuantity?.value, line.ndcQuantity?.unit, line.administrationClass, line.containerType,
          (line.pairedWith ?? []).join(' '), line.rule, line.sources.map(ref).join(' '), text(line.explanation),
        ]);
      }

      for (const { finding, date, drug, waste } of enc.findings) {
        const value = waste && 'units' in waste ? (waste as WasteValue) : undefined;
        this.findings.row([
          patient, encounter, date, finding.code, finding.severity, drug?.label, drug?.hcpcs, text(finding.message),
          finding.action, finding.resources.map(ref).join(' '), value?.units, value?.dollars?.toFixed(2),
        ]);
        tally.totals.findings[finding.severity]++;
        if (finding.severity === 'error') row.errors++;
        else if (finding.severity === 'warning') row.warnings++;
        else row.infos++;
        const byCode = (tally.byCode[finding.code] ??= { severity: finding.severity, count: 0, encounters: 0 });
        byCode.count++;
        if (!codes.has(finding.code)) {
          codes.add(finding.code);
          byCode.encounters++;
        }
        const week = (tally.perWeek[weekOf(date)] ??= { error: 0, warning: 0, info: 0 });
        week[finding.severity]++;
        const drugRow = drug ? drugTally(tally, drug.key, drug.label, drug.hcpcs) : undefined;
        if (drugRow) {
          drugRow.findings++;
          if (finding.severity === 'error') drugRow.errors++;
        }
        if (finding.code !== 'waste-undocumented') continue;
        tally.waste.findings++;
        if (drugRow) drugRow.wasteUndocumented++;
        if (!waste || 'notEstimated' in waste) {
          const reason = waste && 'notEstimated' in waste ? waste.notEstimated : 'not estimated';
          tally.waste.notEstimated[reason] = (tally.waste.notEstimated[reason] ?? 0) + 1;
          continue;
        }
        tally.waste.estimated++;
        tally.waste.units += waste.units;
        row.wasteUnits += waste.units;
        if (drugRow) drugRow.wasteUnits += waste.units;
        if (waste.dollars === undefined) {
          tally.waste.unpriced++;
          continue;
        }
        tally.waste.dollars = addDollars(tally.waste.dollars, waste.dollars);
        row.wasteDollars = addDollars(row.wasteDollars, waste.dollars);
        if (drugRow) drugRow.wasteDollars = addDollars(drugRow.wasteDollars, waste.dollars);
      }
      row.codes = [...codes].sort();
      // The worst-encounters list is about encounters a person must look at: those with at least one finding.
      if (enc.findings.length > 0) considerWorst(tally, row);
    }
    p?.clear();
  }

  close(): { findings: number; lines: number } {
    this.findings.close();
    this.lines.close();
    return { findings: this.findings.rows, lines: this.lines.rows };
  }
}
