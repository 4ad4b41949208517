// The outputs hold patient identifiers: readable by the owner only, and pseudonymized on request with stable
// keyed hashes.
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport } from '../../src/audit/audit-export';
import { Pseudonymizer } from '../../src/audit/pseudonymize';
import { generateExport } from '../../scripts/synthetic-export';
import { readCsv, removeDir, tempDir, testCatalog } from './export-fixture';
import { ENCOUNTER_IDS, PATIENT_IDS, writeSmallExport } from './small-export';

let exportDir: string;
const dirs: string[] = [];
const KEY = 'a test key that is long enough';

function out(): string {
  const dir = join(tempDir('privacy'), 'out');
  dirs.push(dir);
  return dir;
}

const mode = (path: string) => statSync(path).mode & 0o777;

function allOutputText(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f !== 'pseudonym.key')
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

beforeAll(() => {
  exportDir = tempDir('privacy-export');
  writeSmallExport(exportDir);
});
afterAll(() => {
  removeDir(exportDir);
  for (const d of dirs) removeDir(join(d, '..'));
});

describe('output files', () => {
  it('are created 0600 in a folder created 0700, whatever the umask', async () => {
    const dir = out();
    const before = process.umask(0o000);
    try {
      await auditExport({ exportDir, outDir: dir, catalog: testCatalog() });
    } finally {
      process.umask(before);
    }
    expect(mode(dir)).toBe(0o700);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['faults.csv', 'findings.csv', 'lines.csv', 'report.html', 'summary.json']);
    for (const f of files) expect(mode(join(dir, f)), f).toBe(0o600);
  });

  it('are narrowed to 0600 when an earlier file was wider', async () => {
    const dir = out();
    await auditExport({ exportDir, outDir: dir, catalog: testCatalog() });
    chmodSync(join(dir, 'findings.csv'), 0o644);
    writeFileSync(join(dir, 'report.html'), 'old', { mode: 0o666 });
    chmodSync(join(dir, 'report.html'), 0o666);
    await auditExport({ exportDir, outDir: dir, catalog: testCatalog() });
    expect(mode(join(dir, 'findings.csv'))).toBe(0o600);
    expect(mode(join(dir, 'report.html'))).toBe(0o600);
  });

  it('leave no temporary partition behind', async () => {
    const dir = out();
    await auditExport({ exportDir, outDir: dir, catalog: testCatalog() });
    expect(readdirSync(dir).filter((f) => f.startsWith('.jcode-audit-'))).toEqual([]);
  });
});

describe('--pseudonymize', () => {
  it('leaves no patient or encounter id, nor any id of their resources, in any output', async () => {
    const dir = out();
    await auditExport({ exportDir, outDir: dir, catalog: testCatalog(), pseudonymize: true, env: { JCODE_PSEUDONYM_KEY: KEY } });
    const text = allOutputText(dir);
    for (const id of [...PATIENT_IDS, ...ENCOUNTER_IDS, 'ma-alpha-1', 'ma-beta-1', 'cov-pa-alpha-0001']) expect(text, id).not.toContain(id);
    expect(text).not.toContain('Testperson');
    const rows = readCsv(join(dir, 'findings.csv'));
    expect(rows.every((r) => /^Patient\/p-[0-9a-f]{20}$/.test(r.patient!))).toBe(true);
    expect(rows.every((r) => /^Encounter\/e-[0-9a-f]{20}$/.test(r.encounter!))).toBe(true);
  });

  it('also pseudonymizes the input faults, and never quotes a broken line', async () => {
    const faulty = tempDir('privacy-faulty');
    dirs.push(join(faulty, 'x'));
    await generateExport({ outDir: faulty, encounters: 30, seed: 4, faults: true });
    const dir = out();
    const { summary } = await auditExport({ exportDir: faulty, outDir: dir, catalog: testCatalog(), pseudonymize: true, env: { JCODE_PSEUDONYM_KEY: KEY } });
    expect(summary.tally.faults.counts['duplicate-id']).toBe(2);
    const text = allOutputText(dir);
    expect(text).not.toMatch(/pt-0000|enc-pt-|ma-pt-|ma-orphan|Synthetic\d/);
    expect(readCsv(join(dir, 'faults.csv')).find((r) => r.kind === 'duplicate-id')?.resource).toMatch(/^MedicationAdministration\/r-[0-9a-f]{20}$/);
    // The half-written line quoted by JSON.parse's message would carry its content.
    expect(text).not.toContain('ma-broken');
  });

  it('is stable under one key (same pseudonyms in another run) and different under another', async () => {
    const runs = [];
    for (const key of [KEY, KEY, 'another key, also long enough']) {
      const dir = out();
      await auditExport({ exportDir, outDir: dir, catalog: testCatalog(), pseudonymize: true, env: { JCODE_PSEUDONYM_KEY: key } });
      runs.push(readCsv(join(dir, 'findings.csv')).map((r) => `${r.patient} ${r.encounter} ${r.code}`).sort());
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).not.toEqual(runs[0]);
    // The pseudonym is the keyed hash of the reference, as documented.
    expect(runs[0]).toContain(`${new Pseudonymizer(Buffer.from(KEY)).ref('Patient/pb-beta-0002')} ${new Pseudonymizer(Buffer.from(KEY)).ref('Encounter/enc-beta-1')} coverage-missing`);
  });

  it('without JCODE_PSEUDONYM_KEY creates a 0600 key file in the output folder and reuses it', async () => {
    const dir = out();
    const first = await auditExport({ exportDir, outDir: dir, catalog: testCatalog(), pseudonymize: true, env: {} });
    expect(first.pseudonymKey?.source).toBe('file-created');
    expect(mode(join(dir, 'pseudonym.key'))).toBe(0o600);
    const a = readFileSync(join(dir, 'findings.csv'), 'utf8');
    const second = await auditExport({ exportDir, outDir: dir, catalog: testCatalog(), pseudonymize: true, env: {} });
    expect(second.pseudonymKey?.source).toBe('file');
    expect(readFileSync(join(dir, 'findings.csv'), 'utf8')).toBe(a);
    expect(second.summary.pseudonymized?.keyFingerprint).toBe(first.summary.pseudonymized?.keyFingerprint);
  });

  it('refuses a key too short to be a secret', async () => {
    await expect(auditExport({ exportDir, outDir: out(), catalog: testCatalog(), pseudonymize: true, env: { JCODE_PSEUDONYM_KEY: 'short' } })).rejects.toThrow(/at least 16/);
  });
});
