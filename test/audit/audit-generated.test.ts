// The audit of a generated export against what the generator planted, and the same results whatever the order
// of the NDJSON lines and however the partitions are cut.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport, type AuditResult } from '../../src/audit/audit-export';
import type { AuditTally } from '../../src/audit/tally';
import { generateExport, PLANTED_FAULTS, type Ledger } from '../../scripts/synthetic-export';
import { removeDir, tempDir, testCatalog } from './export-fixture';

let exportDir: string;
let shuffledDir: string;
const outs: string[] = [];
let ledger: Ledger;
let base: AuditResult;
let tinyDir: string;

function out(): string {
  const dir = tempDir('gen-audit');
  outs.push(dir);
  return dir;
}

/** Shuffles the lines of every NDJSON file (seeded); a last line without a newline stays last, as cut. */
function shuffleExport(from: string, to: string, seed: number): void {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (const name of readdirSync(from)) {
    const text = readFileSync(join(from, name), 'utf8');
    if (!name.endsWith('.ndjson')) {
      // The manifest, with its output list reversed.
      const manifest = JSON.parse(text) as { output: unknown[] };
      manifest.output.reverse();
      writeFileSync(join(to, name), JSON.stringify(manifest));
      continue;
    }
    const cut = text.endsWith('\n') ? undefined : text.slice(text.lastIndexOf('\n') + 1);
    const lines = (cut === undefined ? text : text.slice(0, text.lastIndexOf('\n') + 1)).split('\n').filter(Boolean);
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    }
    writeFileSync(join(to, name), lines.map((l) => `${l}\n`).join('') + (cut ?? ''));
  }
}

/** The tally without what legitimately changes with line order: the run and the line numbers of faults. */
function comparable(t: AuditTally): unknown {
  return { ...t, faults: t.faults.counts };
}

beforeAll(async () => {
  exportDir = tempDir('gen-export');
  shuffledDir = tempDir('gen-export-shuffled');
  ledger = await generateExport({ outDir: exportDir, encounters: 400, seed: 7, faults: true, linesPerFile: 150 });
  shuffleExport(exportDir, shuffledDir, 99);
  base = await auditExport({ exportDir, outDir: out(), catalog: testCatalog(), today: '2026-01-02' });
});
afterAll(() => {
  for (const dir of [exportDir, shuffledDir, ...outs]) removeDir(dir);
});

describe('audit of a generated export', () => {
  it('finds what the generator planted', () => {
    const t = base.summary.tally;
    expect(ledger.encounters).toBe(400);
    expect(t.totals.administrations).toBe(ledger.administrations);
    expect(t.totals.wasteRecords).toBe(ledger.wasteRecords);
    expect(t.byCode['waste-undocumented']?.count ?? 0).toBe(ledger.expectedFindings['waste-undocumented']);
    expect(t.byCode['drug-unmapped']?.count ?? 0).toBe(ledger.expectedFindings['drug-unmapped']);
    expect(t.byCode['coverage-missing']?.count ?? 0).toBe(ledger.expectedFindings['coverage-missing']);
    const unitsByCode = Object.fromEntries(Object.entries(t.byDrug).filter(([, d]) => d.wasteUnits > 0).map(([k, d]) => [k, d.wasteUnits]));
    expect(unitsByCode).toEqual(ledger.undocumentedWasteUnits);
    expect(t.faults.counts).toEqual(PLANTED_FAULTS);
  });

  it('raises no other error than the planted ones (and "nothing to bill" where a drug is unmapped)', () => {
    const errors = Object.entries(base.summary.tally.byCode).filter(([, c]) => c.severity === 'error').map(([code]) => code).sort();
    expect(errors).toEqual(['coverage-missing', 'drug-unmapped', 'nothing-to-bill', 'waste-undocumented'].filter((c) => base.summary.tally.byCode[c]));
  });

  it('gives the same results whatever the order of the lines and of the manifest', async () => {
    const dir = out();
    const shuffled = await auditExport({ exportDir: shuffledDir, outDir: dir, catalog: testCatalog(), today: '2026-01-02' });
    expect(comparable(shuffled.summary.tally)).toEqual(comparable(base.summary.tally));
    for (const name of ['findings.csv', 'lines.csv']) {
      expect(readFileSync(join(dir, name), 'utf8')).toBe(readFileSync(join(outs[0]!, name), 'utf8'));
    }
  });

  it('gives the same results with tiny partitions that have to be split again', async () => {
    const dir = out();
    const small = await auditExport({ exportDir, outDir: dir, catalog: testCatalog(), today: '2026-01-02', bucketBytes: 4096 });
    expect(comparable(small.summary.tally)).toEqual(comparable(base.summary.tally));
    for (const name of ['findings.csv', 'lines.csv']) {
      const sorted = (d: string) => readFileSync(join(d, name), 'utf8').split('\r\n').sort();
      expect(sorted(dir)).toEqual(sorted(outs[0]!));
    }
    tinyDir = dir;
  });

  it.each([2, 3])('gives byte-identical outputs when %i threads share the jobs, each file read in pieces', async (workers) => {
    const dir = out();
    const threaded = await auditExport({ exportDir, outDir: dir, catalog: testCatalog(), today: '2026-01-02', bucketBytes: 4096, readPieceBytes: 8192, workers });
    expect(threaded.summary.run.threads).toBe(workers);
    expect(comparable(threaded.summary.tally)).toEqual(comparable(base.summary.tally));
    for (const name of ['findings.csv', 'lines.csv', 'faults.csv']) {
      expect(readFileSync(join(dir, name), 'utf8'), name).toBe(readFileSync(join(tinyDir, name), 'utf8'));
    }
  });
});
