// Any file of the folder as rows, whatever its name: a workbook when its bytes are a zip (xlsx; a zip that is not
// a workbook fails there and is reported), a CSV when they are text. Other binary files (a PDF of the release
// notes, an old .xls) give no rows.
import { open, readFile } from 'node:fs/promises';
import { csvRows } from './csv-rows';
import { decodeCsvBytes } from './text';
import type { SourceRow } from './types';
import { xlsxRows } from './xlsx-rows';

export type FileFormat = 'xlsx' | 'csv' | 'binary';

/** Looks at the first bytes only. */
export async function sniffFormat(path: string): Promise<FileFormat> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
    // Text files hold no NUL bytes; PDFs, old .xls workbooks and images do.
    return bytes.includes(0) || bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? 'binary' : 'csv';
  } finally {
    await handle.close();
  }
}

/**
 * Rows of a CSV or xlsx file, with progress every 500 rows. For a workbook, exceljs has read the whole zip before
 * it parses the worksheet, so its bytes stop at 90% until the last row: the row count shows the rest.
 */
export async function* fileRows(
  path: string,
  format: 'xlsx' | 'csv',
  size: number,
  onProgress?: (bytesDone: number, rows: number) => void,
): AsyncGenerator<SourceRow> {
  let bytesDone = 0;
  const source =
    format === 'xlsx'
      ? xlsxRows(path, (bytesRead) => {
          bytesDone = Math.min(bytesRead, Math.floor(size * 0.9));
        })
      : csvRows(decodeCsvBytes(await readFile(path)), (fraction) => {
          bytesDone = Math.round(fraction * size);
        });
  let rows = 0;
  for await (const row of source) {
    rows += 1;
    if (onProgress && rows % 500 === 0) onProgress(bytesDone, rows);
    yield row;
  }
  onProgress?.(size, rows);
}
