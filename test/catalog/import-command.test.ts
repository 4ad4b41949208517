import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogImportCommand } from '../../src/catalog/import-command';
import type { ImportReport } from '../../src/catalog/load';
import { main } from '../../src/cli';
import { crosswalkLines, tempFolder, writeLatin1Csv, writeQuarter } from './cms-fixtures';

function capture(isTTY = false) {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeEach(async () => {
  folder = await tempFolder();
});
afterEach(async () => {
  await folder.remove();
});

describe('jcode-assist catalog import', () => {
  it('exits 0 for a usable folder and says what it found', async () => {
    await writeQuarter(folder.dir);
    await writeFile(path.join(folder.dir, 'notes.txt'), 'release notes\n');
    const run = capture();
    expect(await catalogImportCommand([folder.dir], run.io)).toBe(0);
    const text = run.out();
    expect(text).toContain(`CMS folder ${folder.dir}`);
    expect(text).toContain('Catalog quarter: 2025-Q4 (CMS October 2025 files)');
    expect(text).toMatch(/ used +crosswalk +2025-Q4 +crosswalk\.csv +10 rows; 1 skipped: product id is not an NDC\n/);
    expect(text).toMatch(/ ignored +- +- +notes\.txt +no header of a CMS table in the first 30 rows\n/);
    expect(text).toContain('crosswalk.csv line 13: BILLUNITS "ten" is not a number; the value is left out');
    expect(text).toContain('hcpcs.xlsx line 8: RECID "5" is neither 3 (code) nor 7 (modifier); the row is left out');
    expect(text).toMatch(/Catalog: \d+ codes, \d+ NDCs \(\d+ NDC-code pairs\)/);
    expect(text.trimEnd().endsWith('Usable: yes')).toBe(true);
    expect(run.err()).toBe(''); // no progress bar when stderr is not a terminal
  });

  it('prints the report as JSON with --json', async () => {
    await writeQuarter(folder.dir);
    const run = capture();
    expect(await catalogImportCommand([folder.dir, '--json'], run.io)).toBe(0);
    const report = JSON.parse(run.out()) as ImportReport;
    expect(report.quarter).toBe('2025-Q4 (CMS October 2025 files)');
    expect(report.files.filter((file) => file.used)).toHaveLength(4);
    expect(report.files.find((file) => file.kind === 'crosswalk')?.skipped).toEqual([{ reason: 'product id is not an NDC', count: 1 }]);
  });

  it('draws its progress bar on a terminal stderr only, leaving stdout the report', async () => {
    await writeQuarter(folder.dir);
    const run = capture(true);
    expect(await catalogImportCommand([folder.dir, '--json'], run.io)).toBe(0);
    expect(() => JSON.parse(run.out())).not.toThrow();
    expect(run.err()).toContain('reading');
  });

  it('exits 1 when the folder has problems that make it unusable', async () => {
    await writeLatin1Csv(folder.dir, 'crosswalk.csv', crosswalkLines({ billUnitsHeader: 'BILL UNITS' }));
    const run = capture();
    expect(await catalogImportCommand([folder.dir], run.io)).toBe(1);
    expect(run.out()).toContain('crosswalk.csv line 6: column "BILLUNITS" of the ASP NDC-HCPCS crosswalk is not in the header');
    expect(run.out().trimEnd().endsWith('Usable: no')).toBe(true);
  });

  it('exits 2 for a folder it cannot read, with one line on stderr', async () => {
    const run = capture();
    expect(await catalogImportCommand([path.join(folder.dir, 'nope')], run.io)).toBe(2);
    expect(run.out()).toBe('');
    expect(run.err()).toMatch(/^jcode-assist catalog import: cannot read the CMS folder .*nope: ENOENT/);
    expect(run.err().trimEnd().split('\n')).toHaveLength(1);
  });

  it('takes the folder from JCODE_CMS_DIR, and exits 2 with usage when there is none', async () => {
    await writeQuarter(folder.dir);
    const withEnv = capture();
    expect(await catalogImportCommand(['--json'], withEnv.io, { JCODE_CMS_DIR: folder.dir })).toBe(0);
    const without = capture();
    expect(await catalogImportCommand([], without.io, {})).toBe(2);
    expect(without.err()).toContain('no folder given');
    const badOption = capture();
    expect(await catalogImportCommand([folder.dir, '--yaml'], badOption.io, {})).toBe(2);
    expect(badOption.err()).toContain('unknown option --yaml');
  });

  it('is reached through the CLI as `catalog import`', async () => {
    await writeQuarter(folder.dir);
    const run = capture();
    expect(await main(['catalog', 'import', folder.dir, '--json'], run.io)).toBe(0);
    expect((JSON.parse(run.out()) as ImportReport).usable).toBe(true);
    const wrong = capture();
    expect(await main(['catalog', 'export'], wrong.io)).toBe(2);
  });
});
