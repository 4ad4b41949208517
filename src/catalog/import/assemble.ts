// The chosen CMS tables become catalog entries: one HcpcsCode per code (HCPCS file for the description and the
// dates, MUE table for the limit, ASP file for the payment limit; the crosswalk's and the ASP file's dosage
// column for the descriptor when the description names no amount) and one NdcProduct per crosswalk row.
// Codes that only the crosswalk, the ASP file or the MUE table name (CPT vaccine and administration codes are
// not in the HCPCS Level II file) still get an entry, described by the short description those files carry.
// Pure: no I/O.
import { parseDescriptor } from '../descriptor';
import type { CatalogEntries, HcpcsCode, NdcProduct } from '../types';
import { evidentlyLiquid } from './liquid';
import type { CmsTables } from './types';

export function assembleCmsEntries(tables: CmsTables, quarter: string): CatalogEntries {
  const codes = new Map<string, HcpcsCode>();
  const longDescriptions = new Map<string, string>();
  const dosages = new Map<string, string>();
  const entryFor = (code: string, source: string, description = ''): HcpcsCode => {
    let entry = codes.get(code);
    if (!entry) {
      entry = { code, description, source };
      codes.set(code, entry);
    }
    return entry;
  };

  if (tables.hcpcs) {
    const { file, rows } = tables.hcpcs;
    for (const row of rows) {
      const entry = entryFor(row.code, file, row.description);
      if (row.shortDescription !== undefined) entry.shortDescription = row.shortDescription;
      if (row.addDate !== undefined) entry.addDate = row.addDate;
      if (row.termDate !== undefined) entry.termDate = row.termDate;
      longDescriptions.set(row.code, row.description);
    }
  }
  if (tables.crosswalk) {
    const { file, rows } = tables.crosswalk;
    for (const row of rows) {
      const entry = entryFor(row.code, file, row.shortDescription);
      entry.shortDescription ??= row.shortDescription;
      if (row.dosage !== undefined && !dosages.has(row.code)) dosages.set(row.code, row.dosage);
    }
  }
  if (tables.pricing) {
    const { file, rows } = tables.pricing;
    for (const row of rows) {
      const entry = entryFor(row.code, file, row.shortDescription);
      entry.shortDescription ??= row.shortDescription;
      if (row.paymentLimit !== undefined) entry.paymentLimit = row.paymentLimit;
      if (row.dosage !== undefined && !dosages.has(row.code)) dosages.set(row.code, row.dosage);
    }
  }
  if (tables.mue) {
    const { file, rows } = tables.mue;
    for (const row of rows) entryFor(row.code, file).mue = { units: row.units, adjudication: row.adjudication };
  }
  for (const entry of codes.values()) {
    const descriptor = parseDescriptor(longDescriptions.get(entry.code) ?? '', dosages.get(entry.code));
    if (descriptor) entry.descriptor = descriptor;
  }

  const products: NdcProduct[] = [];
  if (tables.crosswalk) {
    const { file, rows } = tables.crosswalk;
    for (const row of rows) {
      const product: NdcProduct = { ndc: row.ndc, hcpcs: row.code, source: file };
      if (row.name !== undefined) product.name = row.name;
      if (row.labeler !== undefined) product.labeler = row.labeler;
      if (row.billUnits !== undefined) product.billUnits = row.billUnits;
      if (row.billUnitsPackage !== undefined) product.billUnitsPackage = row.billUnitsPackage;
      if (row.packageSize !== undefined) product.packageSize = row.packageSize;
      if (row.packageQuantity !== undefined) product.packageQuantity = row.packageQuantity;
      if (evidentlyLiquid(row.packageSize, codes.get(row.code))) product.liquid = true;
      products.push(product);
    }
  }
  return { quarter, codes: [...codes.values()], products };
}
