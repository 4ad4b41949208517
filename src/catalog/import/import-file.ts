// One file of the CMS folder: find its header row among the first rows (title rows sit above it), tell which
// table it is from that header alone, then read every data row into records. Bad rows become problems with
// their line; a file that cannot be used (a required column missing, an unreadable workbook) says why.
import path from 'node:path';
import { crosswalkKind } from './crosswalk';
import { hcpcsKind, quarterOfHcpcsRows } from './hcpcs';
import { isRecognised, matchHeader, normalizeHeaderCell, type ColumnIndex, type HeaderMatch } from './header';
import { mueKind } from './mue';
import { pricingKind } from './pricing';
import { quarterFromFileName, quarterFromText, quarterKey, type Quarter } from './quarter';
import { fileRows, sniffFormat } from './rows';
import type { RowSink, TableKind } from './table-kind';
import type { CmsTableKind, CrosswalkRow, FileReport, HcpcsRow, MueRow, PricingRow, RowProblem, SourceRow } from './types';

/** CMS puts at most a dozen title and note rows above a header; 30 leaves room without reading a whole file. */
export const HEADER_SCAN_ROWS = 30;
/** Problems kept per file: enough to see what is wrong, few enough to read. The rest are counted. */
const MAX_PROBLEMS_PER_FILE = 50;

export type ParsedTable =
  | { kind: 'crosswalk'; rows: CrosswalkRow[] }
  | { kind: 'hcpcs'; rows: HcpcsRow[] }
  | { kind: 'mue'; rows: MueRow[] }
  | { kind: 'pricing'; rows: PricingRow[] };

export interface ImportedFile {
  report: FileReport;
  /** Present when the file was read as a table that could be used. */
  table?: ParsedTable;
  quarter?: Quarter;
}

const kinds = [crosswalkKind, hcpcsKind, mueKind, pricingKind] as const;

export const tableTitles = Object.fromEntries(kinds.map((kind) => [kind.kind, kind.title])) as Record<CmsTableKind, string>;

export async function importFile(
  filePath: string,
  size: number,
  onProgress?: (bytesDone: number, rows: number) => void,
): Promise<ImportedFile> {
  const report: FileReport = { file: path.basename(filePath), kind: 'unrecognised', used: false, rows: 0, skipped: [], problems: [] };
  const format = await sniffFormat(filePath);
  if (format === 'binary') {
    report.note = 'not a CSV file or an xlsx workbook';
    return { report };
  }
  const problems = new ProblemList();
  const rows = fileRows(filePath, format, size, onProgress)[Symbol.asyncIterator]();
  try {
    const titleRows: SourceRow[] = [];
    while (titleRows.length < HEADER_SCAN_ROWS) {
      const next = await rows.next();
      if (next.done) break;
      const found = recogniseHeader(next.value.cells);
      if (!found) {
        titleRows.push(next.value);
        continue;
      }
      report.kind = found.kind;
      const headerLine = next.value.line;
      const titleQuarter = quarterFromText(titleRows.flatMap((row) => row.cells).join(' '));
      const missingRequired = found.match.missing.filter((column) => column.required);
      for (const column of found.match.missing) {
        const consequence = column.required ? 'the file cannot be used' : 'its values are left out';
        const hint = column.hint ? ` (${column.hint})` : '';
        const header = next.value.cells.join(' | ');
        const message = `column "${column.label}" of the ${found.title} is not in the header; ${consequence}${hint}. The header reads: ${header}`;
        problems.add({ line: headerLine, message });
      }
      if (missingRequired.length > 0) {
        const quarter = titleQuarter ?? quarterFromFileName(report.file);
        if (quarter) report.quarter = quarterKey(quarter);
        report.note = `a required column is missing: ${missingRequired.map((column) => column.label).join(', ')}`;
        break;
      }
      const table = await readTable(found.kind, found.match.columns, rows, report, problems);
      const quarter = titleQuarter ?? table.quarter ?? quarterFromFileName(report.file);
      if (quarter) report.quarter = quarterKey(quarter);
      report.problems = problems.list();
      return { report, table: table.parsed, quarter };
    }
    if (report.kind === 'unrecognised') report.note = `no header of a CMS table in the first ${HEADER_SCAN_ROWS} rows`;
  } catch (error) {
    const what = format === 'xlsx' ? 'an xlsx workbook' : 'CSV';
    problems.add({ message: `the file cannot be read as ${what}: ${error instanceof Error ? error.message : String(error)}` });
    // CMS publishes each table inside a zip archive; the archive itself is only a hint away from useful.
    report.note = /\.zip$/i.test(report.file) ? 'a zip archive: unzip the CMS download into the folder' : 'unreadable';
  } finally {
    await rows.return?.(undefined);
  }
  report.problems = problems.list();
  return { report };
}

function recogniseHeader(
  cells: readonly string[],
): { kind: CmsTableKind; title: string; match: HeaderMatch<string> } | undefined {
  let best: { kind: CmsTableKind; title: string; match: HeaderMatch<string>; share: number } | undefined;
  for (const kind of kinds) {
    const columns: TableKind<string, unknown>['columns'] = kind.columns;
    const match = matchHeader(cells, columns);
    const share = match.matched / columns.length;
    if (isRecognised(match, columns.length) && (!best || share > best.share)) best = { kind: kind.kind, title: kind.title, match, share };
  }
  return best;
}

async function readTable(
  kind: CmsTableKind,
  columns: ColumnIndex<string>,
  rows: AsyncIterator<SourceRow>,
  report: FileReport,
  problems: ProblemList,
): Promise<{ parsed: ParsedTable; quarter?: Quarter }> {
  switch (kind) {
    case 'crosswalk':
      return { parsed: { kind, rows: await readRecords(crosswalkKind, columns, rows, report, problems) } };
    case 'hcpcs': {
      const records = await readRecords(hcpcsKind, columns, rows, report, problems);
      return { parsed: { kind, rows: records }, quarter: quarterOfHcpcsRows(records) };
    }
    case 'mue':
      return { parsed: { kind, rows: await readRecords(mueKind, columns, rows, report, problems) } };
    case 'pricing':
      return { parsed: { kind, rows: await readRecords(pricingKind, columns, rows, report, problems) } };
  }
}

async function readRecords<K extends string, R>(
  kind: TableKind<K, R>,
  columns: ColumnIndex<K>,
  rows: AsyncIterator<SourceRow>,
  report: FileReport,
  problems: ProblemList,
): Promise<R[]> {
  const records: R[] = [];
  const firstLineOf = new Map<string, number>();
  const skipped = new Map<string, number>();
  const placed = kind.columns.flatMap((spec) => {
    const index = columns[spec.key];
    return index === undefined ? [] : [{ spec, index }];
  });
  const lastIndex = Math.max(...placed.map((column) => column.index));
  const isHeaderCell = (cell: string) => kind.columns.some((spec) => spec.matches(normalizeHeaderCell(cell)));

  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const row = next.value;
    if (row.cells.length === 0) continue; // blank and padding rows
    if (row.cells.every(isHeaderCell)) continue; // a repeated header
    report.rows += 1;
    const line = row.line;
    const sink: RowSink = {
      problem: (message) => problems.add({ line, message }),
      skip: (reason) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1),
    };
    if (row.width <= lastIndex) {
      const cut = placed.filter((column) => column.index >= row.width);
      const labels = cut.map((column) => column.spec.label).join(', ');
      if (cut.some((column) => column.spec.required)) {
        sink.problem(`truncated row: it ends after ${row.width} fields, without ${labels}; the row is left out`);
        continue;
      }
      sink.problem(`truncated row: it ends after ${row.width} fields, without ${labels}; those values are left out`);
    }
    const record = kind.parseRow(
      {
        line,
        get: (key) => {
          const index = columns[key];
          return index === undefined || index >= row.width ? undefined : (row.cells[index] ?? '');
        },
      },
      sink,
    );
    if (record === undefined) continue;
    const key = kind.keyOf(record);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      sink.problem(`${key} appears again (first on line ${first}); the first row is kept`);
      continue;
    }
    firstLineOf.set(key, line);
    records.push(record);
  }
  report.skipped = [...skipped].map(([reason, count]) => ({ reason, count }));
  return records;
}

class ProblemList {
  private readonly kept: RowProblem[] = [];
  private dropped = 0;

  add(problem: RowProblem): void {
    if (this.kept.length < MAX_PROBLEMS_PER_FILE) this.kept.push(problem);
    else this.dropped += 1;
  }

  list(): RowProblem[] {
    if (this.dropped === 0) return this.kept;
    return [...this.kept, { message: `and ${this.dropped} more problems (only the first ${MAX_PROBLEMS_PER_FILE} are listed)` }];
  }
}
