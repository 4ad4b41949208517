// `jcode-assist audit` over a generated FHIR Bulk Data export of 100,000 administrations (plus their waste
// records, encounters, procedures, patients, coverage and drugs), on the starter catalog.
// Figures: administrations per second, peak memory, and the ratio of the audit's time to a parse-only floor
// (reading every line of the same files and JSON.parse-ing it, nothing else).
// Targets (issue 5): above 20,000 administrations/s, peak memory under 400 MB, within 3x the floor.
// The audit runs as the real command in a child process, so its peak RSS (maxRSS, from summary.json) is its own,
// not the generator's or the floor's; it runs once as a user would run it (threads by default: one per core, up
// to 4) and once with --workers 1 (one thread, the least memory).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNdjsonLines } from '../src/audit/ndjson-reader';
import type { AuditSummary } from '../src/audit/summary';
import { generateExport } from '../scripts/synthetic-export';

const ADMINISTRATIONS = 100_000;
const TARGET_RATE = 20_000;
const TARGET_PEAK_MB = 400;
const TARGET_RATIO = 3;

async function parseFloor(dir: string): Promise<number> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
  const started = performance.now();
  let lines = 0;
  for (const f of files) {
    await readNdjsonLines(join(dir, f), ({ bytes }) => {
      JSON.parse(bytes.toString('utf8'));
      lines++;
    });
  }
  if (lines === 0) throw new Error('the generated export is empty');
  return (performance.now() - started) / 1000;
}

const ROUNDS = 3;

interface AuditRun {
  summary: AuditSummary;
  wallSeconds: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The run of median audit time, with the highest peak memory of all the runs. */
function medianRun(runs: AuditRun[]): AuditRun & { peakRssMB: number } {
  const sorted = [...runs].sort((a, b) => a.summary.run.seconds - b.summary.run.seconds);
  return { ...sorted[Math.floor(sorted.length / 2)]!, peakRssMB: Math.max(...runs.map((r) => r.summary.run.peakRssMB)) };
}

function runAudit(exportDir: string, outDir: string, workers?: number): AuditRun {
  const bin = resolve(import.meta.dirname, '..', 'bin', 'jcode-assist.js');
  const env = { ...process.env };
  delete env.JCODE_CMS_DIR;
  const started = performance.now();
  const args = [bin, 'audit', exportDir, '--out', outDir, '--today', '2026-01-15', ...(workers ? ['--workers', String(workers)] : [])];
  const child = spawnSync(process.execPath, args, {
    env,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`audit exited ${child.status}: ${child.stderr}`);
  const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as AuditSummary;
  rmSync(outDir, { recursive: true, force: true });
  return { summary, wallSeconds };
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

export default async function (): Promise<Record<string, string | number>> {
  const root = mkdtempSync(join(tmpdir(), 'jcode-audit-bench-'));
  try {
    const exportDir = join(root, 'export');
    const generated = performance.now();
    const ledger = await generateExport({ outDir: exportDir, administrations: ADMINISTRATIONS, seed: 2026 });
    const generateSeconds = (performance.now() - generated) / 1000;
    const bytes = readdirSync(exportDir).reduce((sum, f) => sum + statSync(join(exportDir, f)).size, 0);
    const lines = ledger.files.reduce((sum, f) => sum + f.lines, 0);

    // Warm the page cache and the JIT once. Then the floor and both audits take turns, ROUNDS times, and each
    // figure is the median of its rounds: a shared machine's speed drifts by a fifth from one minute to the next,
    // and taking turns gives every measure the same share of fast and slow minutes. Peak memory: the highest seen.
    await parseFloor(exportDir);
    const floors: number[] = [];
    const autos: AuditRun[] = [];
    const ones: AuditRun[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      floors.push(await parseFloor(exportDir));
      autos.push(runAudit(exportDir, join(root, `out-default-${round}`)));
      ones.push(runAudit(exportDir, join(root, `out-1-${round}`), 1));
    }
    for (const run of [...autos, ...ones]) {
      if (run.summary.tally.totals.administrations !== ledger.administrations) {
        throw new Error(`audited ${run.summary.tally.totals.administrations} administrations, generated ${ledger.administrations}`);
      }
    }
    const floor = median(floors);
    const auto = medianRun(autos);
    const one = medianRun(ones);
    const d = `default, ${auto.summary.run.threads} threads`;
    const rate = (s: AuditSummary) => Math.round(s.tally.totals.administrations / s.run.seconds);
    const ratio = (s: AuditSummary) => Number((s.run.seconds / floor).toFixed(2));
    return {
      administrations: ledger.administrations,
      'waste records': ledger.wasteRecords,
      encounters: ledger.encounters,
      patients: ledger.patients,
      'export lines': lines,
      'export MB': Number((bytes / 1024 / 1024).toFixed(1)),
      'generate s': Number(generateSeconds.toFixed(2)),
      'parse-only floor s': Number(floor.toFixed(2)),
      rounds: ROUNDS,
      [`audit s (${d})`]: Number(auto.summary.run.seconds.toFixed(2)),
      [`administrations/s (${d})`]: rate(auto.summary),
      [`peak RSS MB (${d})`]: auto.peakRssMB,
      [`audit / floor (${d})`]: ratio(auto.summary),
      [`command wall s incl. start-up (${d})`]: Number(auto.wallSeconds.toFixed(2)),
      'audit s (1 thread)': Number(one.summary.run.seconds.toFixed(2)),
      'administrations/s (1 thread)': rate(one.summary),
      'peak RSS MB (1 thread)': one.peakRssMB,
      'audit / floor (1 thread)': ratio(one.summary),
      [`target > ${TARGET_RATE}/s`]: `${verdict(rate(auto.summary) > TARGET_RATE)} (default), ${verdict(rate(one.summary) > TARGET_RATE)} (1 thread)`,
      [`target < ${TARGET_PEAK_MB} MB`]: `${verdict(auto.peakRssMB < TARGET_PEAK_MB)} (default), ${verdict(one.peakRssMB < TARGET_PEAK_MB)} (1 thread)`,
      [`target within ${TARGET_RATIO}x floor`]: `${verdict(ratio(auto.summary) <= TARGET_RATIO)} (default), ${verdict(ratio(one.summary) <= TARGET_RATIO)} (1 thread)`,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
