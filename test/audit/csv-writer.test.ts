// The audit's CSV cells (RFC 4180 quoting, spreadsheet formula guard) and the buffered private file writer under them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cell, CsvLead, CsvWriter } from '../../src/audit/csv-writer';
import { PrivateFileWriter } from '../../src/audit/private-files';
import { removeDir, tempDir } from './export-fixture';

const dir = tempDir('csv-writer');
afterAll(() => removeDir(dir));

describe('cell', () => {
  it('writes plain text and numbers as they are, and nothing for a missing value', () => {
    expect(cell('Patient/p1')).toBe('Patient/p1');
    expect(cell(12.5)).toBe('12.5');
    expect(cell(-3)).toBe('-3');
    expect(cell(undefined)).toBe('');
    expect(cell(null)).toBe('');
    expect(cell('')).toBe('');
  });

  it('quotes a cell with a comma, a line break or a quote, and doubles its quotes', () => {
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('line\nbreak')).toBe('"line\nbreak"');
    expect(cell('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('"')).toBe('""""');
  });

  it('puts an apostrophe before text a spreadsheet would run as a formula, then quotes as needed', () => {
    expect(cell('=1+1')).toBe("'=1+1");
    expect(cell('+1')).toBe("'+1");
    expect(cell('-1')).toBe("'-1");
    expect(cell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(cell('\tx')).toBe("'\tx");
    expect(cell('\rx')).toBe('"\'\rx"');
    expect(cell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    // Full-width forms, which East Asian spreadsheets read as the ASCII ones.
    expect(['＝1+1', '＋1', '－1', '＠SUM(A1)'].map(cell)).toEqual(["'＝1+1", "'＋1", "'－1", "'＠SUM(A1)"]);
    expect(cell('1＝1')).toBe('1＝1');
  });
});

describe('CsvWriter', () => {
  it('writes the header, rows and rows after a lead of escaped cells, CRLF ended', () => {
    const path = join(dir, 'rows.csv');
    const out = new CsvWriter(path, ['a', 'b', 'c']);
    out.row(['x', 1, undefined]);
    const lead = new CsvLead(['=p', 'e,1']);
    out.row(['y'], lead);
    out.row([], lead);
    out.close();
    expect(readFileSync(path, 'utf8')).toBe('a,b,c\r\nx,1,\r\n\'=p,"e,1",y\r\n\'=p,"e,1",\r\n');
    expect(out.rows).toBe(3);
  });
});

describe('PrivateFileWriter', () => {
  it('keeps every byte in order across buffer ends, multi-byte characters and texts longer than the buffer', () => {
    const path = join(dir, 'bytes.txt');
    const out = new PrivateFileWriter(path, 16);
    const pieces = ['abc', 'é€😀', 'x'.repeat(15), 'long text beyond any buffer: ' + 'ü'.repeat(40), '', 'end'];
    for (const piece of pieces) out.write(piece);
    out.writeBytes(Buffer.from('Ω bytes'));
    out.write('!');
    out.close();
    expect(readFileSync(path, 'utf8')).toBe(`${pieces.join('')}Ω bytes!`);
  });
});
