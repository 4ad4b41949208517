// `jcode-assist audit` through the CLI entry (in-process), and the split / audit parts / merge route a team
// takes when one machine is not enough.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport, mergeAudits, splitExport } from '../../src/audit/index';
import type { AuditSummary } from '../../src/audit/summary';
import { generateExport } from '../../scripts/synthetic-export';
import { readCsv, removeDir, run, tempDir, testCatalog } from './export-fixture';
import { writeSmallExport } from './small-export';

const dirs: string[] = [];
function dir(prefix: string): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach(removeDir));

describe('jcode-assist audit', () => {
  let exportDir: string;
  beforeAll(() => {
    exportDir = dir('cli-export');
    writeSmallExport(exportDir);
  });

  it('audits an export: files on stdout, summary on stderr, exit 0', async () => {
    const out = join(dir('cli-out'), 'audit');
    const r = await run(['audit', exportDir, '--out', out, '--today', '2026-01-02']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['report.html', 'findings.csv', 'lines.csv', 'faults.csv', 'summary.json'].map((f) => join(out, f)));
    expect(r.stderr).toContain('audited 5 administrations (5 encounters, 3 patients)');
    expect(r.stderr).toContain('undocumented waste: 2 findings, 85 billing units');
    // The starter catalog carries the October 2025 ASP payment limits: 5 x $31.090 (J1745) + 80 x $5.708 (J3262).
    expect(r.stderr).toContain('85 billing units, $612.09 at the ASP payment limit (CMS ASP payment limits effective 2025-10-01 to 2025-12-31');
    expect(r.stderr).toContain('not counted again, as they follow from these: nothing-to-bill 1');
    expect(r.stderr).toContain('input faults: none');
    expect(readCsv(join(out, 'findings.csv'))).toHaveLength(5);
  });

  it('prints input faults with file and line', async () => {
    const faulty = dir('cli-faulty');
    await generateExport({ outDir: faulty, encounters: 20, seed: 3, faults: true });
    const r = await run(['audit', faulty, '--out', join(dir('cli-out'), 'a')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/input fault: MedicationAdministration-1\.ndjson:\d+: invalid-json: not JSON/);
    expect(r.stderr).toMatch(/input fault: MedicationAdministration-1\.ndjson:\d+: truncated-line/);
    expect(r.stderr).toMatch(/input faults: 8 \(/);
  });

  it('exits 2 with one line for a missing export folder or a bad date', async () => {
    const missing = await run(['audit', join(exportDir, 'nope'), '--out', join(dir('cli-out'), 'x')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^jcode-assist audit: cannot read the export folder .*\n$/);
    const badDate = await run(['audit', exportDir, '--since', '03/11/2025', '--out', join(dir('cli-out'), 'y')]);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toBe('jcode-assist audit: --since must be a date YYYY-MM-DD, not "03/11/2025"\n');
  });

  it('pseudonymizes and says where the key came from', async () => {
    const out = join(dir('cli-out'), 'p');
    const r = await run(['audit', exportDir, '--out', out, '--pseudonymize']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`pseudonyms: new key in ${join(out, 'pseudonym.key')} (0600)`);
    expect(readFileSync(join(out, 'findings.csv'), 'utf8')).not.toContain('pa-alpha-0001');
  });
});

describe('split by patient, audit the parts, merge', () => {
  let exportDir: string;
  let whole: AuditSummary;
  let wholeDir: string;

  beforeAll(async () => {
    exportDir = dir('split-export');
    await generateExport({ outDir: exportDir, encounters: 150, seed: 11, faults: true, linesPerFile: 100 });
    wholeDir = dir('split-whole');
    whole = (await auditExport({ exportDir, outDir: wholeDir, catalog: testCatalog(), today: '2026-01-02' })).summary;
  });

  it('adds up to the audit of the whole export', async () => {
    const partsDir = dir('split-parts');
    const split = await splitExport({ exportDir, outDir: partsDir, parts: 3 });
    expect(split.parts.map((p) => p.slice(partsDir.length + 1))).toEqual(['part-000', 'part-001', 'part-002']);
    for (const part of split.parts) expect(existsSync(join(part, 'manifest.json'))).toBe(true);
    const results = dir('split-results');
    for (const part of split.parts) {
      await auditExport({ exportDir: part, outDir: join(results, part.slice(partsDir.length + 1)), catalog: testCatalog(), today: '2026-01-02' });
    }
    const mergedDir = join(results, 'all');
    const merged = await mergeAudits([partsDir, ...split.parts.map((p) => join(results, p.slice(partsDir.length + 1)))], mergedDir);

    expect(merged.tally.totals).toEqual(whole.tally.totals);
    expect(merged.tally.byCode).toEqual(whole.tally.byCode);
    expect(merged.tally.byDrug).toEqual(whole.tally.byDrug);
    expect(merged.tally.byLocation).toEqual(whole.tally.byLocation);
    expect(merged.tally.byPerformer).toEqual(whole.tally.byPerformer);
    expect(merged.tally.consequences).toEqual(whole.tally.consequences);
    expect(Object.keys(whole.tally.byLocation)).toHaveLength(3);
    expect(merged.tally.waste).toEqual(whole.tally.waste);
    expect(merged.tally.perWeek).toEqual(whole.tally.perWeek);
    expect(merged.tally.worst).toEqual(whole.tally.worst);
    // Faults: the split reports the lines it cannot place; each part's audit the rest.
    expect(merged.tally.faults.counts).toEqual(whole.tally.faults.counts);
    const rows = (d: string, f: string) => readFileSync(join(d, f), 'utf8').split('\r\n').filter(Boolean);
    for (const f of ['findings.csv', 'lines.csv']) {
      expect(rows(mergedDir, f)[0]).toBe(rows(wholeDir, f)[0]);
      expect(rows(mergedDir, f).slice(1).sort()).toEqual(rows(wholeDir, f).slice(1).sort());
    }
    expect(readFileSync(join(mergedDir, 'report.html'), 'utf8')).toContain('3 parts merged');
  });

  it('runs the same route from the command line', async () => {
    const partsDir = dir('cli-parts');
    const split = await run(['audit', '--split', '2', exportDir, '--out', partsDir]);
    expect(split.code).toBe(0);
    const parts = split.stdout.trim().split('\n');
    expect(parts).toHaveLength(2);
    const results = dir('cli-results');
    for (const [i, part] of parts.entries()) expect((await run(['audit', part, '--out', join(results, `r${i}`), '--today', '2026-01-02'])).code).toBe(0);
    const merged = await run(['audit', '--merge', partsDir, join(results, 'r0'), join(results, 'r1'), '--out', join(results, 'all')]);
    expect(merged.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(results, 'all', 'summary.json'), 'utf8')) as AuditSummary;
    expect(summary.tally.totals).toEqual(whole.tally.totals);
  });

  it('refuses to merge parts pseudonymized under different keys', async () => {
    const a = dir('merge-a');
    const b = dir('merge-b');
    await auditExport({ exportDir, outDir: a, catalog: testCatalog(), pseudonymize: true, env: { JCODE_PSEUDONYM_KEY: 'first key, long enough' } });
    await auditExport({ exportDir, outDir: b, catalog: testCatalog(), pseudonymize: true, env: { JCODE_PSEUDONYM_KEY: 'second key, long enough' } });
    await expect(mergeAudits([a, b], join(dir('merge-out'), 'x'))).rejects.toThrow(/different keys/);
  });
});
