// Streams an NDJSON file line by line with 1-based line numbers, in constant memory whatever the file's size.
// readline is avoided on purpose: finding newlines in large chunks with indexOf is several times faster, and the
// audit's speed target is measured against a bare read-and-JSON.parse loop. Lines are cut in the raw bytes and
// handed over as bytes: a newline byte never occurs inside a multi-byte UTF-8 character, so no character is split.
// A caller decodes only the lines it needs as text; one that copies lines elsewhere (the partition) copies bytes.
import { createReadStream } from 'node:fs';
import type { ReadRange } from './read-plan';

export interface NdjsonLine {
  /**
   * The line's bytes as read (without the line end): a view into the read buffer, valid only during the call.
   */
  bytes: Buffer;
  /** 1-based line number in the file. */
  line: number;
  /** True for a last line with no newline after it: if it does not parse, the file was cut short. */
  unterminated: boolean;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;
const CR = 13;

/**
 * Calls onLine for every non-empty line (a trailing "\r" is dropped). onBytes reports bytes read, for progress.
 * Empty lines are skipped but still counted, so line numbers match what an editor shows. range: read only that
 * piece of the file, its lines numbered from range.firstLine.
 */
export async function readNdjsonLines(
  path: string,
  onLine: (line: NdjsonLine) => void,
  onBytes?: (bytes: number) => void,
  range?: ReadRange,
): Promise<void> {
  // A range starts right after a newline (see read-plan.ts); the stream's end is inclusive.
  const stream = range
    ? createReadStream(path, { highWaterMark: CHUNK_BYTES, start: range.start, end: range.last ? undefined : range.end - 1 })
    : createReadStream(path, { highWaterMark: CHUNK_BYTES });
  // The start of a line that runs on into the next chunk (a copy: the chunk is not ours to keep).
  let carry: Buffer | undefined;
  let lineNo = range ? range.firstLine - 1 : 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    let start = 0;
    let nl = chunk.indexOf(NEWLINE, start);
    if (carry && nl !== -1) {
      lineNo++;
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      emit(joined, 0, joined.length, lineNo, false, onLine);
      carry = undefined;
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    while (nl !== -1) {
      lineNo++;
      emit(chunk, start, nl, lineNo, false, onLine);
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
  }
  // Only a file's end can leave a line without its newline; a range other than the last always ends with one.
  if (carry) emit(carry, 0, carry.length, lineNo + 1, range ? range.last : true, onLine);
}

function emit(buffer: Buffer, start: number, end: number, line: number, unterminated: boolean, onLine: (line: NdjsonLine) => void): void {
  let stop = end;
  if (stop > start && buffer[stop - 1] === CR) stop--;
  if (isBlank(buffer, start, stop)) return;
  onLine({ bytes: buffer.subarray(start, stop), line, unterminated });
}

/** Whether a line holds nothing but white space (as String.prototype.trim sees it, Unicode spaces included). */
function isBlank(buffer: Buffer, start: number, stop: number): boolean {
  for (let i = start; i < stop; i++) {
    const c = buffer[i]!;
    // tab, line feed, vertical tab, form feed, carriage return, space
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    // A non-ASCII byte may begin a Unicode space (no-break space, byte order mark...): decode to be sure.
    return c < 0x80 ? false : buffer.toString('utf8', i, stop).trim().length === 0;
  }
  return true;
}
