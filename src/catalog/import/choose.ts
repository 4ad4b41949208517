// One file per table: when two files of the folder carry the same table, the newer quarter wins and the report
// says which file was used and which was ignored. Files of the same quarter (or of no known quarter) are a
// conflict the user should settle: the first by name is used, and the report says so.
import { tableTitles, type ImportedFile, type ParsedTable } from './import-file';
import { quarterKey, type Quarter } from './quarter';
import type { CmsTableKind, CmsTables, ImportReport } from './types';

const allKinds: readonly CmsTableKind[] = ['crosswalk', 'hcpcs', 'mue', 'pricing'];

export interface Choice {
  tables: CmsTables;
  /** The quarter the catalog is named after: the crosswalk's, else the ASP file's, the HCPCS file's, the MUE table's. */
  quarter?: Quarter;
  missing: CmsTableKind[];
  usable: boolean;
  problems: ImportReport['problems'];
}

/** Marks each file's report used or not (with a note saying why) and returns the tables of the files used. */
export function chooseTables(files: readonly ImportedFile[]): Choice {
  const tables: CmsTables = {};
  const quarters: Partial<Record<CmsTableKind, Quarter>> = {};
  const problems: ImportReport['problems'] = [];
  const missing: CmsTableKind[] = [];
  let usable = true;

  for (const kind of allKinds) {
    const recognised = files.filter((file) => file.report.kind === kind);
    const readable = recognised
      .filter((file): file is ImportedFile & { table: ParsedTable } => file.table !== undefined)
      .sort((a, b) => newerFirst(a.quarter, b.quarter) || byName(a.report.file, b.report.file));
    const [winner, ...losers] = readable;
    if (!winner) {
      if (recognised.length === 0) {
        missing.push(kind);
      } else {
        usable = false;
        const names = recognised.map((file) => file.report.file).join(', ');
        problems.push({ message: `the ${tableTitles[kind]} (${names}) cannot be used; see its problems` });
      }
      continue;
    }
    winner.report.used = true;
    setTable(tables, winner.table, winner.report.file);
    if (winner.quarter) quarters[kind] = winner.quarter;
    for (const loser of losers) {
      const used = winner.report.file;
      const sameQuarter = newerFirst(winner.quarter, loser.quarter) === 0;
      const older = `older ${tableTitles[kind]} (${describeQuarter(loser.quarter)}) than ${used} (${describeQuarter(winner.quarter)})`;
      loser.report.note = sameQuarter ? `same table and quarter as ${used}, which is used (first by name)` : `${older}, which is used`;
      if (sameQuarter) {
        const both = `${loser.report.file} and ${used} both carry the ${tableTitles[kind]} for ${describeQuarter(winner.quarter)}`;
        problems.push({ file: loser.report.file, message: `${both}; ${used} is used. Remove the one you do not mean.` });
      }
    }
  }
  if (files.every((file) => !file.report.used)) {
    usable = false;
    problems.push({
      message: 'no file in the folder is a CMS table this catalog uses (crosswalk, HCPCS file, MUE table, ASP payment limits)',
    });
  }
  const quarter = quarters.crosswalk ?? quarters.pricing ?? quarters.hcpcs ?? quarters.mue;
  return { tables, quarter, missing, usable, problems };
}

/** Each kind's rows, as CmsTables holds them. */
type RowsOf = { [K in CmsTableKind]: NonNullable<CmsTables[K]>['rows'] };

/** The winning file's rows go to the table of the same kind (ParsedTable pairs each kind with its rows). */
function setTable<K extends keyof RowsOf>(tables: { [P in K]?: { file: string; rows: RowsOf[P] } }, table: { kind: K; rows: RowsOf[K] }, file: string): void {
  tables[table.kind] = { file, rows: table.rows };
}

/** Sort order: newer quarter first, a known quarter before an unknown one. */
function newerFirst(a: Quarter | undefined, b: Quarter | undefined): number {
  if (!a || !b) return (a ? 0 : 1) - (b ? 0 : 1);
  return quarterKey(b).localeCompare(quarterKey(a));
}

/** Plain code-unit order, as the folder listing is sorted: the same on every machine, whatever its locale. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeQuarter(quarter: Quarter | undefined): string {
  return quarter ? quarterKey(quarter) : 'unknown quarter';
}
