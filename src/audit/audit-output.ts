// Turns each audited patient into rows of findings.csv and lines.csv and into the tally the report is drawn from.
// With --pseudonymize every identifier goes through the pseudonymizer here, before anything is written or kept.
import type { AuditedEncounter, AuditedFinding, AuditedPatient } from './audit-patient';
import { CsvCells, CsvLead, CsvWriter } from './csv-writer';
import type { Pseudonymizer } from './pseudonymize';
import { hyphenatedNdc } from '../catalog/ndc';
import { addDollars, drugTally, GroupEncounters, groupTally, weekOf, WorstEncounters, type AuditTally, type EncounterRow, type GroupTally } from './tally';
import { partyLabel, type Party } from './who';

export const FINDINGS_CSV = 'findings.csv';

const NO_PARTY = new CsvCells(['', '']);
const DRUG_CELLS_KEPT = 10_000;
export const LINES_CSV = 'lines.csv';

export class AuditOutput {
  private readonly findings: CsvWriter;
  private readonly lines: CsvWriter;
  private readonly worst: WorstEncounters;
  private readonly groupWorst = new GroupEncounters();
  /** Cells of each performer and location (few: the staff and the sites), escaped once. */
  private readonly partyCells = new WeakMap<Party, CsvCells>();
  /** Cells of each drug name and NDC, escaped once; emptied now and then so that odd names cannot pile up. */
  private readonly drugCells = new Map<string, CsvCells>();

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
    const location = partyLabel(enc.location, 'location');
    const row: EncounterRow = {
      patient, encounter, date: enc.date, location, performers: [], drugs: [],
      errors: 0, warnings: 0, infos: 0, codes: [], wasteUnits: 0, wasteDollars: '0', lines: enc.lines.length,
    };
    tally.totals.encounters++;
    if (enc.blocked) tally.totals.encountersBlocked++;
    tally.totals.lines += enc.lines.length;

    const lead = new CsvLead([patient, encounter]);
    const where = this.cellsOf(enc.location);
    for (let i = 0; i < enc.lines.length; i++) {
      const line = enc.lines[i]!;
      const { drugName, performer } = enc.lineFacts[i]!;
      // ndc_quantity and ndc_unit sit between the NDC and the performer: the drug's cells stop at the NDC.
      this.lines.row([
        line.serviceDate, line.kind, line.code, spaced(line.modifiers), line.units, this.drugOf(line.kind === 'drug' ? drugName : '', line.ndc),
        line.ndcQuantity?.value, line.ndcQuantity?.unit, this.cellsOf(performer), where,
        line.administrationClass, line.containerType, spaced(line.pairedWith), line.rule, this.refs(line.sources), this.text(line.explanation, ids),
      ], lead);
    }
    // The rows of the report's tables this encounter's findings fall in: it is listed under each of them.
    const groups = new Set<GroupTally>();
    for (const audited of enc.findings) {
      const { finding, date, drug, ndc, performer, waste } = audited;
      const value = waste && 'units' in waste ? waste : undefined;
      this.findings.row([
        date, finding.code, finding.severity, spaced(finding.causedBy), this.drugOf(drug?.name ?? '', ndc), drug?.hcpcs,
        performer ? this.cellsOf(performer) : NO_PARTY, where,
        this.text(finding.message, ids), finding.action, this.refs(finding.resources), value?.units, value?.dollars?.toFixed(2),
      ], lead);
      this.tallyFinding(audited, row, enc, groups);
    }
    row.codes.sort();
    // The worst-encounters lists are about encounters a person must look at: those with at least one finding.
    if (enc.findings.length === 0) return;
    this.worst.consider(row);
    for (const group of groups) this.groupWorst.consider(group, row);
  }

  /**
   * Counts one finding in the tally, in its encounter's row (row.codes: the distinct codes, unsorted) and in the
   * rows of the by-drug, by-location and by-performer tables it belongs to. A finding caused by others is counted
   * apart, once, and nowhere else.
   */
  private tallyFinding({ finding, date, drug, performer, waste }: AuditedFinding, row: EncounterRow, enc: AuditedEncounter, groups: Set<GroupTally>): void {
    const tally = this.tally;
    if (finding.causedBy) {
      const consequence = (tally.consequences[finding.code] ??= { count: 0, causes: {} });
      consequence.count++;
      for (const cause of finding.causedBy) consequence.causes[cause] = (consequence.causes[cause] ?? 0) + 1;
      return;
    }
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

    const rows: GroupTally[] = [groupTally(tally.byLocation, enc.location.key, row.location, enc.location.id)];
    if (drug) {
      rows.push(drugTally(tally, drug.key, drug.label, drug.hcpcs));
      const shown = drug.hcpcs || drug.label;
      if (!row.drugs.includes(shown)) row.drugs.push(shown);
    }
    if (performer) {
      const label = partyLabel(performer, 'performer');
      rows.push(groupTally(tally.byPerformer, performer.key, label, performer.id));
      if (!row.performers.includes(label)) row.performers.push(label);
    }
    for (const group of rows) {
      groups.add(group);
      group.findings++;
      if (finding.severity === 'error') group.errors++;
    }
    if (finding.code !== 'waste-undocumented') return;
    tally.waste.findings++;
    for (const group of rows) group.wasteUndocumented++;
    if (!waste || 'notEstimated' in waste) {
      const reason = waste ? waste.notEstimated : 'not estimated';
      tally.waste.notEstimated[reason] = (tally.waste.notEstimated[reason] ?? 0) + 1;
      return;
    }
    tally.waste.estimated++;
    tally.waste.units += waste.units;
    row.wasteUnits += waste.units;
    for (const group of rows) group.wasteUnits += waste.units;
    if (waste.dollars === undefined) {
      tally.waste.unpriced++;
      return;
    }
    tally.waste.dollars = addDollars(tally.waste.dollars, waste.dollars);
    row.wasteDollars = addDollars(row.wasteDollars, waste.dollars);
    for (const group of rows) group.wasteDollars = addDollars(group.wasteDollars, waste.dollars);
  }

  /** A party's name and id as two cells. */
  private cellsOf(party: Party): CsvCells {
    let cells = this.partyCells.get(party);
    if (!cells) this.partyCells.set(party, (cells = new CsvCells([party.name, party.id])));
    return cells;
  }

  /** A drug's name and NDC (5-4-2) as two cells. */
  private drugOf(name: string, ndc: string | undefined): CsvCells {
    const key = ndc ? `${name}\u0000${ndc}` : name;
    let cells = this.drugCells.get(key);
    if (!cells) {
      if (this.drugCells.size >= DRUG_CELLS_KEPT) this.drugCells.clear();
      this.drugCells.set(key, (cells = new CsvCells([name, ndc && hyphenatedNdc(ndc)])));
    }
    return cells;
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
