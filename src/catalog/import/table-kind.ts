// What each kind of CMS file contributes: its columns and how one data row becomes a record.
import { canonicalDecimal } from '../descriptor';
import type { ColumnSpec } from './header';
import type { CmsTableKind } from './types';

/** The cells of one data row, by column key. undefined: the column is absent (not in the header, or cut off). */
export interface RowValues<K extends string> {
  line: number;
  get(key: K): string | undefined;
}

/** Where a row parser reports: a problem (shown, with the line) or a deliberate skip (counted by reason). */
export interface RowSink {
  problem(message: string): void;
  skip(reason: string): void;
}

export interface TableKind<K extends string, R> {
  kind: CmsTableKind;
  /** For messages: "ASP NDC-HCPCS crosswalk". */
  title: string;
  columns: readonly ColumnSpec<K>[];
  parseRow(row: RowValues<K>, sink: RowSink): R | undefined;
  /** What must be unique in the table ("NDC 57894003001 under J1745"): a repeat is a problem, the first row wins. */
  keyOf(record: R): string;
}

/** HCPCS Level II ("J1745") and CPT ("96413", "90371") codes are five letters or digits. */
export function readCode(raw: string | undefined, column: string, sink: RowSink): string | undefined {
  const code = (raw ?? '').trim().toUpperCase();
  if (code === '') {
    sink.problem(`no code in ${column}`);
    return undefined;
  }
  if (!/^[A-Z0-9]\d{3}[A-Z0-9]$/.test(code)) {
    sink.problem(`${column} "${code}" is not a HCPCS or CPT code`);
    return undefined;
  }
  return code;
}

/**
 * An optional decimal column: absent or empty gives undefined silently; anything else that is not a number is a
 * problem and the field is left out (never a guessed value).
 */
export function readDecimal(raw: string | undefined, column: string, sink: RowSink): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = canonicalDecimal(raw);
  if (value === undefined) sink.problem(`${column} "${raw}" is not a number; the value is left out`);
  return value;
}

/** Empty cells are absent values. */
export function optionalText(raw: string | undefined): string | undefined {
  return raw === undefined || raw === '' ? undefined : raw;
}
