// Cutting a large NDJSON file into pieces for several threads: every piece starts at a line, the pieces cover the
// file exactly, and each knows the number of its first line; reading the pieces gives the lines of the whole file.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportFile } from '../../src/audit/export-files';
import { readNdjsonLines } from '../../src/audit/ndjson-reader';
import { pieceBytesFor, planFileRanges, type ReadRange } from '../../src/audit/read-plan';
import { removeDir, tempDir } from './export-fixture';

const dir = tempDir('read-plan');
afterAll(() => removeDir(dir));

function file(name: string, content: string): ExportFile {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, name, bytes: statSync(path).size };
}

interface Line {
  text: string;
  line: number;
  unterminated: boolean;
}

async function read(f: ExportFile, range?: ReadRange): Promise<Line[]> {
  const out: Line[] = [];
  await readNdjsonLines(f.path, ({ bytes, line, unterminated }) => out.push({ text: bytes.toString('utf8'), line, unterminated }), undefined, range);
  return out;
}

/** Lines of varied length, blank ones, CRLF endings, multi-byte characters, and a last line without its newline. */
function content(lines: number): string {
  let text = '';
  for (let i = 1; i <= lines; i++) {
    if (i % 7 === 0) text += '\n';
    else text += `{"n":${i},"pad":"${'é'.repeat(i % 13)}${'x'.repeat((i * 37) % 90)}"}${i % 5 === 0 ? '\r\n' : '\n'}`;
  }
  return `${text}{"cut":`;
}

describe('planFileRanges', () => {
  it('leaves a file no larger than two pieces whole', () => {
    const f = file('small.ndjson', '{"a":1}\n{"b":2}\n');
    expect(planFileRanges(f, 1024)).toEqual([{ start: 0, end: f.bytes, firstLine: 1, last: true }]);
    expect(planFileRanges(f, f.bytes / 2)).toHaveLength(1);
    expect(planFileRanges(f, f.bytes / 2 - 1)).toHaveLength(2);
  });

  it.each([64, 100, 1000, 4096])('cuts a file at line starts into pieces of about %i bytes that read as the whole file', async (pieceBytes) => {
    const f = file(`big-${pieceBytes}.ndjson`, content(400));
    const ranges = planFileRanges(f, pieceBytes);
    expect(ranges.length).toBeGreaterThan(1);
    expect(ranges[0]!.start).toBe(0);
    expect(ranges.at(-1)!.end).toBe(f.bytes);
    for (const [i, r] of ranges.entries()) {
      expect(r.last).toBe(i === ranges.length - 1);
      if (i > 0) expect(r.start).toBe(ranges[i - 1]!.end);
      // At least the aimed size, except the last piece.
      if (!r.last) expect(r.end - r.start).toBeGreaterThanOrEqual(pieceBytes);
    }
    const whole = await read(f);
    const pieces = (await Promise.all(ranges.map((r) => read(f, r)))).flat();
    expect(pieces).toEqual(whole);
    expect(whole.at(-1)).toEqual({ text: '{"cut":', line: 401, unterminated: true });
  });

  it('never cuts a line longer than a piece', async () => {
    const long = `{"long":"${'y'.repeat(5000)}"}`;
    const f = file('long.ndjson', `{"a":1}\n${long}\n{"b":2}\n${long}\n{"c":3}\n`);
    const ranges = planFileRanges(f, 100);
    expect(ranges.length).toBeGreaterThan(1);
    const lines = (await Promise.all(ranges.map((r) => read(f, r)))).flat();
    expect(lines.map((l) => [l.line, l.text.length])).toEqual([[1, 7], [2, long.length], [3, 7], [4, long.length], [5, 7]]);
  });

  it('leaves a file it cannot open whole, for the reader to report', () => {
    const missing = { path: join(dir, 'gone.ndjson'), name: 'gone.ndjson', bytes: 1 << 20 };
    expect(planFileRanges(missing, 1024)).toEqual([{ start: 0, end: 1 << 20, firstLine: 1, last: true }]);
  });
});

describe('pieceBytesFor', () => {
  const MB = 1024 * 1024;

  it('cuts nothing in one thread', () => {
    expect(pieceBytesFor(1024 * MB, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('aims at half a thread\'s share, so only a file larger than a share is cut, and never below 8 MB', () => {
    expect(pieceBytesFor(147 * MB, 2)).toBe(Math.ceil((147 * MB) / 4));
    expect(pieceBytesFor(20 * MB, 4)).toBe(8 * MB);
  });
});
