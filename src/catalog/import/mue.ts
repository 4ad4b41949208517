// The practitioner MUE table (CMS "Medically Unlikely Edits", quarterly): header
// `HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale`, the indicator
// written as its digit and its meaning ("3 Date of Service Edit: Clinical"). The DME supplier and facility MUE
// tables share the layout but not the values column: they do not apply to practitioner claims and are not used.
import { exactly, type ColumnSpec } from './header';
import { readCode, type TableKind } from './table-kind';
import type { MueRow } from './types';

type Column = 'code' | 'units' | 'adjudication' | 'rationale';

const columns: readonly ColumnSpec<Column>[] = [
  { key: 'code', label: 'HCPCS/CPT Code', matches: exactly('HCPCS/CPT CODE'), required: true },
  {
    key: 'units',
    label: 'Practitioner Services MUE Values',
    matches: exactly('PRACTITIONER SERVICES MUE VALUES'),
    required: true,
    hint: 'only the practitioner MUE table applies to practitioner claims (not the DME supplier or facility tables)',
  },
  { key: 'adjudication', label: 'MUE Adjudication Indicator', matches: exactly('MUE ADJUDICATION INDICATOR'), required: true },
  // Not read, but part of what makes the header recognisable.
  { key: 'rationale', label: 'MUE Rationale', matches: exactly('MUE RATIONALE'), required: false },
];

export const mueKind: TableKind<Column, MueRow> = {
  kind: 'mue',
  title: 'practitioner MUE table',
  columns,
  keyOf: (record) => record.code,
  parseRow(row, sink) {
    const code = readCode(row.get('code'), 'HCPCS/CPT Code', sink);
    if (code === undefined) return undefined;
    const unitsText = row.get('units') ?? '';
    if (!/^\d+$/.test(unitsText)) {
      sink.problem(`MUE value "${unitsText}" of ${code} is not a whole number; the row is left out`);
      return undefined;
    }
    const indicatorText = row.get('adjudication') ?? '';
    const indicator = /^([123])(?!\d)/.exec(indicatorText);
    if (!indicator) {
      sink.problem(`MUE adjudication indicator "${indicatorText}" of ${code} does not start with 1, 2 or 3; the row is left out`);
      return undefined;
    }
    return { line: row.line, code, units: Number(unitsText), adjudication: Number(indicator[1]) as MueRow['adjudication'] };
  },
};
