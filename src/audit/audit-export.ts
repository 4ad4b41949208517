// The whole audit of one FHIR Bulk Data export (or one part of it), as jobs run by worker threads or this thread
// (audit-jobs.ts):
//   pass 1  read every NDJSON line once, a file per job; shared resources come back here, each patient's
//           resources go to temporary bucket files by a hash of the patient, an index of ids beside them;
//   ids     find duplicate ids in the index, a bucket per job;
//   pass 2  a bucket per job: group by patient, derive(), write parts of findings.csv and lines.csv, tally;
//   end     the parts put together in bucket order, summary.json and report.html.
// Memory holds the shared resources, one bucket per thread and the tally; it does not grow with the administrations.
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Resource } from 'fhir/r4';
import type { CatalogEntries } from '../catalog/types';
import { ENGINE_VERSION } from '../billing';
import type { BillingSettings } from '../billing';
import { defaultBillingSettings } from '../config/smart-config';
import type { AuditJobContext, AuditResultOfBucket, DedupeResult, EndReadsResult, JobFaults, ReadResult } from './audit-jobs';
import { FINDINGS_CSV, LINES_CSV } from './audit-output';
import { appendFile } from './concat-files';
import { CsvWriter, FAULTS_HEADER, FINDINGS_HEADER, LINES_HEADER } from './csv-writer';
import { exportLayout } from './export-files';
import { FaultLog, type InputFault } from './faults';
import { defaultThreads, startJobRunner } from './job-runner';
import { pieceBytesFor, planFileRanges, type ReadRange } from './read-plan';
import { bucketCountFor, DEFAULT_BUCKET_BYTES } from './partition';
import { openPrivateFile } from './private-files';
import { ownFile, prepareOutFolder, publish } from './out-folder';
import type { AuditProgress } from './progress';
import { Pseudonymizer, pseudonymizeFault, pseudonymKey, PSEUDONYM_KEY_FILE, type PseudonymKey } from './pseudonymize';
import { reportHtml } from './report-html';
import { CORE_TYPES } from './resource-roles';
import { SharedResources } from './shared-resources';
import { SUMMARY_FORMAT, SUMMARY_JSON, type AuditSummary } from './summary';
import { emptyTally, mergeTallies, trimWorst, type AuditTally } from './tally';
import { makeTempFolder, removeTempFolder } from './temp-folders';
import { AuditUserError } from './user-error';

export const FAULTS_CSV = 'faults.csv';
export const REPORT_HTML = 'report.html';

export interface AuditOptions {
  /** Folder of the export: NDJSON files, and the $export manifest (manifest.json) when there is one. */
  exportDir: string;
  /**
   * Where findings.csv, lines.csv, faults.csv, summary.json and report.html go (created 0700): a folder of the
   * audit's own (see out-folder.ts for what is refused).
   */
  outDir: string;
  /** Write into --out even though it holds entries the audit did not write (never through them). */
  force?: boolean;
  /** The catalog entries to bill against: loadCatalog(...).entries. Plain data, so worker threads get a copy. */
  catalog: CatalogEntries;
  /** smart-config.json billing settings; the defaults otherwise. */
  settings?: BillingSettings;
  /** Inclusive YYYY-MM-DD bounds on the administrations' dates of service. */
  since?: string;
  until?: string;
  /** Replace patient and encounter ids by keyed hashes in every output. */
  pseudonymize?: boolean;
  /** Written as Claim.created; defaults to today's date. */
  today?: string;
  /** Where the temporary partitions go (created 0700, removed at the end); defaults to the output folder. */
  tempDir?: string;
  /** Aimed size of one partition bucket (tests use a small one to exercise re-splitting). */
  bucketBytes?: number;
  /**
   * Aimed size of the pieces a large file is read in, by several threads at once (tests use a small one). By
   * default half a thread's share of the export, and nothing is cut in one thread.
   */
  readPieceBytes?: number;
  /**
   * Threads that read the files, check the ids and audit the buckets (all CPU-bound): this one and workers - 1
   * worker threads. 1 keeps peak memory lowest; each further thread takes a core and adds its own heap. By
   * default one per core, up to 4, and fewer for a small export (see defaultThreads).
   */
  workers?: number;
  onProgress?: (progress: AuditProgress) => void;
  /** Every input fault as it is found (the CLI prints them); all of them also go to faults.csv. */
  onFault?: (fault: InputFault) => void;
  /** Environment for the pseudonym key (JCODE_PSEUDONYM_KEY); process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface AuditResult {
  summary: AuditSummary;
  /** Where the pseudonym key came from, when pseudonymizing. */
  pseudonymKey?: Omit<PseudonymKey, 'key'>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What an audit writes into --out (and replaces there on the next run). */
export const AUDIT_OUTPUTS = [REPORT_HTML, FINDINGS_CSV, LINES_CSV, FAULTS_CSV, SUMMARY_JSON] as const;

export async function auditExport(options: AuditOptions): Promise<AuditResult> {
  const started = Date.now();
  checkDates(options);
  const exportDir = resolve(options.exportDir);
  if (!isDirectory(exportDir)) throw new AuditUserError('export-unreadable', `cannot read the export folder ${options.exportDir}: not a folder`);
  const outDir = prepareOutFolder(options.outDir, { own: ownFile([...AUDIT_OUTPUTS, PSEUDONYM_KEY_FILE]), force: options.force, inputs: [exportDir] });
  const key = options.pseudonymize ? pseudonymKey(outDir, options.env) : undefined;
  const pseudonymizer = key ? new Pseudonymizer(key.key) : undefined;
  const faults = new FaultSegments(pseudonymizer, options.onFault);
  let layout;
  try {
    layout = exportLayout(exportDir, faults.log);
  } catch (err) {
    throw new AuditUserError('export-unreadable', `cannot read the export folder ${options.exportDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  faults.fileOrder(layout.files.map((f) => f.name));

  // Outputs are written here and renamed into --out at the very end; partitions go to tempDir.
  const staging = makeTempFolder(outDir);
  const tempDir = makeTempFolder(options.tempDir ? resolve(options.tempDir) : outDir);
  try {
    const bucketBytes = options.bucketBytes ?? DEFAULT_BUCKET_BYTES;
    const ctx: AuditJobContext = {
      files: layout.files,
      tempDir,
      bucketCount: bucketCountFor(layout.totalBytes, bucketBytes),
      bucketBytes,
      catalog: options.catalog,
      settings: options.settings ?? defaultBillingSettings,
      today: options.today ?? new Date().toISOString().slice(0, 10),
      since: options.since,
      until: options.until,
      pseudonymKey: key ? new Uint8Array(key.key) : undefined,
    };
    const runner = startJobRunner(ctx, options.workers ?? defaultThreads(layout.totalBytes));
    const clock = new PhaseClock();
    const tally = emptyTally();
    const resourcesByType: Record<string, number> = {};
    try {
      const progress = progressOf(options, layout.totalBytes, resourcesByType);
      const first = await firstPass(runner, ctx, layout, options.readPieceBytes, faults, resourcesByType, progress);
      clock.end('read');
      const dropped = await findDuplicates(runner, first.idBuckets, faults, progress);
      clock.end('duplicates');
      runner.startSecondPass({ shared: first.shared.entries(), dropped, typesPresent: [...first.typesPresent] });
      const results = await secondPass(runner, first.patientBuckets, faults, tally, progress);
      clock.end('audit');
      writeFaults(join(staging, FAULTS_CSV), faults.segments, tempDir);
      writeParts(join(staging, FINDINGS_CSV), FINDINGS_HEADER, results.map((r) => r.parts.findings));
      writeParts(join(staging, LINES_CSV), LINES_HEADER, results.map((r) => r.parts.lines));
    } finally {
      await runner.close();
      removeTempFolder(tempDir);
    }
    clock.end('outputs');
    trimWorst(tally);
    tally.faults = { counts: faults.log.counts, samples: faults.log.samples };
    const summary = summaryOf(options, exportDir, layout, resourcesByType, tally, pseudonymizer, started, runner.threads, clock.phases);
    writeReportFiles(staging, summary);
    publish(staging, outDir, AUDIT_OUTPUTS);
    return { summary, pseudonymKey: key ? { source: key.source, file: key.file } : undefined };
  } finally {
    removeTempFolder(staging);
    removeTempFolder(tempDir);
  }
}

function checkDates(options: AuditOptions): void {
  for (const [name, value] of [['since', options.since], ['until', options.until], ['today', options.today]] as const) {
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) throw new AuditUserError('date-invalid', `--${name} must be a date YYYY-MM-DD, not "${value}"`);
  }
}

/**
 * faults.csv is put together at the end from segments in a fixed order: this thread's own faults, found between
 * the jobs, and the part files the jobs wrote. Faults are pseudonymized as they are found (those of the jobs
 * come back from their threads already done).
 */
class FaultSegments {
  readonly log: FaultLog;
  readonly segments: (InputFault[] | string)[] = [];
  private own: InputFault[] = [];
  private readonly fileIndex = new Map<string, number>();

  constructor(
    pseudonymizer: Pseudonymizer | undefined,
    private readonly onFault: ((fault: InputFault) => void) | undefined,
  ) {
    this.log = new FaultLog(pseudonymizer ? (f) => pseudonymizeFault(f, pseudonymizer) : undefined);
    this.segments.push(this.own);
    this.log.onFault((f) => {
      this.own.push(f);
      onFault?.(f);
    });
  }

  /** The export's files in the order they are read: faults are told in this order, then by line. */
  fileOrder(names: readonly string[]): void {
    for (const [i, name] of names.entries()) this.fileIndex.set(name, i);
  }

  /** A job's part, after the faults found so far. */
  addPart(part: JobFaults): void {
    this.addParts([part]);
  }

  /**
   * The parts of a phase's jobs, in job order (so faults.csv keeps its order). Their kept faults are told in file
   * and line order: the jobs are hash buckets run on several threads, and in job order a reader of stderr saw
   * lines 4554 before 4552. Only the samples are sorted (at most FAULT_SAMPLES_PER_KIND per kind per job, already
   * held in the parts), never the faults in the part files, so the memory stays bounded by the jobs' samples.
   */
  addParts(parts: readonly JobFaults[]): void {
    for (const part of parts) {
      this.log.absorb(part.counts, part.samples);
      this.segments.push(part.part);
    }
    if (!this.onFault) return;
    const place = (f: InputFault) => this.fileIndex.get(f.file) ?? this.fileIndex.size;
    const told = parts.flatMap((p) => p.samples).sort((a, b) => place(a) - place(b) || a.file.localeCompare(b.file) || a.line - b.line);
    for (const f of told) this.onFault(f);
  }

  /** Faults found from now on go after the parts added so far. */
  startOwnSegment(): void {
    this.own = [];
    this.segments.push(this.own);
  }
}

type Progress = (phase: 'read' | 'audit', amount: number) => void;

function progressOf(options: AuditOptions, totalBytes: number, resourcesByType: Record<string, number>): Progress {
  let bytesRead = 0;
  let administrationsDone = 0;
  return (phase, amount) => {
    if (phase === 'read') {
      bytesRead += amount;
      options.onProgress?.({ phase, done: bytesRead, total: totalBytes });
    } else {
      administrationsDone += amount;
      options.onProgress?.({ phase, done: administrationsDone, total: resourcesByType.MedicationAdministration ?? 0 });
    }
  };
}

/** Seconds per phase, for summary.json. */
class PhaseClock {
  readonly phases = { read: 0, duplicates: 0, audit: 0, outputs: 0 };
  private started = performance.now();

  end(phase: keyof PhaseClock['phases']): void {
    const now = performance.now();
    this.phases[phase] = Math.round(now - this.started) / 1000;
    this.started = now;
  }
}

type Runner = ReturnType<typeof startJobRunner>;
type Layout = ReturnType<typeof exportLayout>;

interface FirstPass {
  shared: SharedResources;
  typesPresent: Set<string>;
  patientBuckets: string[][];
  idBuckets: string[][];
}

/** Pass 1: every line read once, the largest pieces first so that the threads finish together. */
async function firstPass(
  runner: Runner,
  ctx: AuditJobContext,
  layout: Layout,
  pieceBytes: number | undefined,
  faults: FaultSegments,
  resourcesByType: Record<string, number>,
  progress: Progress,
): Promise<FirstPass> {
  const readPieceBytes = pieceBytes ?? pieceBytesFor(layout.totalBytes, runner.threads);
  const pieces = layout.files.flatMap((file, index) => planFileRanges(file, readPieceBytes).map((range) => ({ kind: 'read' as const, file: index, range })));
  const bySize = [...pieces].sort((a, b) => size(b.range) - size(a.range) || a.file - b.file || a.range.start - b.range.start);
  const reads = (await runner.run(bySize, progress)) as ReadResult[];
  // In file order, and within a file in line order, as if each file had been read whole.
  reads.sort((a, b) => a.file - b.file || a.range.start - b.range.start);

  const shared = new SharedResources(faults.log, (i) => layout.files[i]?.name ?? '?');
  const typesPresent = new Set<string>();
  for (const f of layout.files) if (f.type) typesPresent.add(f.type);
  for (let first = 0; first < reads.length; ) {
    const file = reads[first]!.file;
    let next = first;
    for (; next < reads.length && reads[next]!.file === file; next++) {
      const read = reads[next]!;
      faults.addPart(read.faults);
      for (const [type, n] of Object.entries(read.countsByType)) {
        resourcesByType[type] = (resourcesByType[type] ?? 0) + n;
        typesPresent.add(type);
      }
    }
    // The file's shared resources, parsed once more here (they are few: the formulary and the staff); the faults
    // this finds come after the file's own.
    faults.startOwnSegment();
    for (const read of reads.slice(first, next)) {
      for (const { text, line } of read.shared) shared.add(JSON.parse(text) as Resource & { id: string }, text, file, line);
    }
    first = next;
  }
  const patientBuckets: string[][] = Array.from({ length: ctx.bucketCount }, () => []);
  const idBuckets: string[][] = Array.from({ length: ctx.bucketCount }, () => []);
  for (const thread of (await runner.runOnEach({ kind: 'end-reads' })) as EndReadsResult[]) {
    for (const [bucket, path] of thread.patientBuckets) patientBuckets[bucket]!.push(path);
    for (const [bucket, path] of thread.idBuckets) idBuckets[bucket]!.push(path);
  }
  for (const type of CORE_TYPES) {
    if (!typesPresent.has(type)) {
      faults.log.add({ kind: 'type-missing', file: '', line: 0, message: `the export holds no ${type} resources; references to them are not checked` });
    }
  }
  return { shared, typesPresent, patientBuckets, idBuckets };
}

/** The origins of duplicate copies to leave out, a bucket of the id index per job. */
async function findDuplicates(runner: Runner, idBuckets: string[][], faults: FaultSegments, progress: Progress): Promise<string[]> {
  const jobs = idBuckets.flatMap((paths, bucket) => (paths.length > 0 ? [{ kind: 'dedupe' as const, bucket, paths }] : []));
  const results = (await runner.run(jobs, progress)) as DedupeResult[];
  faults.addParts(results.map((r) => r.faults));
  return results.flatMap((r) => r.dropped);
}

/** Pass 2: a bucket of patients per job, derive() and the rows; the buckets' tallies added up in bucket order. */
async function secondPass(runner: Runner, patientBuckets: string[][], faults: FaultSegments, tally: AuditTally, progress: Progress): Promise<AuditResultOfBucket[]> {
  const jobs = patientBuckets.flatMap((paths, bucket) => (paths.length > 0 ? [{ kind: 'audit' as const, bucket, paths }] : []));
  const results = (await runner.run(jobs, progress)) as AuditResultOfBucket[];
  for (const r of results) mergeTallies(tally, r.tally);
  faults.addParts(results.map((r) => r.faults));
  return results;
}

function summaryOf(
  options: AuditOptions,
  exportDir: string,
  layout: Layout,
  resourcesByType: Record<string, number>,
  tally: AuditTally,
  pseudonymizer: Pseudonymizer | undefined,
  started: number,
  threads: number,
  phaseSeconds: PhaseClock['phases'],
): AuditSummary {
  const seconds = (Date.now() - started) / 1000;
  const catalog = options.catalog;
  return {
    format: SUMMARY_FORMAT,
    engine: { version: ENGINE_VERSION },
    catalog: catalog.quarter,
    pricing: catalog.pricing ?? (catalog.codes.some((c) => c.paymentLimit) ? `the ASP payment limits of ${catalog.quarter}` : undefined),
    exports: [{ dir: basename(exportDir), files: layout.files.length, bytes: layout.totalBytes, fromManifest: layout.fromManifest, resourcesByType }],
    period: { since: options.since, until: options.until },
    pseudonymized: pseudonymizer ? { keyFingerprint: pseudonymizer.fingerprint } : null,
    tally,
    outputs: { findingsCsv: FINDINGS_CSV, linesCsv: LINES_CSV, faultsCsv: FAULTS_CSV, reportHtml: REPORT_HTML, summaryJson: SUMMARY_JSON },
    run: {
      startedAt: new Date(started).toISOString(),
      seconds,
      administrationsPerSecond: Math.round(tally.totals.administrations / Math.max(seconds, 0.001)),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      parts: 1,
      threads,
      phaseSeconds,
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** summary.json and report.html, both 0600. */
export function writeReportFiles(outDir: string, summary: AuditSummary): void {
  for (const [name, text] of [[SUMMARY_JSON, `${JSON.stringify(summary, null, 2)}\n`], [REPORT_HTML, reportHtml(summary)]] as const) {
    const fd = openPrivateFile(join(outDir, name));
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  }
}

/** A CSV output: its header, then every bucket's part in bucket order. */
function writeParts(path: string, header: readonly string[], parts: string[]): void {
  const out = new CsvWriter(path, header);
  out.close();
  appendParts(path, parts);
}

/** faults.csv: its header, then each segment, rows found in this thread or a job's part file, in order. */
function writeFaults(path: string, segments: readonly (InputFault[] | string)[], tempDir: string): void {
  new CsvWriter(path, FAULTS_HEADER).close();
  for (const [i, segment] of segments.entries()) {
    if (typeof segment === 'string') {
      appendParts(path, [segment]);
      continue;
    }
    if (segment.length === 0) continue;
    const out = new CsvWriter(join(tempDir, `faults-own-${i}.part`), undefined);
    for (const f of segment) out.row([f.kind, f.file, f.line, f.resource, f.message]);
    out.close();
    appendParts(path, [out.path]);
  }
}

function appendParts(path: string, parts: string[]): void {
  const fd = openSync(path, 'a');
  try {
    for (const part of parts) appendFile(fd, part);
  } finally {
    closeSync(fd);
  }
}

function size(range: ReadRange): number {
  return range.end - range.start;
}
