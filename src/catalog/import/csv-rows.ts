// Rows of a CMS CSV file (RFC 4180 with the liberties CMS takes): quoted fields may span lines (the crosswalk has
// drug names ending in a line break) and hold "" for a quote, a quote inside an unquoted field is a plain
// character, lines end in CRLF, LF or CR, and rows may be shorter or longer than the header.
// A small scanner of our own rather than csv-parse: the crosswalk pads each of its 8,254 rows to 250 columns, and
// csv-parse spent about 0.5 s on those two million empty fields where this scanner takes under 0.1 s, which is
// what keeps a full-quarter import inside its 3 s budget (bench/catalog-import.bench.ts).
import { KnownError } from '../../errors';
import { cleanCell } from './text';
import type { SourceRow } from './types';

/** Malformed CSV that cannot be read on (an unterminated quote): the whole file is suspect. */
export class CsvReadError extends KnownError {
  override readonly name = 'CsvReadError';
  readonly code = 'csv-malformed';
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** onProgress gets the fraction of the text read, every 500 rows. */
export function* csvRows(text: string, onProgress?: (fraction: number) => void): Generator<SourceRow> {
  const length = text.length;
  let position = 0;
  let line = 1;
  let records = 0;
  while (position < length) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(position) === QUOTE) {
        const quoteLine = line;
        value = '';
        let start = position + 1;
        for (;;) {
          const close = text.indexOf('"', start);
          if (close === -1) throw new CsvReadError(`the quote opened on line ${quoteLine} is never closed`);
          line += lineBreaks(text, start, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(start, close + 1);
            start = close + 2;
            continue;
          }
          value += text.slice(start, close);
          position = close + 1;
          break;
        }
        const next = text.charCodeAt(position);
        if (position < length && next !== COMMA && next !== LF && next !== CR) {
          const after = text[position] ?? '';
          throw new CsvReadError(`on line ${line}, a closing quote is followed by "${after}" instead of a comma or the end of the line`);
        }
      } else {
        let end = position;
        while (end < length) {
          const char = text.charCodeAt(end);
          if (char === COMMA || char === LF || char === CR) break;
          end += 1;
        }
        value = text.slice(position, end);
        position = end;
      }
      fields.push(value);
      const delimiter = text.charCodeAt(position);
      if (delimiter === COMMA) {
        position += 1;
        continue;
      }
      if (delimiter === CR) position += text.charCodeAt(position + 1) === LF ? 2 : 1;
      else if (delimiter === LF) position += 1;
      line += 1;
      break;
    }
    records += 1;
    if (onProgress && records % 500 === 0) onProgress(position / length);
    yield toRow(recordLine, fields);
  }
}

/** Cleans cells up to the last non-empty one only: the padding columns stay uncounted and unallocated. */
function toRow(line: number, fields: string[]): SourceRow {
  let end = fields.length;
  while (end > 0 && fields[end - 1] === '') end -= 1;
  const cells = new Array<string>(end);
  for (let i = 0; i < end; i += 1) cells[i] = cleanCell(fields[i] ?? '');
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop(); // cells of spaces only
  return { line, cells, width: fields.length };
}

/** CRLF, LF and a lone CR each end one line. */
function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const char = text.charCodeAt(i);
    if (char === LF) count += 1;
    else if (char === CR && text.charCodeAt(i + 1) !== LF) count += 1;
  }
  return count;
}
