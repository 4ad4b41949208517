import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNdjsonLines, type NdjsonLine } from '../../src/audit/ndjson-reader';
import { removeDir, tempDir } from './export-fixture';

const dir = tempDir('ndjson');
afterAll(() => removeDir(dir));

type ReadLine = Omit<NdjsonLine, 'bytes'> & { text: string };

/** The lines read, each decoded during its call (the bytes are a view into the read buffer, not to be kept). */
async function lines(content: string | Buffer): Promise<ReadLine[]> {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(path, content);
  return readAll(path);
}

async function readAll(path: string, onBytes?: (bytes: number) => void): Promise<ReadLine[]> {
  const out: ReadLine[] = [];
  await readNdjsonLines(path, ({ bytes, ...rest }) => out.push({ text: bytes.toString('utf8'), ...rest }), onBytes);
  return out;
}

describe('readNdjsonLines', () => {
  it('numbers lines as an editor does, skipping blank ones and dropping CR', async () => {
    const got = await lines('{"a":1}\r\n\n{"b":2}\n   \n{"c":3}\n');
    expect(got).toEqual([
      { text: '{"a":1}', line: 1, unterminated: false },
      { text: '{"b":2}', line: 3, unterminated: false },
      { text: '{"c":3}', line: 5, unterminated: false },
    ]);
  });

  it('skips lines of white space only, Unicode spaces included, and keeps any line with something else', async () => {
    const got = await lines('\u00a0\n\t\v\f \n\ufeff\u2003\n{"a":1}\n\u00a0x\n');
    expect(got.map((l) => [l.line, l.text])).toEqual([
      [4, '{"a":1}'],
      [5, '\u00a0x'],
    ]);
  });

  it('marks a last line with no newline, the sign of a file cut short', async () => {
    const got = await lines('{"a":1}\n{"b":');
    expect(got[1]).toEqual({ text: '{"b":', line: 2, unterminated: true });
  });

  it('keeps multi-byte characters whole across read chunks and reports every byte', async () => {
    // A line longer than one 1 MiB read chunk, full of 3-byte characters, followed by a short one.
    const long = JSON.stringify({ text: '€'.repeat(400_000) });
    const content = Buffer.from(`${long}\n{"after":"ü"}\n`, 'utf8');
    const path = join(dir, 'big.ndjson');
    writeFileSync(path, content);
    let bytes = 0;
    const out = await readAll(path, (b) => (bytes += b));
    expect(out.map((l) => l.line)).toEqual([1, 2]);
    expect(out[0]!.text).toBe(long);
    expect(JSON.parse(out[1]!.text)).toEqual({ after: 'ü' });
    expect(bytes).toBe(content.length);
  });
});
