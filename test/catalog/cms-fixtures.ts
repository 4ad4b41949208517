// Small CMS files written the way CMS publishes them (Windows-1252 bytes, title rows above the header, rows
// padded with empty columns, quoted fields spanning lines, an xlsx HCPCS file), plus the damaged variants the
// importers must report rather than trust. Each test gets a fresh temporary folder.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';

export async function tempFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jcode-cms-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * CRLF lines, encoded as Windows-1252 like the CMS CSV files: write each byte as the character of that code
 * (U+0099 for the 0x99 trade-mark byte, U+00E9 for e-acute, U+00A0 for the no-break space).
 */
export async function writeLatin1Csv(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, Buffer.from(lines.map((line) => `${line}\r\n`).join(''), 'latin1'));
  return file;
}

const padding = ','.repeat(12);

/**
 * The October 2025 crosswalk in miniature. Line numbers (1-based) that tests rely on:
 * 6 header; 7 J1745 Remicade; 8-9 carboplatin (labeler with a 0xE9 byte, drug name spanning two lines); 10
 * epoetin (a short row of exactly the named columns); 11 a skin substitute with a non-NDC id; 12 Neulasta (0xA0
 * byte, PKG SIZE 0.6); 13 non-numeric BILLUNITS; 14 a truncated row; 15-16 one NDC under two codes (15 with a
 * 0x99 trade-mark byte); 17 an NDC written 4-4-2; 18 a padding row.
 */
export function crosswalkLines(options: { title?: string; billUnitsHeader?: string; drugNameHeader?: string } = {}): string[] {
  const title = options.title ?? 'October 2025 ASP NDC - HCPCS Crosswalk for Medicare Part B Drugs';
  const header = [
    '_2025_CODE',
    'Short Description',
    'LABELER NAME',
    'NDC2',
    options.drugNameHeader ?? 'Drug Name',
    'HCPCS dosage',
    'PKG SIZE',
    'PKG QTY',
    options.billUnitsHeader ?? 'BILLUNITS',
    'BILLUNITSPKG',
  ].join(',');
  return [
    `${title}${padding}`,
    `"     Effective October 1, 2025 through December 31, 2025"${padding}`,
    padding,
    `The ASP crosswalks are maintained by the Division of Data Analysis and Market Based Pricing.${padding}`,
    padding,
    `${header}${padding}`,
    `J1745,Infliximab not biosimil 10mg,"Janssen Biotech, Inc.",57894-0030-01,Remicade,10 MG,1,1,10,10${padding}`,
    `J9045,Carboplatin injection,Laboratoires S\u00e9rono,00703-4244-01,"Carboplatin`,
    `",50 MG,5,1,1,1${padding}`,
    'J0885,"Epoetin alfa, non-esrd",Amgen Inc,55513-0126-10,Epogen,1000 UNITS,1,10,2,20',
    `Q4100,Skin substitute nos,Acme,PS12345,CarePatch Amniotic Membrane,1 SQ CM,1,1,1,1${padding}`,
    `J2506,Inj pegfilgrast ex bio 0.5mg,Amgen Inc,55513-0190-01,Neulasta\u00a0,0.5 MG,0.6,1,12,12${padding}`,
    `J1745,Infliximab not biosimil 10mg,"Janssen Biotech, Inc.",57894-0160-01,Infliximab,10 MG,1,1,ten,10${padding}`,
    'J3490,Unclassified drugs,Acme,12345-0678-90,Drug',
    `J0881,Darbepoetin alfa non-esrd,Amgen Inc,55513-0025-01,Aranesp\u0099,1 MCG,1,4,25,100${padding}`,
    `J0882,Darbepoetin alfa esrd,Amgen Inc,55513-0025-01,Aranesp,1 MCG,1,4,25,100${padding}`,
    `J2778,Ranibizumab injection,"Genentech, Inc.",0002-7597-01,Lucentis,0.1 mg,0.05,1,5,5${padding}`,
    padding,
  ];
}

/**
 * The ASP payment limit file: 8 title rows, then the header (line 9). Line 10 J1745, 11-12 A9606 ("N/A", its note
 * spanning two lines), 13 a limit that is not a number.
 */
export function pricingLines(effective = 'Effective October 1, 2025 through December 31, 2025'): string[] {
  return [
    'Payment Allowance Limits for Medicare Part B Drugs,,,,,,,,,,',
    ',,,,,,,,,,',
    `"${effective}",,,,,,,,,,`,
    ',,,,,,,,,,',
    'Note 1: Payment allowance limits subject to the ASP methodology are based on 2Q25 ASP data.,,,,,,,,,,',
    'Note 2: The absence or presence of a HCPCS code does not indicate whether Medicare covers a drug.,,,,,,,,,,',
    ',,,,,,,,,,',
    ',,,,,,,,,,',
    'HCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit,Co-insurance Percentage,Vaccine AWP%,Vaccine Limit,Blood AWP%,Blood limit,Clotting Factor,Notes',
    'J1745,Infliximab not biosimil 10mg,10 MG,31.090,20.000,,,,,,',
    'A9606,Radium ra223 dichloride ther,1 microCurie,N/A,20.000,,,,,,"microCurie 100% AWP = $202.82',
    'microCurie 100% WAC = $169.02"',
    'J0885,"Epoetin alfa, non-esrd",1000 UNITS,about nine,20.000,,,,,,',
  ];
}

/** The practitioner MUE table (no title rows). Line 2 J1745, 3 J2778 (MAI 2), 4 a non-numeric value. */
export function mueLines(): string[] {
  return [
    'HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale',
    'J1745,150,3 Date of Service Edit: Clinical,Prescribing Information',
    'J2778,10,2 Date of Service Edit: Policy,Code Descriptor / CPT Instruction',
    'J0885,lots,3 Date of Service Edit: Clinical,Prescribing Information',
    '96413,1,1 Line Edit,CMS Policy',
  ];
}

type HcpcsCell = string | number | null;

/**
 * The HCPCS Level II file: a worksheet with the CMS column names. Row 2 a modifier, 3 J1745, 4 J1300 (retired),
 * 5 J1200 with dates stored as numbers, 6 a space-padded code, 7 a bad date, 8 an unknown RECID, 9 J2778, 10 J0885,
 * 11 J9045.
 */
export async function writeHcpcsWorkbook(dir: string, name: string, extraRows: HcpcsCell[][] = []): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('HCPC2025_OCT_ANWEB');
  sheet.addRow(['HCPC', 'SEQNUM', 'RECID', 'LONG DESCRIPTION', 'SHORT DESCRIPTION', 'PRICE1', 'ADD DT', 'ACT EFF DT', 'TERM DT', 'ACTION CD']);
  const rows: HcpcsCell[][] = [
    ['   JW', '0010', '7', 'Drug amount discarded/not administered to any patient', 'Discarded drug not administe', null, '20020701', '20020701', null, 'N'],
    ['J1745', '0010', '3', 'Injection, infliximab, excludes biosimilar, 10 mg', 'Infliximab not biosimil 10mg', '51', '20000101', '20170101', null, 'N'],
    ['J1300', '0010', '3', 'Injection, eculizumab, 10 mg', 'Eculizumab injection', '51', '20080101', '20250401', '20250331', 'N'],
    ['J1200', '0010', '3', 'Injection, diphenhydramine hcl, up to 50 mg', 'Diphenhydramine hcl injectio', '51', 19820101, 19970101, null, 'N'],
    ['J9999 ', '0010', '3', 'Not otherwise classified, antineoplastic drugs', 'Antineoplastic drug nos', '51', '19900101', '20251001', null, 'N'],
    ['J0881', '0010', '3', 'Injection, darbepoetin alfa, 1 microgram (non-esrd use)', 'Darbepoetin alfa, non-esrd', '51', '2006-01-01', '20060101', null, 'N'],
    ['J0882', '0010', '5', 'Injection, darbepoetin alfa, 1 microgram (for esrd on dialysis)', 'Darbepoetin alfa, esrd use', '51', '20060101', '20060101', null, 'N'],
    ['J2778', '0010', '3', 'Injection, ranibizumab, 0.1 mg', 'Ranibizumab injection', '51', '20080101', '20080101', null, 'N'],
    ['J0885', '0010', '3', 'Injection, epoetin alfa, (for non-esrd use), 1000 units', 'Epoetin alfa, non-esrd', '51', '20060101', '20060101', null, 'N'],
    ['J9045', '0010', '3', 'Injection, carboplatin, 50 mg', 'Carboplatin injection', '51', '19900101', '19900101', null, 'N'],
    ...extraRows,
  ];
  for (const row of rows) sheet.addRow(row);
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** A folder with all four tables of the October 2025 quarter in miniature. */
export async function writeQuarter(dir: string): Promise<void> {
  await writeLatin1Csv(dir, 'crosswalk.csv', crosswalkLines());
  await writeLatin1Csv(dir, 'pricing.csv', pricingLines());
  await writeLatin1Csv(dir, 'mue.csv', mueLines());
  await writeHcpcsWorkbook(dir, 'hcpcs.xlsx');
}
