// CSV files of the audit (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line break
// quoted, quotes doubled), written 0600 because they hold patient identifiers.
import { PrivateFileWriter } from './private-files';

export type CsvValue = string | number | undefined | null;

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / carriage return) as a formula; an id or message
 * from the export could carry one (OWASP "CSV injection"). Such text cells get a leading apostrophe. Numbers
 * are written as numbers and never changed.
 */
function cell(value: CsvValue): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  let text = value;
  const first = text.charCodeAt(0);
  // = + - @ tab CR
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const NEEDS_QUOTES = /[",\r\n]/;

export class CsvWriter {
  private readonly out: PrivateFileWriter;
  rows = 0;

  /** Without a header, the file is a part to be concatenated after a file that has one. */
  constructor(
    readonly path: string,
    header: readonly string[] | undefined,
  ) {
    this.out = new PrivateFileWriter(path);
    if (header) this.out.write(`${header.map(cell).join(',')}\r\n`);
  }

  row(values: readonly CsvValue[]): void {
    this.out.write(`${values.map(cell).join(',')}\r\n`);
    this.rows++;
  }

  close(): void {
    this.out.close();
  }
}

export const FINDINGS_HEADER = ['patient', 'encounter', 'date', 'code', 'severity', 'drug', 'hcpcs', 'message', 'action', 'resources', 'waste_units', 'waste_dollars'] as const;

export const LINES_HEADER = [
  'patient', 'encounter', 'service_date', 'kind', 'code', 'modifiers', 'units', 'ndc', 'ndc_quantity', 'ndc_unit',
  'administration_class', 'container_type', 'paired_with', 'rule', 'sources', 'explanation',
] as const;

export const FAULTS_HEADER = ['kind', 'file', 'line', 'resource', 'message'] as const;
