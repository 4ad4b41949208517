// The ASP NDC-HCPCS crosswalk (CMS "ASP Pricing Files", quarterly): header
// `_2025_CODE,Short Description,LABELER NAME,NDC2,Drug Name,HCPCS dosage,PKG SIZE,PKG QTY,BILLUNITS,BILLUNITSPKG`
// under title rows, the code column named for the year. CMS definitions: BILLUNITS = billable units in one item
// (container), BILLUNITSPKG = in the whole NDC package. 1,284 rows of the October 2025 file carry a product id
// that is not an NDC (skin substitutes: "PS12345", 12- and 14-digit catalogue numbers): counted and left out.
import { normalizeNdc } from '../ndc';
import { exactly, type ColumnSpec } from './header';
import { optionalText, readCode, readDecimal, type TableKind } from './table-kind';
import type { CrosswalkRow } from './types';

type Column =
  | 'code'
  | 'shortDescription'
  | 'labeler'
  | 'ndc'
  | 'name'
  | 'dosage'
  | 'packageSize'
  | 'packageQuantity'
  | 'billUnits'
  | 'billUnitsPackage';

const columns: readonly ColumnSpec<Column>[] = [
  { key: 'code', label: '_YYYY_CODE', matches: (cell) => /^_?\d{4}_CODE$/.test(cell), required: true },
  { key: 'shortDescription', label: 'Short Description', matches: exactly('SHORT DESCRIPTION'), required: false },
  { key: 'labeler', label: 'LABELER NAME', matches: exactly('LABELER NAME'), required: false },
  { key: 'ndc', label: 'NDC2', matches: exactly('NDC2', 'NDC'), required: true },
  { key: 'name', label: 'Drug Name', matches: exactly('DRUG NAME'), required: false },
  { key: 'dosage', label: 'HCPCS dosage', matches: exactly('HCPCS DOSAGE'), required: false },
  { key: 'packageSize', label: 'PKG SIZE', matches: exactly('PKG SIZE'), required: false },
  { key: 'packageQuantity', label: 'PKG QTY', matches: exactly('PKG QTY'), required: false },
  { key: 'billUnits', label: 'BILLUNITS', matches: exactly('BILLUNITS'), required: true },
  { key: 'billUnitsPackage', label: 'BILLUNITSPKG', matches: exactly('BILLUNITSPKG'), required: false },
];

export const crosswalkKind: TableKind<Column, CrosswalkRow> = {
  kind: 'crosswalk',
  title: 'ASP NDC-HCPCS crosswalk',
  columns,
  keyOf: (record) => `NDC ${record.ndc} under ${record.code}`,
  parseRow(row, sink) {
    const code = readCode(row.get('code'), 'the code column', sink);
    if (code === undefined) return undefined;
    const rawNdc = row.get('ndc') ?? '';
    if (rawNdc === '') {
      sink.problem(`no NDC for ${code}`);
      return undefined;
    }
    const ndc = normalizeNdc(rawNdc);
    if (!('ndc11' in ndc)) {
      sink.skip('product id is not an NDC');
      return undefined;
    }
    const billUnitsText = row.get('billUnits') ?? '';
    const billUnits = readDecimal(billUnitsText, 'BILLUNITS', sink);
    if (billUnitsText === '') sink.problem(`no BILLUNITS for NDC ${rawNdc} (${code}); its container size is unknown`);
    return {
      line: row.line,
      code,
      ndc: ndc.ndc11,
      shortDescription: optionalText(row.get('shortDescription')),
      labeler: optionalText(row.get('labeler')),
      name: optionalText(row.get('name')),
      dosage: optionalText(row.get('dosage')),
      packageSize: readDecimal(row.get('packageSize'), 'PKG SIZE', sink),
      packageQuantity: readDecimal(row.get('packageQuantity'), 'PKG QTY', sink),
      billUnits,
      billUnitsPackage: readDecimal(row.get('billUnitsPackage'), 'BILLUNITSPKG', sink),
    };
  },
};
