// Rows of the first worksheet of an xlsx workbook (the HCPCS quarterly file), read with exceljs's streaming
// WorkbookReader: one row at a time, where loading the whole workbook would hold every cell object of the
// October 2025 file (8,846 rows x 49 columns, a 14 MB worksheet) at once. It is most of a quarter's import time.
import { createReadStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import { cleanCell, withoutTrailingEmpties } from './text';
import type { SourceRow } from './types';

export async function* xlsxRows(
  path: string,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<SourceRow> {
  // Loaded on first use: exceljs takes about a third of a second to load, which every command that never reads a
  // workbook (derive, audit on the starter catalog) would otherwise pay.
  const { default: ExcelJS } = await import('exceljs');
  // Progress is read off the stream (bytesRead) row by row. A 'data' listener would set the stream flowing before
  // the reader consumes it, and any chunk read in between would be lost to the reader.
  const input = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        // row.values builds a new 1-based array on every read (index 0 is always empty): read it once.
        const values = row.values;
        // Array.from, not map: the array is sparse where cells are empty.
        const cells = Array.isArray(values) ? Array.from(values.slice(1), (value) => cleanCell(cellText(value))) : [];
        onBytes?.(input.bytesRead);
        yield { line: row.number, cells: withoutTrailingEmpties(cells), width: Number.POSITIVE_INFINITY };
      }
      // The CMS files have one worksheet; any further sheet (notes, a pivot) is not a table of the quarter.
      break;
    }
  } finally {
    input.destroy();
  }
}

/** A cell as text: numbers as written ("20250401" may be stored as a number), dates as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return '';
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return value.text;
  return '';
}
