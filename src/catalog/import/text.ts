// Bytes to text for the CMS CSV files. CMS writes them in Windows-1252 ("latin-1": the crosswalk's drug names
// carry 0xA0 no-break spaces and 0x99 trade-mark signs), while a file re-saved by a spreadsheet may be UTF-8.
// A file that decodes as strict UTF-8 is UTF-8; anything else is Windows-1252.

/**
 * Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F (Unicode's cp1252 mapping table; 0x81, 0x8D, 0x8F,
 * 0x90 and 0x9D are unassigned and stay as they are). Node 20's TextDecoder('windows-1252') decodes these
 * bytes as ISO-8859-1 control characters, so the table is applied here.
 */
const cp1252High =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' + // 0x80-0x8F
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'; // 0x90-0x9F

export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString('latin1')
      .replace(/[\x80-\x9f]/g, (char) => cp1252High[char.charCodeAt(0) - 0x80] ?? char);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Trims a cell and folds inner whitespace (line breaks and U+00A0 no-break spaces are \s too) to one space. */
export function cleanCell(value: string): string {
  return value === '' ? value : value.replace(/\s+/g, ' ').trim();
}

/** The cells up to the last non-empty one. */
export function withoutTrailingEmpties(cells: string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end -= 1;
  return end === cells.length ? cells : cells.slice(0, end);
}
