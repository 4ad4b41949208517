// The ASP payment allowance limits (CMS "ASP Pricing Files", quarterly): 8 title rows, then
// `HCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit,Co-insurance Percentage,...`. The limit is
// dollars per billing unit; CMS prints "N/A" where it publishes none (A9606, priced by invoice).
import { exactly, type ColumnSpec } from './header';
import { optionalText, readCode, readDecimal, type TableKind } from './table-kind';
import type { PricingRow } from './types';

type Column = 'code' | 'shortDescription' | 'dosage' | 'paymentLimit' | 'coinsurance';

const columns: readonly ColumnSpec<Column>[] = [
  { key: 'code', label: 'HCPCS Code', matches: exactly('HCPCS CODE'), required: true },
  { key: 'shortDescription', label: 'Short Description', matches: exactly('SHORT DESCRIPTION'), required: false },
  { key: 'dosage', label: 'HCPCS Code Dosage', matches: exactly('HCPCS CODE DOSAGE'), required: false },
  { key: 'paymentLimit', label: 'Payment Limit', matches: exactly('PAYMENT LIMIT'), required: true },
  // Not read, but part of what makes the header recognisable.
  { key: 'coinsurance', label: 'Co-insurance Percentage', matches: exactly('CO-INSURANCE PERCENTAGE'), required: false },
];

export const pricingKind: TableKind<Column, PricingRow> = {
  kind: 'pricing',
  title: 'ASP payment limit file',
  columns,
  keyOf: (record) => record.code,
  parseRow(row, sink) {
    const code = readCode(row.get('code'), 'HCPCS Code', sink);
    if (code === undefined) return undefined;
    const limitText = row.get('paymentLimit') ?? '';
    return {
      line: row.line,
      code,
      shortDescription: optionalText(row.get('shortDescription')),
      dosage: optionalText(row.get('dosage')),
      paymentLimit: /^N\/?A$/i.test(limitText) ? undefined : readDecimal(limitText, 'Payment Limit', sink),
    };
  },
};
