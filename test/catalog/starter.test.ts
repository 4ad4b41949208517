// The curated starter catalog: its shape, the facts the demo patients rely on, and (when the CMS files are present
// in ../shared/data/cms) every code, date, descriptor, NDC, billing-unit count and MUE checked against them.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { canonicalDecimal, parseDescriptor } from '../../src/catalog/descriptor';
import { normalizeNdc } from '../../src/catalog/ndc';
import { starterCatalog } from '../../src/catalog/starter';
import type { DescriptorQuantity, HcpcsCode } from '../../src/catalog/types';

const { codes, products } = starterCatalog;
const index = new CatalogIndex(starterCatalog);

function codeOf(hcpcs: string): HcpcsCode {
  const code = index.code(hcpcs);
  if (!code) throw new Error(`${hcpcs} is not in the starter catalog`);
  return code;
}

describe('starter catalog: shape', () => {
  it('is labelled as the curated starter facts', () => {
    expect(starterCatalog.quarter).toBe('starter (curated facts, HCPCS as of 2025-Q4)');
  });

  it('holds at least 40 distinct HCPCS codes', () => {
    expect(codes.length).toBeGreaterThanOrEqual(40);
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
  });

  it('gives every code a descriptor quantity, an administration class and its dates', () => {
    for (const code of codes) {
      expect(code.code, code.code).toMatch(/^[JQ]\d{4}$/);
      expect(code.description.length, code.code).toBeGreaterThan(0);
      expect(code.descriptor, code.code).toBeDefined();
      expect(canonicalDecimal(code.descriptor?.amount ?? ''), code.code).toBe(code.descriptor?.amount);
      expect(code.administrationClass, code.code).toBeDefined();
      expect(code.addDate, code.code).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (code.termDate) expect(code.termDate > (code.addDate ?? ''), code.code).toBe(true);
    }
  });

  it('ties every product to a code of the catalog, with an 11-digit NDC, once per NDC and code', () => {
    const keys = new Set<string>();
    for (const product of products) {
      expect(index.code(product.hcpcs), `${product.ndc} -> ${product.hcpcs}`).toBeDefined();
      expect(product.ndc).toMatch(/^\d{11}$/);
      const key = `${product.ndc}|${product.hcpcs}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
      expect(Number(product.billUnits), product.ndc).toBeGreaterThan(0);
      expect(Number(product.packageSize), product.ndc).toBeGreaterThan(0);
      expect(Number(product.packageQuantity), product.ndc).toBeGreaterThanOrEqual(1);
      expect(typeof product.liquid, product.ndc).toBe('boolean');
    }
  });

  it('lists products for every active code except medroxyprogesterone, which the crosswalk omits', () => {
    const withoutProducts = codes.filter((c) => !c.termDate && index.productsOfCode(c.code).length === 0).map((c) => c.code);
    expect(withoutProducts).toEqual(['J1050']);
  });

  it('sets a code-level container type only where every listed product agrees with it', () => {
    for (const code of codes.filter((c) => c.containerType)) {
      for (const product of index.productsOfCode(code.code)) {
        expect(product.containerType ?? code.containerType, `${code.code} ${product.ndc}`).toBe(code.containerType);
      }
    }
  });
});

describe('starter catalog: facts the billing rules and demo patients rely on', () => {
  it('carries the corrected codes of docs/billing-rules.md', () => {
    const expected: Record<string, [string, DescriptorQuantity['unit']]> = {
      J9041: ['0.1', 'mg'], // bortezomib, not doxorubicin
      J9000: ['10', 'mg'], // doxorubicin
      J0881: ['1', 'mcg'], // darbepoetin alfa, not epoetin
      J0885: ['1000', 'unit'], // epoetin alfa
      J1745: ['10', 'mg'],
      J9299: ['1', 'mg'],
      J2506: ['0.5', 'mg'],
    };
    for (const [code, [amount, unit]] of Object.entries(expected)) {
      expect(codeOf(code).descriptor, code).toEqual({ amount, unit });
    }
    expect(codeOf('J1200').descriptor).toEqual({ amount: '50', unit: 'mg', upTo: true });
    expect(codeOf('J1745').mue).toEqual({ units: 150, adjudication: 3 });
  });

  it('retires J1300 and J2505 the day before their successors start', () => {
    expect(codeOf('J1300')).toMatchObject({ termDate: '2025-03-31' });
    expect(codeOf('J1299')).toMatchObject({ addDate: '2025-04-01', descriptor: { amount: '2', unit: 'mg' } });
    expect(codeOf('J2505')).toMatchObject({ termDate: '2021-12-31' });
    expect(codeOf('J2506')).toMatchObject({ addDate: '2022-01-01' });
  });

  it('classes monoclonal antibodies as chemo and supportive drugs as therapeutic (ch.12 s30.5)', () => {
    for (const code of ['J1745', 'J9312', 'J9299', 'J9271', 'J9035', 'J9355', 'J2350', 'J3262', 'J1299']) {
      expect(codeOf(code).administrationClass, code).toBe('chemo');
    }
    for (const code of ['J9217', 'J9202', 'J9395', 'J9155', 'J3315']) {
      expect(codeOf(code).administrationClass, code).toBe('hormonal-antineoplastic');
    }
    for (const code of ['J2405', 'J1453', 'J2469', 'J1100', 'J1200', 'J1885', 'J0885', 'J0881', 'J1756', 'J2506']) {
      expect(codeOf(code).administrationClass, code).toBe('therapeutic');
    }
    for (const code of ['J7030', 'J7040', 'J7042', 'J7050', 'J7060', 'J7070', 'J7120']) {
      expect(codeOf(code).administrationClass, code).toBe('hydration');
      expect(codeOf(code).descriptor?.unit, code).toBe('mL');
    }
    for (const code of ['J2778', 'J0178', 'J2777']) expect(codeOf(code).administrationClass, code).toBe('intravitreal');
  });

  it('knows every Opdivo vial size, all single-dose liquids (waste documented / missing / exact vials)', () => {
    const opdivo = index.productsOfCode('J9299');
    expect(opdivo.map((p) => p.billUnits).sort((a, b) => Number(a) - Number(b))).toEqual(['40', '100', '120', '240']);
    for (const product of opdivo) expect(product).toMatchObject({ containerType: 'single-dose', liquid: true });
    expect(index.productsOfNdc('00003377211')).toHaveLength(1);
  });

  it('serves a chemo day: carboplatin then paclitaxel (multi-dose vials) with an ondansetron push', () => {
    expect(index.productsOfNdc('61703033922')[0]).toMatchObject({ hcpcs: 'J9045', containerType: 'multi-dose' });
    expect(index.productsOfNdc('63323076316')[0]).toMatchObject({ hcpcs: 'J9267', containerType: 'multi-dose' });
    const ondansetron = index.productsOfCode('J2405');
    expect(ondansetron.find((p) => p.ndc === '63323037302')).toMatchObject({ containerType: 'single-dose', billUnits: '4' });
    expect(ondansetron.find((p) => p.ndc === '63323037420')).toMatchObject({ containerType: 'multi-dose', billUnits: '40' });
    expect(index.productsOfNdc('00006302602')[0]).toMatchObject({ hcpcs: 'J9271', containerType: 'single-dose' });
  });

  it('serves infliximab from 100 mg powder vials and tocilizumab in three vial sizes', () => {
    expect(index.productsOfNdc('57894003001')[0]).toMatchObject({ hcpcs: 'J1745', billUnits: '10', liquid: false, containerType: 'single-dose' });
    expect(index.productsOfCode('J3262').map((p) => p.billUnits)).toEqual(['80', '200', '400']);
  });

  it('serves intravitreal aflibercept and ranibizumab from single-dose containers', () => {
    expect(index.productsOfNdc('61755000502')[0]).toMatchObject({ hcpcs: 'J0178', billUnits: '2', containerType: 'single-dose' });
    expect(index.productsOfNdc('50242008003')[0]).toMatchObject({ hcpcs: 'J2778', billUnits: '5', containerType: 'single-dose' });
  });

  it('has multi-dose vials to bill without JW/JZ: heparin, Kenalog-40, enoxaparin vial', () => {
    expect(index.productsOfNdc('00409272002')[0]).toMatchObject({ hcpcs: 'J1644', containerType: 'multi-dose', billUnits: '10' });
    expect(index.productsOfNdc('00003029320')[0]).toMatchObject({ hcpcs: 'J3301', containerType: 'multi-dose' });
    expect(index.productsOfNdc('00003029305')[0]).toMatchObject({ hcpcs: 'J3301', containerType: 'single-dose' });
    expect(index.productsOfNdc('00075062603')[0]).toMatchObject({ hcpcs: 'J1650', containerType: 'multi-dose' });
  });

  it('lists every code the crosswalk gives a listed NDC, so the starter meets the choices the full quarter meets', () => {
    const codesOf = (ndc: string) => index.productsOfNdc(ndc).map((p) => p.hcpcs).sort();
    expect(codesOf('55513047810')).toEqual(['J0885', 'Q4081']); // Epogen 20,000 units/mL
    expect(codesOf('55513000504')).toEqual(['J0881', 'J0882']); // Aranesp 100 mcg
    expect(codesOf('00338004903')).toEqual(['J7030', 'J7040', 'J7050']); // saline 500 mL
    expect(codesOf('00338001704')).toEqual(['J7060', 'J7070']); // D5W 1,000 mL
    expect(codeOf('Q4081').description).toMatch(/for esrd on dialysis/);
    expect(codeOf('J0882').description).toMatch(/for esrd on dialysis/);
  });

  it('has ketorolac 30 mg/mL single-dose vials for an IM injection (2 units of 15 mg each)', () => {
    expect(index.productsOfNdc('63323016201')[0]).toMatchObject({ hcpcs: 'J1885', billUnits: '2', packageSize: '1', containerType: 'single-dose' });
  });
});

// ---- Checks against the real CMS files (read-only, never copied into the project).

const cmsDir = path.resolve(process.cwd(), '../shared/data/cms');
const haveCms = fs.existsSync(cmsDir);
if (!haveCms) console.warn(`starter catalog: ${cmsDir} is absent, so the checks against the real CMS files are skipped`);

interface HcpcsRow {
  description: string;
  addDate?: string;
  termDate?: string;
}
interface CrosswalkRow {
  billUnits: string;
  packageSize: string;
  packageQuantity: string;
}

/** CMS files are recognised by their header rows, not their names (docs/design.md, CLI). */
function cmsCsvWithHeader(marker: string): string {
  for (const name of fs.readdirSync(cmsDir).filter((n) => n.toLowerCase().endsWith('.csv'))) {
    const text = fs.readFileSync(path.join(cmsDir, name), 'latin1');
    if (text.includes(marker)) return text;
  }
  throw new Error(`no CSV in ${cmsDir} has a header with "${marker}"`);
}

function csvRowsFrom(text: string, firstHeader: string): Record<string, string>[] {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const headerAt = rows.findIndex((row) => row[0]?.trim() === firstHeader);
  const header = (rows[headerAt] ?? []).map((h) => h.trim());
  return rows.slice(headerAt + 1).map((row) => Object.fromEntries(header.map((h, i) => [h, (row[i] ?? '').trim()])));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  return String(value);
}

/** HCPCS dates are written YYYYMMDD. */
function isoDate(yyyymmdd: string): string | undefined {
  const digits = yyyymmdd.trim();
  return /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}` : undefined;
}

async function readHcpcs(): Promise<Map<string, HcpcsRow>> {
  const file = fs.readdirSync(cmsDir).find((n) => n.toLowerCase().endsWith('.xlsx'));
  if (!file) throw new Error(`no HCPCS workbook in ${cmsDir}`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(cmsDir, file));
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error(`${file} has no worksheet`);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(cellText(cell.value).trim(), column));
  const column = (name: string): number => {
    const at = columns.get(name);
    if (at === undefined) throw new Error(`${file} has no column ${name}`);
    return at;
  };
  const [code, long, added, ended] = ['HCPC', 'LONG DESCRIPTION', 'ADD DT', 'TERM DT'].map(column);
  const wanted = new Set(codes.map((c) => c.code));
  const found = new Map<string, HcpcsRow>();
  sheet.eachRow((row, rowNumber) => {
    const hcpcs = cellText(row.getCell(code ?? 0).value).trim();
    if (rowNumber === 1 || !wanted.has(hcpcs)) return;
    found.set(hcpcs, {
      description: cellText(row.getCell(long ?? 0).value).trim(),
      addDate: isoDate(cellText(row.getCell(added ?? 0).value)),
      termDate: isoDate(cellText(row.getCell(ended ?? 0).value)),
    });
  });
  return found;
}

describe.skipIf(!haveCms)('starter catalog against the CMS files in ../shared/data/cms', () => {
  let hcpcs: Map<string, HcpcsRow>;
  let crosswalk: Map<string, CrosswalkRow>;
  let mue: Map<string, { units: number; adjudication: number }>;
  /** The crosswalk's "HCPCS dosage" per code: what the importer reads when the description names no amount. */
  let dosage: Map<string, string>;

  beforeAll(async () => {
    hcpcs = await readHcpcs();

    crosswalk = new Map();
    dosage = new Map();
    for (const row of csvRowsFrom(cmsCsvWithHeader('BILLUNITSPKG'), '_2025_CODE')) {
      const code = row['_2025_CODE'] ?? '';
      if (!dosage.has(code) && row['HCPCS dosage']) dosage.set(code, row['HCPCS dosage']);
      const ndc = normalizeNdc(row['NDC2'] ?? '');
      if (!('ndc11' in ndc)) continue;
      crosswalk.set(`${ndc.ndc11}|${row['_2025_CODE']}`, {
        billUnits: row['BILLUNITS'] ?? '',
        packageSize: row['PKG SIZE'] ?? '',
        packageQuantity: row['PKG QTY'] ?? '',
      });
    }

    mue = new Map();
    for (const row of csvRowsFrom(cmsCsvWithHeader('MUE Adjudication Indicator'), 'HCPCS/CPT Code')) {
      mue.set(row['HCPCS/CPT Code'] ?? '', {
        units: Number(row['Practitioner Services MUE Values']),
        adjudication: Number((row['MUE Adjudication Indicator'] ?? '').slice(0, 1)),
      });
    }
  });

  it('matches every code, long descriptor and ADD DT / TERM DT of the October 2025 HCPCS file', () => {
    for (const code of codes) {
      const row = hcpcs.get(code.code);
      expect(row, `${code.code} in the HCPCS file`).toBeDefined();
      expect(code.description, code.code).toBe(row?.description);
      expect(code.addDate, `${code.code} ADD DT`).toBe(row?.addDate);
      expect(code.termDate, `${code.code} TERM DT`).toBe(row?.termDate);
    }
  });

  it('reads each descriptor quantity the way the importer does: the long description, else the crosswalk dosage', () => {
    for (const code of codes) {
      expect(code.descriptor, code.code).toEqual(parseDescriptor(hcpcs.get(code.code)?.description ?? '', dosage.get(code.code)));
    }
  });

  it('lists only NDCs the October 2025 crosswalk maps to that code, with its BILLUNITS and package counts', () => {
    for (const product of products) {
      const row = crosswalk.get(`${product.ndc}|${product.hcpcs}`);
      const label = `${product.ndc} under ${product.hcpcs}`;
      expect(row, `${label} in the crosswalk`).toBeDefined();
      expect(canonicalDecimal(product.billUnits ?? ''), `${label} BILLUNITS`).toBe(canonicalDecimal(row?.billUnits ?? ''));
      expect(canonicalDecimal(product.packageQuantity ?? ''), `${label} PKG QTY`).toBe(canonicalDecimal(row?.packageQuantity ?? ''));
      // A product whose source says otherwise carries a labelled package size the crosswalk gets wrong.
      if (product.source === 'starter') {
        expect(canonicalDecimal(product.packageSize ?? ''), `${label} PKG SIZE`).toBe(canonicalDecimal(row?.packageSize ?? ''));
      }
    }
  });

  it('lists, for every NDC it names, every code the crosswalk maps that NDC to (docs/billing-rules.md 1.2)', () => {
    const crosswalkCodes = new Map<string, string[]>();
    for (const key of crosswalk.keys()) {
      const [ndc = '', code = ''] = key.split('|');
      crosswalkCodes.set(ndc, [...(crosswalkCodes.get(ndc) ?? []), code]);
    }
    for (const ndc of new Set(products.map((p) => p.ndc))) {
      const listed = index.productsOfNdc(ndc).map((p) => p.hcpcs).sort();
      expect(listed, ndc).toEqual([...(crosswalkCodes.get(ndc) ?? [])].sort());
    }
  });

  it('carries the practitioner MUE of every code that has one, and none for codes without', () => {
    for (const code of codes) {
      expect(code.mue, `${code.code} MUE`).toEqual(mue.get(code.code));
    }
  });
});
