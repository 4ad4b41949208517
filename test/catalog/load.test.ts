import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CmsFolderError, loadCatalog, type ImportProgress } from '../../src/catalog/load';
import type { CatalogEntries } from '../../src/catalog/types';
import { crosswalkLines, mueLines, pricingLines, tempFolder, writeLatin1Csv, writeQuarter } from './cms-fixtures';

/** Curated facts as the starter catalog carries them, including facts no CMS file has. */
const starter: CatalogEntries = {
  quarter: 'starter (test facts)',
  codes: [
    {
      code: 'J1745',
      description: 'Injection, infliximab, excludes biosimilar, 10 mg',
      descriptor: { amount: '10', unit: 'mg' },
      administrationClass: 'chemo',
      containerType: 'single-dose',
      mue: { units: 140, adjudication: 3 }, // an older value: the quarter's wins
      source: 'starter',
    },
    { code: 'J9999', description: 'Not otherwise classified, antineoplastic drugs', descriptor: { amount: '5', unit: 'mg' }, source: 'starter' },
    { code: 'J3590', description: 'Unclassified biologics', administrationClass: 'therapeutic', source: 'starter' },
  ],
  products: [
    { ndc: '57894003001', hcpcs: 'J1745', billUnits: '10', containerType: 'single-dose', liquid: false, name: 'Remicade (curated)', source: 'starter' },
    { ndc: '55513019001', hcpcs: 'J2506', containerType: 'single-dose', source: 'starter' },
    { ndc: '99999000001', hcpcs: 'J3590', billUnits: '1', liquid: true, source: 'starter' },
  ],
};

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  folder = await tempFolder();
});
afterEach(async () => {
  await folder.remove();
});

describe('loadCatalog without a CMS folder', () => {
  it('is the starter catalog, under its own quarter label', async () => {
    const { entries, index, report } = await loadCatalog({ starter });
    expect(entries).toBe(starter);
    expect(index.quarter).toBe('starter (test facts)');
    expect(report).toEqual({ quarter: 'starter (test facts)', files: [], missing: [], usable: true, problems: [], codes: 3, ndcs: 3, products: 3 });
  });

  it('is the curated starter catalog when no facts are given', async () => {
    const { report } = await loadCatalog();
    expect(report.quarter).toMatch(/^starter/);
    expect(report.codes).toBeGreaterThanOrEqual(40);
  });
});

describe('loadCatalog with a CMS folder', () => {
  it('imports the four tables, names the quarter, and merges them over the starter facts', async () => {
    await writeQuarter(folder.dir);
    const { entries, index, report } = await loadCatalog({ cmsDir: folder.dir, starter });
    expect(report.quarter).toBe('2025-Q4 (CMS October 2025 files)');
    expect(entries.quarter).toBe(report.quarter);
    expect(report.files.map((file) => [file.file, file.kind, file.used, file.quarter])).toEqual([
      ['crosswalk.csv', 'crosswalk', true, '2025-Q4'],
      ['hcpcs.xlsx', 'hcpcs', true, '2025-Q4'],
      ['mue.csv', 'mue', true, undefined],
      ['pricing.csv', 'pricing', true, '2025-Q4'],
    ]);
    expect(report).toMatchObject({ usable: true, missing: [], problems: [] });

    // The quarter's facts win; what only the starter knows stays.
    expect(index.code('J1745')).toEqual({
      code: 'J1745',
      description: 'Injection, infliximab, excludes biosimilar, 10 mg',
      shortDescription: 'Infliximab not biosimil 10mg',
      descriptor: { amount: '10', unit: 'mg' },
      addDate: '2000-01-01',
      mue: { units: 150, adjudication: 3 },
      paymentLimit: '31.09',
      administrationClass: 'chemo',
      containerType: 'single-dose',
      source: 'hcpcs.xlsx',
    });
    expect(index.code('J1300')).toMatchObject({ addDate: '2008-01-01', termDate: '2025-03-31', descriptor: { amount: '10', unit: 'mg' } });
    expect(index.code('J1200')?.descriptor).toEqual({ amount: '50', unit: 'mg', upTo: true });
    expect(index.code('J0885')?.descriptor).toEqual({ amount: '1000', unit: 'unit' });
    expect(index.code('J0885')?.mue).toBeUndefined(); // its MUE row was not a number: no limit rather than a wrong one
    expect(index.code('J2778')).toMatchObject({ descriptor: { amount: '0.1', unit: 'mg' }, mue: { units: 10, adjudication: 2 } });
    // A descriptor the quarter cannot read ("not otherwise classified") keeps the curated one.
    expect(index.code('J9999')?.descriptor).toEqual({ amount: '5', unit: 'mg' });
    expect(index.code('J3590')).toEqual(starter.codes[2]);
    // Codes only the MUE table or the ASP file name.
    expect(index.code('96413')).toEqual({ code: '96413', description: '', mue: { units: 1, adjudication: 1 }, source: 'mue.csv' });
    expect(index.code('A9606')).toEqual({ code: 'A9606', description: 'Radium ra223 dichloride ther', shortDescription: 'Radium ra223 dichloride ther', source: 'pricing.csv' });

    expect(index.productsOfNdc('57894003001')).toEqual([
      {
        ndc: '57894003001',
        hcpcs: 'J1745',
        name: 'Remicade',
        labeler: 'Janssen Biotech, Inc.',
        billUnits: '10',
        billUnitsPackage: '10',
        packageSize: '1',
        packageQuantity: '1',
        containerType: 'single-dose',
        liquid: false,
        source: 'crosswalk.csv',
      },
    ]);
    // Keyed on NDC + HCPCS: one NDC under two codes is two products.
    expect(index.productsOfNdc('55513002501').map((product) => product.hcpcs)).toEqual(['J0881', 'J0882']);
    expect(index.productsOfNdc('99999000001')).toEqual([starter.products[2]]);
    expect(report).toMatchObject({ codes: entries.codes.length, products: entries.products.length });
    expect(report.products).toBe(9); // 8 crosswalk rows with an NDC, and the starter-only product
    expect(report.ndcs).toBe(8);
  });

  it('sets liquid only where the crosswalk makes it evident, and never a container type', async () => {
    await writeQuarter(folder.dir);
    const { index } = await loadCatalog({ cmsDir: folder.dir, starter: { ...starter, products: [] } });
    const product = (ndc: string) => index.productsOfNdc(ndc)[0];
    expect(product('55513019001')?.liquid).toBe(true); // PKG SIZE 0.6: a volume
    expect(product('00002759701')?.liquid).toBe(true); // PKG SIZE 0.05
    expect(product('00703424401')?.liquid).toBe(true); // an injection, PKG SIZE 5 (mL)
    expect(product('57894003001')?.liquid).toBeUndefined(); // PKG SIZE 1 says nothing
    expect(product('55513012610')?.liquid).toBeUndefined();
    expect(index.productsOfCode('J1745').every((p) => p.containerType === undefined)).toBe(true);
  });

  it('uses the newer quarter when two files carry the same table, whatever their names', async () => {
    await writeLatin1Csv(folder.dir, 'aa-limits.csv', pricingLines());
    const older = pricingLines('Effective July 1, 2025 through September 30, 2025').map((line) => line.replace('31.090', '30.000'));
    await writeLatin1Csv(folder.dir, 'zz-newest-limits.csv', older);
    const { index, report } = await loadCatalog({ cmsDir: folder.dir, starter });
    expect(index.code('J1745')?.paymentLimit).toBe('31.09');
    expect(report.files.map((file) => [file.file, file.quarter, file.used, file.note])).toEqual([
      ['aa-limits.csv', '2025-Q4', true, undefined],
      ['zz-newest-limits.csv', '2025-Q3', false, 'older ASP payment limit file (2025-Q3) than aa-limits.csv (2025-Q4), which is used'],
    ]);
    expect(report.problems).toEqual([]);
    expect(report.missing).toEqual(['crosswalk', 'hcpcs', 'mue']);
    expect(report.quarter).toBe('2025-Q4 (CMS October 2025 files)');
  });

  it('says so when two files carry the same table for the same quarter, and uses the first by name', async () => {
    await writeLatin1Csv(folder.dir, 'mue-b.csv', mueLines());
    await writeLatin1Csv(folder.dir, 'mue-a.csv', mueLines().map((line) => line.replace(',150,', ',120,')));
    const { index, report } = await loadCatalog({ cmsDir: folder.dir, starter });
    expect(index.code('J1745')?.mue?.units).toBe(120);
    expect(report.problems).toEqual([
      {
        file: 'mue-b.csv',
        message: 'mue-b.csv and mue-a.csv both carry the practitioner MUE table for unknown quarter; mue-a.csv is used. Remove the one you do not mean.',
      },
    ]);
    expect(report.usable).toBe(true);
    // No file names a quarter: the label says so rather than guess.
    expect(report.quarter).toBe('CMS files of an unknown quarter');
  });

  it('reports an unrecognised file as ignored and still uses the rest', async () => {
    await writeQuarter(folder.dir);
    await writeFile(path.join(folder.dir, 'README.txt'), 'Downloaded from cms.gov\n');
    const { report } = await loadCatalog({ cmsDir: folder.dir, starter });
    expect(report.files.find((file) => file.file === 'README.txt')).toMatchObject({
      kind: 'unrecognised',
      used: false,
      note: 'no header of a CMS table in the first 30 rows',
    });
    expect(report.usable).toBe(true);
  });

  it('follows links to the downloads, passes over sub-folders, and reports a broken link as unreadable', async () => {
    const downloads = path.join(folder.dir, 'downloads');
    await mkdir(downloads);
    await writeLatin1Csv(downloads, 'mue.csv', mueLines());
    const quarter = path.join(folder.dir, 'quarter');
    await mkdir(path.join(quarter, 'older'), { recursive: true });
    await symlink(path.join(downloads, 'mue.csv'), path.join(quarter, 'mue-link.csv'));
    await symlink(path.join(downloads, 'gone.csv'), path.join(quarter, 'broken-link.csv'));
    const { index, report } = await loadCatalog({ cmsDir: quarter, starter });
    expect(index.code('J1745')?.mue?.units).toBe(150);
    expect(report.files.map((file) => [file.file, file.used, file.note])).toEqual([
      ['broken-link.csv', false, 'unreadable'],
      ['mue-link.csv', true, undefined],
    ]);
    expect(report.files[0]?.problems[0]?.message).toMatch(/^the file cannot be opened: ENOENT/);
    expect(report.usable).toBe(true);
  });

  it('is unusable when a table is only in a file that cannot be used, and then keeps the starter catalog', async () => {
    await writeLatin1Csv(folder.dir, 'crosswalk.csv', crosswalkLines({ billUnitsHeader: 'BILL UNITS' }));
    const { entries, report } = await loadCatalog({ cmsDir: folder.dir, starter });
    expect(report.usable).toBe(false);
    expect(report.quarter).toBe('starter (test facts)');
    expect(entries).toBe(starter);
    expect(report.problems.map((problem) => problem.message)).toEqual([
      'the ASP NDC-HCPCS crosswalk (crosswalk.csv) cannot be used; see its problems',
      'no file in the folder is a CMS table this catalog uses (crosswalk, HCPCS file, MUE table, ASP payment limits)',
    ]);
    expect(report.files[0]).toMatchObject({ quarter: '2025-Q4', used: false }); // the title rows still tell its quarter
    expect(report.files[0]?.problems[0]).toMatchObject({ line: 6 });
  });

  it('is unusable when a table file cannot be used even though others can', async () => {
    await writeLatin1Csv(folder.dir, 'crosswalk.csv', crosswalkLines({ billUnitsHeader: 'BILL UNITS' }));
    await writeLatin1Csv(folder.dir, 'mue.csv', mueLines());
    const { report } = await loadCatalog({ cmsDir: folder.dir, starter });
    expect(report.usable).toBe(false);
    expect(report.files.map((file) => file.used)).toEqual([false, true]);
  });

  it('throws CmsFolderError for a folder it cannot read', async () => {
    await expect(loadCatalog({ cmsDir: path.join(folder.dir, 'missing'), starter })).rejects.toBeInstanceOf(CmsFolderError);
    const file = await writeLatin1Csv(folder.dir, 'a.csv', mueLines());
    await expect(loadCatalog({ cmsDir: file, starter })).rejects.toThrow(/cannot read the CMS folder/);
  });

  it('reports progress in bytes over the whole folder', async () => {
    await writeQuarter(folder.dir);
    const events: ImportProgress[] = [];
    await loadCatalog({ cmsDir: folder.dir, starter, onProgress: (event) => events.push(event) });
    const total = events[0]?.bytesTotal ?? 0;
    expect(total).toBeGreaterThan(0);
    expect(events.every((event) => event.bytesTotal === total)).toBe(true);
    const done = events.map((event) => event.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(total);
    expect(new Set(events.map((event) => event.file))).toEqual(new Set(['crosswalk.csv', 'hcpcs.xlsx', 'mue.csv', 'pricing.csv']));
  });
});
