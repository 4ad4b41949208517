// Splits an export by patient into N part folders, each a valid export of its own (manifest.json + NDJSON), so a
// team can audit the parts on several machines or in a batch engine and merge the results (mergeAudits). Every
// resource of one patient lands in the same part (a stable hash of the patient reference); the shared resources
// (Medication, Organization, ...) are copied into every part. Lines that cannot be assigned to a patient (not
// JSON, wrong type, no patient) are reported here, in the split folder's faults.csv and summary.json, which the
// merge takes in like any part.
import { appendFileSync, mkdirSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENGINE_VERSION } from '../billing';
import { FAULTS_CSV, REPORT_HTML, writeReportFiles } from './audit-export';
import { bucketOf } from './bucket-hash';
import { CsvWriter, FAULTS_HEADER } from './csv-writer';
import { exportLayout, MANIFEST_NAME } from './export-files';
import { FaultLog } from './faults';
import { Pseudonymizer, pseudonymizeFault, pseudonymKey, PSEUDONYM_KEY_FILE } from './pseudonymize';
import { prepareOutFolder, publish } from './out-folder';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, PrivateFileWriter } from './private-files';
import type { AuditProgress } from './progress';
import { readExport } from './read-export';
import { SUMMARY_FORMAT, SUMMARY_JSON, type AuditSummary } from './summary';
import { emptyTally } from './tally';
import { makeTempFolder, removeTempFolder } from './temp-folders';
import { AuditUserError } from './user-error';

export interface SplitOptions {
  exportDir: string;
  outDir: string;
  parts: number;
  /** Pseudonymize the ids in the split's own faults.csv, under the key the parts' audits will use. */
  pseudonymize?: boolean;
  /** Write into outDir even though it holds entries the split did not write (never through them). */
  force?: boolean;
  env?: NodeJS.ProcessEnv;
  onProgress?: (progress: AuditProgress) => void;
}

export interface SplitResult {
  /** The part folders, part-000 ... */
  parts: string[];
  resourcesByType: Record<string, number>;
  faults: number;
}

export const MAX_PARTS = 1000;

export function partName(index: number): string {
  return `part-${String(index).padStart(3, '0')}`;
}

/** What a split writes into its folder: the part folders, and its own faults, summary and report. */
const SPLIT_FILES = [FAULTS_CSV, SUMMARY_JSON, REPORT_HTML, PSEUDONYM_KEY_FILE];
const PART_NAME = /^part-\d{3}$/;

function splitOwns(entry: Dirent): boolean {
  return entry.isDirectory() ? PART_NAME.test(entry.name) : entry.isFile() && SPLIT_FILES.includes(entry.name);
}

export async function splitExport(options: SplitOptions): Promise<SplitResult> {
  if (!Number.isInteger(options.parts) || options.parts < 1 || options.parts > MAX_PARTS) {
    throw new AuditUserError('split-invalid', `--split must be a whole number of parts from 1 to ${MAX_PARTS}, not ${String(options.parts)}`);
  }
  const started = Date.now();
  const exportDir = resolve(options.exportDir);
  const out = prepareOutFolder(options.outDir, { own: splitOwns, force: options.force, inputs: [exportDir] });
  const key = options.pseudonymize ? pseudonymKey(out, options.env) : undefined;
  // Everything is written here and renamed into the split folder at the end; a failure leaves nothing half made.
  const staging = makeTempFolder(out);
  try {
    const result = await splitInto(staging, exportDir, options, key, started);
    const names = [...result.parts, FAULTS_CSV, SUMMARY_JSON, REPORT_HTML];
    publish(staging, out, names);
    return { ...result, parts: result.parts.map((name) => join(out, name)) };
  } finally {
    removeTempFolder(staging);
  }
}

async function splitInto(out: string, exportDir: string, options: SplitOptions, key: ReturnType<typeof pseudonymKey> | undefined, started: number): Promise<SplitResult> {
  const pseudonymizer = key ? new Pseudonymizer(key.key) : undefined;
  const faults = new FaultLog(pseudonymizer ? (f) => pseudonymizeFault(f, pseudonymizer) : undefined);
  const faultsCsv = new CsvWriter(join(out, FAULTS_CSV), FAULTS_HEADER);
  faults.onFault((f) => faultsCsv.row([f.kind, f.file, f.line, f.resource, f.message]));
  let layout;
  try {
    layout = exportLayout(exportDir, faults);
  } catch (err) {
    throw new AuditUserError('export-unreadable', `cannot read the export folder ${options.exportDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }

  const names = Array.from({ length: options.parts }, (_, i) => partName(i));
  const parts = names.map((name) => join(out, name));
  for (const dir of parts) mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
  const types = new Set(layout.files.map((f) => f.type).filter((t): t is string => !!t));
  const writer = new PartFiles(parts, Math.max(types.size, 1));
  let bytesRead = 0;
  const read = await readExport(
    layout,
    faults,
    (line) => writer.write(bucketOf(line.patient, options.parts), line.type, line.bytes.toString('utf8')),
    (bytes) => {
      bytesRead += bytes;
      options.onProgress?.({ phase: 'read', done: bytesRead, total: layout.totalBytes });
    },
  );
  writer.flush();
  faultsCsv.close();

  // Shared resources go to every part; every type of the export gets a file in every part (possibly empty), so
  // a part's audit knows which types the export holds and does not report missing ones.
  const shared = read.shared.linesByType();
  for (const type of read.typesPresent) types.add(type);
  for (const dir of parts) {
    for (const [type, lines] of shared) writePartFile(dir, type, `${lines.join('\n')}\n`);
    for (const type of types) writePartFile(dir, type, '');
    const manifest = {
      transactionTime: new Date(started).toISOString(),
      request: `split of ${layout.files.length} files by patient into ${options.parts} parts`,
      requiresAccessToken: false,
      output: [...types].sort().map((type) => ({ type, url: `${type}.ndjson` })),
      error: [],
    };
    const w = new PrivateFileWriter(join(dir, MANIFEST_NAME));
    w.write(`${JSON.stringify(manifest, null, 2)}\n`);
    w.close();
  }

  const tally = emptyTally();
  tally.faults = { counts: faults.counts, samples: faults.samples };
  const seconds = (Date.now() - started) / 1000;
  const summary: AuditSummary = {
    format: SUMMARY_FORMAT,
    engine: { version: ENGINE_VERSION },
    catalog: '',
    exports: [{ dir: `${layout.files.length} files split into ${options.parts} parts`, files: layout.files.length, bytes: layout.totalBytes, fromManifest: layout.fromManifest, resourcesByType: read.countsByType }],
    period: {},
    pseudonymized: pseudonymizer ? { keyFingerprint: pseudonymizer.fingerprint } : null,
    tally,
    outputs: { findingsCsv: '', linesCsv: '', faultsCsv: FAULTS_CSV, reportHtml: '', summaryJson: SUMMARY_JSON },
    run: { startedAt: new Date(started).toISOString(), seconds, administrationsPerSecond: 0, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), parts: 0 },
  };
  writeReportFiles(out, summary);
  return { parts: names, resourcesByType: read.countsByType, faults: faults.total };
}

/** Appends to (part, type) files through bounded buffers: many parts never mean many open files. */
class PartFiles {
  private readonly buffers = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  private readonly flushAt: number;

  constructor(
    private readonly parts: string[],
    types: number,
  ) {
    this.flushAt = Math.max(4 * 1024, Math.min(256 * 1024, Math.floor((64 * 1024 * 1024) / (parts.length * types))));
  }

  write(part: number, type: string, text: string): void {
    const key = `${part}\t${type}`;
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = [];
      this.buffers.set(key, buffer);
    }
    buffer.push(text, '\n');
    const size = (this.sizes.get(key) ?? 0) + text.length + 1;
    this.sizes.set(key, size);
    if (size >= this.flushAt) this.flushOne(key);
  }

  flush(): void {
    for (const key of this.buffers.keys()) this.flushOne(key);
  }

  private flushOne(key: string): void {
    const buffer = this.buffers.get(key);
    if (!buffer || buffer.length === 0) return;
    const [part, type] = key.split('\t') as [string, string];
    writePartFile(this.parts[Number(part)]!, type, buffer.join(''));
    this.buffers.set(key, []);
    this.sizes.set(key, 0);
  }
}

function writePartFile(dir: string, type: string, text: string): void {
  appendFileSync(join(dir, `${type}.ndjson`), text, { mode: PRIVATE_FILE_MODE });
}
