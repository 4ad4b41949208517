// The HCPCS Level II quarterly file (CMS "Quarterly Update", HCPC20xx_MMM_ANWEB.xlsx). Record layout from the CMS
// file's own record layout document: RECID 3 = a procedure/drug code, 7 = a modifier. Codes and modifiers may be
// space-padded ("   A1"). Dates are YYYYMMDD: ADD DT is the code's first day, TERM DT its last; ACT EFF DT is
// when its latest change took effect, NOT its first day (J1300: ADD DT 20080101, ACT EFF DT 20250401, TERM DT
// 20250331). Every RECID 3 code is kept: 8,462 codes cost a few megabytes, and the engine may meet any of them.
import { exactly, type ColumnSpec } from './header';
import { quarterFromDate, type Quarter } from './quarter';
import { optionalText, readCode, type RowSink, type TableKind } from './table-kind';
import type { HcpcsRow } from './types';

type Column = 'code' | 'sequence' | 'recordId' | 'description' | 'shortDescription' | 'addDate' | 'actionEffectiveDate' | 'termDate';

const columns: readonly ColumnSpec<Column>[] = [
  { key: 'code', label: 'HCPC', matches: exactly('HCPC', 'HCPCS'), required: true },
  // Not read, but part of what makes the header recognisable.
  { key: 'sequence', label: 'SEQNUM', matches: exactly('SEQNUM'), required: false },
  { key: 'recordId', label: 'RECID', matches: exactly('RECID'), required: true },
  { key: 'description', label: 'LONG DESCRIPTION', matches: exactly('LONG DESCRIPTION'), required: true },
  { key: 'shortDescription', label: 'SHORT DESCRIPTION', matches: exactly('SHORT DESCRIPTION'), required: false },
  // Required: without the dates no code could be checked for being active on the date of service.
  { key: 'addDate', label: 'ADD DT', matches: exactly('ADD DT'), required: true },
  { key: 'actionEffectiveDate', label: 'ACT EFF DT', matches: exactly('ACT EFF DT'), required: false },
  { key: 'termDate', label: 'TERM DT', matches: exactly('TERM DT'), required: true },
];

export const hcpcsKind: TableKind<Column, HcpcsRow> = {
  kind: 'hcpcs',
  title: 'HCPCS Level II file',
  columns,
  keyOf: (record) => record.code,
  parseRow(row, sink) {
    const recordId = row.get('recordId') ?? '';
    if (recordId === '7') {
      sink.skip('modifier (RECID 7)');
      return undefined;
    }
    if (recordId !== '3') {
      sink.problem(`RECID "${recordId}" is neither 3 (code) nor 7 (modifier); the row is left out`);
      return undefined;
    }
    const code = readCode(row.get('code'), 'HCPC', sink);
    if (code === undefined) return undefined;
    const description = row.get('description') ?? '';
    if (description === '') sink.problem(`${code} has no LONG DESCRIPTION`);
    return {
      line: row.line,
      code,
      description,
      shortDescription: optionalText(row.get('shortDescription')),
      addDate: readDate(row.get('addDate'), 'ADD DT', sink),
      actionEffectiveDate: readDate(row.get('actionEffectiveDate'), 'ACT EFF DT', sink),
      termDate: readDate(row.get('termDate'), 'TERM DT', sink),
    };
  },
};

/** The latest date a change took effect is the first day of the quarter the file was released for. */
export function quarterOfHcpcsRows(rows: readonly HcpcsRow[]): Quarter | undefined {
  let latest: string | undefined;
  for (const row of rows) {
    for (const date of [row.addDate, row.actionEffectiveDate]) {
      if (date !== undefined && (latest === undefined || date > latest)) latest = date;
    }
  }
  return latest === undefined ? undefined : quarterFromDate(latest);
}

/** "20250401" -> "2025-04-01"; empty gives undefined; anything else is a problem. */
function readDate(raw: string | undefined, column: string, sink: RowSink): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > 31) {
    sink.problem(`${column} "${raw}" is not a YYYYMMDD date; the date is left out`);
    return undefined;
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}
