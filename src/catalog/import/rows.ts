// Any file of the folder as rows, whatever its name: a workbook when its bytes are a zip (xlsx), a CSV when they
// are text. Binary files that are neither (a PDF of the release notes, a zip of last quarter) give no rows.
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

/** Rows of a CSV or xlsx file; progress is reported in bytes of the file. */
export async function* fileRows(
  path: string,
  format: 'xlsx' | 'csv',
  size: number,
  onProgress?: (bytesDone: number) => void,
): AsyncGenerator<SourceRow> {
  if (format === 'xlsx') {
    yield* xlsxRows(path, onProgress);
    return;
  }
  yield* csvRows(decodeCsvBytes(await readFile(path)));
  onProgress?.(size);
}
