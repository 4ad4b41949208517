// Appending whole files to an open file, for putting the per-bucket parts of the CSV outputs together.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const CHUNK = 1 << 20;

/** Appends the file at `path` to the open file `fd`; with skipFirstLine, its first line (a header) is left out. */
export function appendFile(fd: number, path: string, skipFirstLine = false): void {
  const input = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let skipping = skipFirstLine;
  try {
    for (;;) {
      const n = readSync(input, buffer, 0, CHUNK, null);
      if (n === 0) break;
      let start = 0;
      if (skipping) {
        const nl = buffer.subarray(0, n).indexOf(10);
        if (nl === -1) continue;
        start = nl + 1;
        skipping = false;
      }
      if (n > start) writeSync(fd, buffer, start, n - start);
    }
  } finally {
    closeSync(input);
  }
}
