// The first pass's read jobs: a file larger than one thread's share of the export is cut into pieces that start
// at a line, so that several threads can read it (an export often holds all its administrations in one file).
// Faults name a line of the file, so each piece must know the number of its first line: the planner counts the
// newlines before each cut, which costs a quick read of the file; smaller files are read whole.
import { closeSync, openSync, readSync } from 'node:fs';
import type { ExportFile } from './export-files';

/** One piece of one file: bytes [start, end), whose first line is line firstLine of the file. */
export interface ReadRange {
  start: number;
  end: number;
  firstLine: number;
  /** True for the file's last piece: only there may a line lack its newline (a file cut short). */
  last: boolean;
}

/** Pieces are never aimed smaller than this: each costs a job and a stream. */
const MIN_PIECE_BYTES = 8 * 1024 * 1024;

/**
 * The size of the pieces for an export read by `threads` threads: half a thread's share, so that a file larger
 * than a share is cut. In one thread nothing is cut (Infinity).
 */
export function pieceBytesFor(exportBytes: number, threads: number): number {
  return threads <= 1 ? Number.POSITIVE_INFINITY : Math.max(MIN_PIECE_BYTES, Math.ceil(exportBytes / (2 * threads)));
}

const BLOCK_BYTES = 1 << 20;
const NEWLINE = 10;

/**
 * Cuts a file into pieces of about pieceBytes, each starting right after a newline. A file no larger than two
 * pieces, or one that cannot be read (the reader reports it), is one piece.
 */
export function planFileRanges(file: ExportFile, pieceBytes: number): ReadRange[] {
  const whole: ReadRange[] = [{ start: 0, end: file.bytes, firstLine: 1, last: true }];
  if (file.bytes <= 2 * pieceBytes) return whole;
  let fd: number;
  try {
    fd = openSync(file.path, 'r');
  } catch {
    return whole;
  }
  try {
    const ranges: ReadRange[] = [];
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    let start = 0;
    let firstLine = 1;
    /** Newlines counted before `position`. */
    let newlines = 0;
    let position = 0;
    // Reads block by block; the next cut is the first newline at or after start + pieceBytes - 1.
    for (;;) {
      const read = readSync(fd, block, 0, BLOCK_BYTES, position);
      if (read === 0) break;
      let i = 0;
      for (;;) {
        const cutFrom = start + pieceBytes - 1 - position;
        const nl = block.indexOf(NEWLINE, i);
        if (nl === -1 || nl >= read) break;
        newlines++;
        i = nl + 1;
        if (nl >= cutFrom && position + nl + 1 < file.bytes) {
          const end = position + nl + 1;
          ranges.push({ start, end, firstLine, last: false });
          start = end;
          firstLine = newlines + 1;
        }
      }
      position += read;
    }
    // The file may have changed size since it was listed: the last piece runs to its end as read now.
    ranges.push({ start, end: Math.max(position, start), firstLine, last: true });
    return ranges;
  } finally {
    closeSync(fd);
  }
}
