// CSV files of the audit (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break
// quoted, quotes doubled), written 0600 because they hold patient identifiers.
import { PrivateFileWriter } from './private-files';

export type CsvValue = string | number | undefined | null | CsvCells;

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / carriage return, or a full-width form) as a formula; an id or message
 * from the export could carry one (OWASP "CSV injection"). Such text cells get a leading apostrophe. Numbers
 * are written as numbers and never changed.
 */
export function cell(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return value.text;
  const text = startsLikeFormula(value) ? `'${value}` : value;
  if (!NEEDS_QUOTES.test(text)) return text;
  // Quotes are rare (a message quoting a name): most quoted cells skip the replacement.
  return text.includes('"') ? `"${text.replaceAll('"', '""')}"` : `"${text}"`;
}

/**
 * = + - @ tab CR, and their full-width forms (＝ ＋ － ＠, U+FF1D U+FF0B U+FF0D U+FF20), which spreadsheets in East
 * Asian locales read as the ASCII ones when a cell is typed or imported.
 */
function startsLikeFormula(text: string): boolean {
  const first = text.charCodeAt(0);
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 0xff1d || first === 0xff0b || first === 0xff0d || first === 0xff20;
}

const NEEDS_QUOTES = /[",\r\n]/;

const PENDING_ROWS_AT = 16 * 1024;

/** The first cells of many rows (an encounter's patient and encounter), escaped once for all of them. */
export class CsvLead {
  readonly text: string;

  constructor(values: readonly CsvValue[]) {
    this.text = `${cellsOf(values)},`;
  }
}

/**
 * Several cells escaped once for many rows: a performer's name and id, an encounter's location, a product's name
 * and NDC. Put among a row's values, they stand for as many cells as they were made of.
 */
export class CsvCells {
  readonly text: string;

  constructor(values: readonly CsvValue[]) {
    this.text = cellsOf(values);
  }
}

export class CsvWriter {
  private readonly out: PrivateFileWriter;
  /** Rows not yet handed to the file: encoding a few kilobytes at once costs much less than a call per row. */
  private pending = '';
  rows = 0;

  /** Without a header, the file is a part to be concatenated after a file that has one. */
  constructor(
    readonly path: string,
    header: readonly string[] | undefined,
  ) {
    this.out = new PrivateFileWriter(path);
    if (header) this.out.write(`${cellsOf(header)}\r\n`);
  }

  /** lead: the row's first cells, escaped beforehand (see CsvLead); values follow them. */
  row(values: readonly CsvValue[], lead?: CsvLead): void {
    this.pending += lead ? `${lead.text}${cellsOf(values)}\r\n` : `${cellsOf(values)}\r\n`;
    if (this.pending.length >= PENDING_ROWS_AT) this.handOver();
    this.rows++;
  }

  close(): void {
    this.handOver();
    this.out.close();
  }

  private handOver(): void {
    this.out.write(this.pending);
    this.pending = '';
  }
}

/** The cells of a row, comma separated (a plain loop: this runs for every row of the audit). */
function cellsOf(values: readonly CsvValue[]): string {
  let text = cell(values[0]);
  for (let i = 1; i < values.length; i++) text += `,${cell(values[i])}`;
  return text;
}

// Who and what: the drug (name, NDC written 5-4-2, HCPCS), the performer (name and reference) and the encounter's
// location or service provider (name and reference); docs/audit.md describes every column.
export const FINDINGS_HEADER = [
  'patient', 'encounter', 'date', 'code', 'severity', 'caused_by', 'drug', 'ndc', 'hcpcs', 'performer', 'performer_id',
  'location', 'location_id', 'message', 'action', 'resources', 'waste_units', 'waste_dollars',
] as const;

export const LINES_HEADER = [
  'patient', 'encounter', 'service_date', 'kind', 'code', 'modifiers', 'units', 'drug', 'ndc', 'ndc_quantity', 'ndc_unit',
  'performer', 'performer_id', 'location', 'location_id', 'administration_class', 'container_type', 'paired_with', 'rule',
  'sources', 'explanation',
] as const;

export const FAULTS_HEADER = ['kind', 'file', 'line', 'resource', 'message'] as const;
