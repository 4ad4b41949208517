import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../src/catalog/import/import-file';
import { crosswalkLines, mueLines, pricingLines, tempFolder, writeHcpcsWorkbook, writeLatin1Csv } from './cms-fixtures';

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  folder = await tempFolder();
});
afterEach(async () => {
  await folder.remove();
});

async function importOne(file: string) {
  return importFile(file, (await stat(file)).size);
}

describe('ASP NDC-HCPCS crosswalk', () => {
  it('reads the rows under the title rows, decoding Windows-1252 and skipping non-NDC ids', async () => {
    const { report, table, quarter } = await importOne(await writeLatin1Csv(folder.dir, 'a.csv', crosswalkLines()));
    expect(report).toMatchObject({ file: 'a.csv', kind: 'crosswalk', quarter: '2025-Q4', rows: 10 });
    expect(quarter).toEqual({ year: 2025, quarter: 4 });
    expect(report.skipped).toEqual([{ reason: 'product id is not an NDC', count: 1 }]);
    expect(table?.kind).toBe('crosswalk');
    const rows = table?.kind === 'crosswalk' ? table.rows : [];
    expect(rows.map((row) => `${row.line} ${row.code} ${row.ndc}`)).toEqual([
      '7 J1745 57894003001',
      '8 J9045 00703424401',
      '10 J0885 55513012610',
      '12 J2506 55513019001',
      '13 J1745 57894016001',
      '15 J0881 55513002501',
      '16 J0882 55513002501',
      '17 J2778 00002759701',
    ]);
    expect(rows[0]).toEqual({
      line: 7,
      code: 'J1745',
      ndc: '57894003001',
      shortDescription: 'Infliximab not biosimil 10mg',
      labeler: 'Janssen Biotech, Inc.',
      name: 'Remicade',
      dosage: '10 MG',
      packageSize: '1',
      packageQuantity: '1',
      billUnits: '10',
      billUnitsPackage: '10',
    });
    // Windows-1252 bytes, a name spanning two lines, a trailing no-break space.
    expect(rows[1]).toMatchObject({ labeler: 'Laboratoires S\u00e9rono', name: 'Carboplatin', packageSize: '5' });
    expect(rows.find((row) => row.code === 'J0881')?.name).toBe('Aranesp\u2122');
    expect(rows.find((row) => row.code === 'J2506')).toMatchObject({ name: 'Neulasta', packageSize: '0.6', billUnits: '12' });
  });

  it('reports a non-numeric unit count and a truncated row with their lines, and keeps going', async () => {
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, 'a.csv', crosswalkLines()));
    expect(report.problems).toEqual([
      { line: 13, message: 'BILLUNITS "ten" is not a number; the value is left out' },
      {
        line: 14,
        message: 'truncated row: it ends after 5 fields, without HCPCS dosage, PKG SIZE, PKG QTY, BILLUNITS, BILLUNITSPKG; the row is left out',
      },
    ]);
    const rows = table?.kind === 'crosswalk' ? table.rows : [];
    // The product stays mapped to its code, without a container size rather than with a wrong one.
    expect(rows.find((row) => row.ndc === '57894016001')).toMatchObject({ code: 'J1745', billUnits: undefined, billUnitsPackage: '10' });
  });

  it('keeps a row cut short after its required columns, without the values it lacks', async () => {
    const lines = crosswalkLines();
    lines.splice(6, 1, 'J1745,Infliximab not biosimil 10mg,"Janssen Biotech, Inc.",57894-0030-01,Remicade,10 MG,1,1,10');
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, 'short.csv', lines));
    expect(report.problems[0]).toEqual({
      line: 7,
      message: 'truncated row: it ends after 9 fields, without BILLUNITSPKG; those values are left out',
    });
    const rows = table?.kind === 'crosswalk' ? table.rows : [];
    expect(rows[0]).toMatchObject({ ndc: '57894003001', billUnits: '10', billUnitsPackage: undefined });
  });

  it('cannot use a crosswalk whose BILLUNITS column was renamed, and says which column and line', async () => {
    const file = await writeLatin1Csv(folder.dir, 'renamed.csv', crosswalkLines({ billUnitsHeader: 'BILL UNITS' }));
    const { report, table } = await importOne(file);
    expect(table).toBeUndefined();
    expect(report).toMatchObject({ kind: 'crosswalk', used: false, note: 'a required column is missing: BILLUNITS' });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.line).toBe(6);
    expect(report.problems[0]?.message).toMatch(/^column "BILLUNITS" of the ASP NDC-HCPCS crosswalk is not in the header; the file cannot be used/);
    expect(report.problems[0]?.message).toContain('BILL UNITS');
  });

  it('uses a crosswalk whose optional column was renamed, leaving those values out and saying so', async () => {
    const file = await writeLatin1Csv(folder.dir, 'renamed.csv', crosswalkLines({ drugNameHeader: 'Product Name' }));
    const { report, table } = await importOne(file);
    expect(report.problems[0]).toMatchObject({ line: 6 });
    expect(report.problems[0]?.message).toMatch(/column "Drug Name" .* its values are left out/);
    const rows = table?.kind === 'crosswalk' ? table.rows : [];
    expect(rows).toHaveLength(8);
    expect(rows[0]?.name).toBeUndefined();
  });

  it('reads a UTF-8 file with a byte-order mark as well', async () => {
    const file = path.join(folder.dir, 'utf8.csv');
    await writeFile(file, `\ufeff${crosswalkLines().join('\n').replace('S\u00e9rono', 'S\u00e9rono \u2013 EU')}\n`, 'utf8');
    const { table } = await importOne(file);
    const rows = table?.kind === 'crosswalk' ? table.rows : [];
    expect(rows[1]?.labeler).toBe('Laboratoires S\u00e9rono \u2013 EU');
  });

  it('repeats a duplicate NDC-code pair as a problem and keeps the first row', async () => {
    const lines = crosswalkLines();
    lines.splice(7, 0, 'J1745,Infliximab again,Janssen,57894-0030-01,Remicade,10 MG,1,1,10,10');
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, 'dup.csv', lines));
    expect(report.problems[0]).toEqual({ line: 8, message: 'NDC 57894003001 under J1745 appears again (first on line 7); the first row is kept' });
    const rows = table?.kind === 'crosswalk' ? table.rows : [];
    expect(rows.filter((row) => row.ndc === '57894003001')).toHaveLength(1);
  });
});

describe('HCPCS Level II workbook', () => {
  it('keeps RECID 3 codes with ISO dates, counts modifiers, and reports bad rows by worksheet row', async () => {
    const { report, table, quarter } = await importOne(await writeHcpcsWorkbook(folder.dir, 'whatever-name.xlsx'));
    expect(report).toMatchObject({ kind: 'hcpcs', rows: 10, quarter: '2025-Q4' });
    // No title rows: the latest ACT EFF DT (20251001) names the quarter.
    expect(quarter).toEqual({ year: 2025, quarter: 4 });
    expect(report.skipped).toEqual([{ reason: 'modifier (RECID 7)', count: 1 }]);
    expect(report.problems).toEqual([
      { line: 7, message: 'ADD DT "2006-01-01" is not a YYYYMMDD date; the date is left out' },
      { line: 8, message: 'RECID "5" is neither 3 (code) nor 7 (modifier); the row is left out' },
    ]);
    const rows = table?.kind === 'hcpcs' ? table.rows : [];
    expect(rows.map((row) => row.code)).toEqual(['J1745', 'J1300', 'J1200', 'J9999', 'J0881', 'J2778', 'J0885', 'J9045']);
    expect(rows.find((row) => row.code === 'J1300')).toEqual({
      line: 4,
      code: 'J1300',
      description: 'Injection, eculizumab, 10 mg',
      shortDescription: 'Eculizumab injection',
      addDate: '2008-01-01',
      actionEffectiveDate: '2025-04-01',
      termDate: '2025-03-31',
    });
    // Dates stored as numbers read the same as dates stored as text.
    expect(rows.find((row) => row.code === 'J1200')).toMatchObject({ addDate: '1982-01-01', actionEffectiveDate: '1997-01-01' });
  });

  it('falls back on the file name for the quarter when the data has no dates', async () => {
    const file = path.join(folder.dir, 'HCPC2025_JUL_ANWEB.xlsx');
    await writeHcpcsWorkbook(folder.dir, 'HCPC2025_JUL_ANWEB.xlsx');
    // Rewrite the dates away: a workbook of one code without dates.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('HCPC');
    sheet.addRow(['HCPC', 'SEQNUM', 'RECID', 'LONG DESCRIPTION', 'ADD DT', 'ACT EFF DT', 'TERM DT']);
    sheet.addRow(['J1745', '0010', '3', 'Injection, infliximab, excludes biosimilar, 10 mg', null, null, null]);
    await workbook.xlsx.writeFile(file);
    const { report } = await importOne(file);
    expect(report.quarter).toBe('2025-Q3');
  });

  it('reports a zip that is not a workbook as unreadable', async () => {
    const file = path.join(folder.dir, 'broken.xlsx');
    await writeFile(file, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const { report, table } = await importOne(file);
    expect(table).toBeUndefined();
    expect(report).toMatchObject({ kind: 'unrecognised', used: false, note: 'unreadable' });
    expect(report.problems[0]?.message).toMatch(/cannot be read as an xlsx workbook/);
  });

  it('tells the user to unzip a CMS download left zipped', async () => {
    const file = path.join(folder.dir, 'october-2025-asp-pricing-file.zip');
    await writeFile(file, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]));
    const { report } = await importOne(file);
    expect(report).toMatchObject({ used: false, note: 'a zip archive: unzip the CMS download into the folder' });
  });
});

describe('practitioner MUE table', () => {
  it('reads units and the digit of the adjudication indicator', async () => {
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, '2026-04-mue.csv', mueLines()));
    expect(report).toMatchObject({ kind: 'mue', rows: 4, quarter: '2026-Q2' }); // quarter from the file name
    expect(report.problems).toEqual([{ line: 4, message: 'MUE value "lots" of J0885 is not a whole number; the row is left out' }]);
    const rows = table?.kind === 'mue' ? table.rows : [];
    expect(rows).toEqual([
      { line: 2, code: 'J1745', units: 150, adjudication: 3 },
      { line: 3, code: 'J2778', units: 10, adjudication: 2 },
      { line: 5, code: '96413', units: 1, adjudication: 1 },
    ]);
  });

  it('does not take a facility MUE table for the practitioner one', async () => {
    const lines = mueLines();
    lines[0] = 'HCPCS/CPT Code,Outpatient Hospital Services MUE Values,MUE Adjudication Indicator,MUE Rationale';
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, 'mue.csv', lines));
    expect(table).toBeUndefined();
    expect(report.problems[0]?.message).toContain('only the practitioner MUE table applies to practitioner claims');
  });
  it('lists the first 50 problems of a file and counts the rest', async () => {
    const lines = [mueLines()[0] ?? '', ...Array.from({ length: 60 }, (_, i) => `J${1000 + i},many,3 Date of Service Edit: Clinical,x`)];
    const { report } = await importOne(await writeLatin1Csv(folder.dir, 'mue.csv', lines));
    expect(report.rows).toBe(60);
    expect(report.problems).toHaveLength(51);
    expect(report.problems[49]).toMatchObject({ line: 51 });
    expect(report.problems[50]).toEqual({ message: 'and 10 more problems (only the first 50 are listed)' });
  });
});

describe('ASP payment limits', () => {
  it('reads limits under 8 title rows; "N/A" is no limit, anything else non-numeric a problem', async () => {
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, 'limits.csv', pricingLines()));
    expect(report).toMatchObject({ kind: 'pricing', rows: 3, quarter: '2025-Q4' });
    expect(report.problems).toEqual([{ line: 13, message: 'Payment Limit "about nine" is not a number; the value is left out' }]);
    const rows = table?.kind === 'pricing' ? table.rows : [];
    expect(rows[0]).toEqual({ line: 10, code: 'J1745', shortDescription: 'Infliximab not biosimil 10mg', dosage: '10 MG', paymentLimit: '31.09' });
    expect(rows[1]).toMatchObject({ code: 'A9606', paymentLimit: undefined });
  });
});

describe('any table in either format', () => {
  it('reads the ASP payment limits from a workbook, title rows and all', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['Payment Allowance Limits for Medicare Part B Drugs']);
    sheet.addRow(['Effective October 1, 2025 through December 31, 2025']);
    sheet.addRow([]);
    sheet.addRow(['HCPCS Code', 'Short Description', 'HCPCS Code Dosage', 'Payment Limit', 'Co-insurance Percentage']);
    sheet.addRow(['J1745', 'Infliximab not biosimil 10mg', '10 MG', 31.09, 20]);
    const file = path.join(folder.dir, 'limits.xlsx');
    await workbook.xlsx.writeFile(file);
    const { report, table } = await importOne(file);
    expect(report).toMatchObject({ kind: 'pricing', quarter: '2025-Q4', rows: 1, problems: [] });
    expect(table?.kind === 'pricing' ? table.rows : []).toEqual([
      { line: 5, code: 'J1745', shortDescription: 'Infliximab not biosimil 10mg', dosage: '10 MG', paymentLimit: '31.09' },
    ]);
  });
});

describe('files that are not CMS tables', () => {
  it('says so for text without a known header and for binary files', async () => {
    const text = await importOne(await writeLatin1Csv(folder.dir, 'notes.csv', ['Quarterly notes', 'nothing tabular here']));
    expect(text.report).toMatchObject({ kind: 'unrecognised', used: false, note: 'no header of a CMS table in the first 30 rows' });
    const pdf = path.join(folder.dir, 'release.pdf');
    await writeFile(pdf, Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n', 'latin1'));
    expect((await importOne(pdf)).report).toMatchObject({ kind: 'unrecognised', note: 'not a CSV file or an xlsx workbook' });
  });

  it('looks no further than 30 rows for the header', async () => {
    const lines = [...Array.from({ length: 30 }, (_, i) => `title row ${i + 1}`), ...mueLines()];
    const { report } = await importOne(await writeLatin1Csv(folder.dir, 'late.csv', lines));
    expect(report.kind).toBe('unrecognised');
  });

  it('does not use a CSV with an unterminated quote, where any row after it could be wrong', async () => {
    const lines = [...mueLines(), 'J9999,"1,3 Date of Service Edit: Clinical,CMS Policy'];
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, 'broken.csv', lines));
    expect(table).toBeUndefined();
    expect(report).toMatchObject({ used: false, note: 'unreadable' });
    expect(report.problems.at(-1)?.message).toBe('the file cannot be read as CSV: the quote opened on line 6 is never closed');
  });

  it('does not use a CSV where a closing quote runs into more text', async () => {
    const lines = [...mueLines(), 'J9999,"1"0,3 Date of Service Edit: Clinical,CMS Policy'];
    const { report, table } = await importOne(await writeLatin1Csv(folder.dir, 'broken.csv', lines));
    expect(table).toBeUndefined();
    expect(report.problems.at(-1)?.message).toBe(
      'the file cannot be read as CSV: on line 6, a closing quote is followed by "0" instead of a comma or the end of the line',
    );
  });
});
