// Rows of a CMS CSV file, parsed by csv-parse. Quoted fields may span lines (the crosswalk has drug names ending
// in a line break), rows may be shorter or longer than the header, and quotes may appear inside unquoted fields;
// none of that stops the reader. Line numbers are counted here (one per record plus the line breaks inside its
// fields), because csv-parse counts a CRLF inside a quoted field as two lines.
// The whole text is parsed at once: the CMS files are a few megabytes, and csv-parse's stream buffers every
// record of a chunk anyway, so streaming would only add per-record overhead.
import { parse } from 'csv-parse/sync';
import { cleanCell } from './text';
import type { SourceRow } from './types';

/** The parser gave up (an unterminated quote): the file cannot be trusted from start to end. */
export class CsvReadError extends Error {
  override readonly name = 'CsvReadError';
}

export function* csvRows(text: string): Generator<SourceRow> {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    throw new CsvReadError(error instanceof Error ? error.message : String(error));
  }
  let line = 1;
  for (const record of records) {
    // The crosswalk pads every row to 250 columns: clean only up to the last non-empty cell.
    let end = record.length;
    while (end > 0 && record[end - 1] === '') end -= 1;
    const cells = new Array<string>(end);
    let breaks = 0;
    for (let i = 0; i < end; i += 1) {
      const cell = record[i] ?? '';
      if (cell.includes('\n') || cell.includes('\r')) breaks += lineBreaks(cell);
      cells[i] = cleanCell(cell);
    }
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop(); // cells of spaces only
    yield { line, cells, width: record.length };
    line += 1 + breaks;
  }
}

/** CRLF, LF and a lone CR each end one line. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (char === 10) count += 1;
    else if (char === 13 && text.charCodeAt(i + 1) !== 10) count += 1;
  }
  return count;
}
