import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNdjsonLines, type NdjsonLine } from '../../src/audit/ndjson-reader';
import { removeDir, tempDir } from './export-fixture';

const dir = tempDir('ndjson');
afterAll(() => removeDir(dir));

async function lines(content: string | Buffer): Promise<NdjsonLine[]> {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(path, content);
  const out: NdjsonLine[] = [];
  await readNdjsonLines(path, (l) => {
    // The bytes are a view into the read buffer: the text is what they decode to.
    expect(l.bytes.toString('utf8')).toBe(l.text);
    out.push({ ...l, bytes: Buffer.alloc(0) });
  });
  return out;
}

const NO_BYTES = Buffer.alloc(0);

describe('readNdjsonLines', () => {
  it('numbers lines as an editor does, skipping blank ones and dropping CR', async () => {
    const got = await lines('{"a":1}\r\n\n{"b":2}\n   \n{"c":3}\n');
    expect(got).toEqual([
      { text: '{"a":1}', bytes: NO_BYTES, line: 1, unterminated: false },
      { text: '{"b":2}', bytes: NO_BYTES, line: 3, unterminated: false },
      { text: '{"c":3}', bytes: NO_BYTES, line: 5, unterminated: false },
    ]);
  });

  it('marks a last line with no newline, the sign of a file cut short', async () => {
    const got = await lines('{"a":1}\n{"b":');
    expect(got[1]).toEqual({ text: '{"b":', bytes: NO_BYTES, line: 2, unterminated: true });
  });

  it('keeps multi-byte characters whole across read chunks and reports every byte', async () => {
    // A line longer than one 1 MiB read chunk, full of 3-byte characters, followed by a short one.
    const long = JSON.stringify({ text: '€'.repeat(400_000) });
    const content = Buffer.from(`${long}\n{"after":"ü"}\n`, 'utf8');
    const path = join(dir, 'big.ndjson');
    writeFileSync(path, content);
    const out: NdjsonLine[] = [];
    let bytes = 0;
    await readNdjsonLines(path, (l) => out.push(l), (b) => (bytes += b));
    expect(out.map((l) => l.line)).toEqual([1, 2]);
    expect(out[0]!.text).toBe(long);
    expect(JSON.parse(out[1]!.text)).toEqual({ after: 'ü' });
    expect(bytes).toBe(content.length);
  });
});
