import { describe, expect, it } from 'vitest';
import { CsvReadError, csvRows } from '../../src/catalog/import/csv-rows';

const rows = (text: string) => [...csvRows(text)];

describe('csvRows', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, numbering physical lines', () => {
    expect(rows('a,"b, c","say ""hi"""\r\n"multi\r\nline",x\r\nlast,row\r\n')).toEqual([
      { line: 1, cells: ['a', 'b, c', 'say "hi"'], width: 3 },
      { line: 2, cells: ['multi line', 'x'], width: 2 },
      { line: 4, cells: ['last', 'row'], width: 2 },
    ]);
  });

  it('takes LF, CRLF and lone CR line ends, and a last line without one', () => {
    expect(rows('a\nb\r\nc\rd').map((row) => [row.line, row.cells[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(rows('J7999,5" needle,x\n')[0]?.cells).toEqual(['J7999', '5" needle', 'x']);
  });

  it('drops trailing empty cells but remembers how many fields the row had', () => {
    expect(rows('a,,b,,,   ,,\n')[0]).toEqual({ line: 1, cells: ['a', '', 'b'], width: 8 });
    expect(rows('\n,,,\n')).toEqual([
      { line: 1, cells: [], width: 1 },
      { line: 2, cells: [], width: 4 },
    ]);
  });

  it('throws CsvReadError naming the line of a quote that is never closed', () => {
    expect(() => rows('a,b\nc,"d\ne,f\n')).toThrow(new CsvReadError('the quote opened on line 2 is never closed'));
  });
});
