// The whole audit of one FHIR Bulk Data export (or one part of it):
//   pass 1  read every NDJSON line once; shared resources into memory, each patient's resources into temporary
//           bucket files by a hash of the patient, an index of ids beside them;
//   ids     find duplicate ids in the index;
//   pass 2  one bucket at a time: group by patient, derive(), write findings.csv and lines.csv, add to the tally;
//   end     summary.json and report.html.
// Memory holds the shared resources, one bucket and the tally; it does not grow with the administrations.
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CatalogEntries } from '../catalog/types';
import { ENGINE_VERSION } from '../billing/derive';
import type { BillingSettings } from '../billing/types';
import { defaultBillingSettings } from '../config/smart-config';
import { FINDINGS_CSV, LINES_CSV } from './audit-output';
import type { BucketJobContext } from './bucket-audit';
import { runBuckets } from './bucket-runner';
import { appendFile } from './concat-files';
import { CsvWriter, FAULTS_HEADER, FINDINGS_HEADER, LINES_HEADER } from './csv-writer';
import { exportLayout } from './export-files';
import { FaultLog, type InputFault } from './faults';
import { bucketCountFor, DEFAULT_BUCKET_BYTES, findDuplicates, PatientPartitioner } from './partition';
import { makePrivateDir, openPrivateFile } from './private-files';
import type { AuditProgress } from './progress';
import { Pseudonymizer, pseudonymizeFault, pseudonymKey, type PseudonymKey } from './pseudonymize';
import { readExport } from './read-export';
import { reportHtml } from './report-html';
import { CORE_TYPES } from './resource-roles';
import { SUMMARY_FORMAT, SUMMARY_JSON, type AuditSummary } from './summary';
import { emptyTally, mergeTallies, trimWorst } from './tally';

export const FAULTS_CSV = 'faults.csv';
export const REPORT_HTML = 'report.html';

export interface AuditOptions {
  /** Folder of the export: NDJSON files, and the $export manifest (manifest.json) when there is one. */
  exportDir: string;
  /** Where findings.csv, lines.csv, faults.csv, summary.json and report.html go (created 0700). */
  outDir: string;
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
   * Worker threads for the second pass (derive() is CPU-bound). Default 1: the pass runs in this thread, which keeps
   * peak memory lowest; each worker adds its own heap (roughly 150 MB) and takes one core.
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

export class AuditInputError extends Error {}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function auditExport(options: AuditOptions): Promise<AuditResult> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  for (const [name, value] of [['since', options.since], ['until', options.until], ['today', options.today]] as const) {
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) throw new AuditInputError(`--${name} must be a date YYYY-MM-DD, not "${value}"`);
  }
  const exportDir = resolve(options.exportDir);
  const outDir = resolve(options.outDir);
  if (!isDirectory(exportDir)) throw new AuditInputError(`cannot read the export folder ${exportDir}: not a folder`);
  makePrivateDir(outDir);
  const key = options.pseudonymize ? pseudonymKey(outDir, options.env) : undefined;
  const pseudonymizer = key ? new Pseudonymizer(key.key) : undefined;
  // Faults are pseudonymized as they are found (those of the buckets come back from their threads already done).
  const faults = new FaultLog(pseudonymizer ? (f) => pseudonymizeFault(f, pseudonymizer) : undefined);
  const faultsCsv = new CsvWriter(join(outDir, FAULTS_CSV), FAULTS_HEADER);
  faults.onFault((f) => {
    faultsCsv.row([f.kind, f.file, f.line, f.resource, f.message]);
    options.onFault?.(f);
  });
  let layout;
  try {
    layout = exportLayout(exportDir, faults);
  } catch (err) {
    faultsCsv.close();
    throw new AuditInputError(`cannot read the export folder ${exportDir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }

  const tempDir = mkdtempSync(join(options.tempDir ? resolve(options.tempDir) : outDir, '.jcode-audit-'));
  const fileName = (i: number) => layout.files[i]?.name ?? '?';
  const tally = emptyTally();
  let resourcesByType: Record<string, number> = {};
  try {
    const bucketBytes = options.bucketBytes ?? DEFAULT_BUCKET_BYTES;
    const partitioner = new PatientPartitioner(tempDir, bucketCountFor(layout.totalBytes, bucketBytes));
    let bytesRead = 0;
    const read = await readExport(layout, faults, (line) => partitioner.add(line), (bytes) => {
      bytesRead += bytes;
      options.onProgress?.({ phase: 'read', done: bytesRead, total: layout.totalBytes });
    });
    resourcesByType = read.countsByType;
    for (const type of CORE_TYPES) {
      if (!read.typesPresent.has(type)) {
        faults.add({ kind: 'type-missing', file: '', line: 0, message: `the export holds no ${type} resources; references to them are not checked` });
      }
    }
    const buckets = partitioner.close();
    const dropped = findDuplicates(buckets.idBuckets, faults, fileName);

    const job: BucketJobContext = {
      catalog: options.catalog,
      settings: options.settings ?? defaultBillingSettings,
      today: options.today ?? new Date().toISOString().slice(0, 10),
      since: options.since,
      until: options.until,
      typesPresent: [...read.typesPresent],
      fileNames: layout.files.map((f) => f.name),
      dropped: [...dropped],
      bucketBytes,
      pseudonymKey: key ? new Uint8Array(key.key) : undefined,
      tempDir,
    };
    const administrationsTotal = resourcesByType.MedicationAdministration ?? 0;
    let administrationsDone = 0;
    const results = await runBuckets(buckets.patientBuckets, job, read.shared.entries(), {
      workers: options.workers,
      onAdministrations: (n) => {
        administrationsDone += n;
        options.onProgress?.({ phase: 'audit', done: administrationsDone, total: administrationsTotal });
      },
    });
    // Bucket order, whichever thread finished first: the outputs do not depend on scheduling.
    results.sort((a, b) => a.bucket - b.bucket);
    for (const r of results) {
      mergeTallies(tally, r.tally);
      faults.absorb(r.faultCounts, r.faultSamples);
      for (const f of r.faultSamples) options.onFault?.(f);
    }
    faultsCsv.close();
    writeParts(join(outDir, FINDINGS_CSV), FINDINGS_HEADER, results.map((r) => r.parts.findings));
    writeParts(join(outDir, LINES_CSV), LINES_HEADER, results.map((r) => r.parts.lines));
    appendParts(join(outDir, FAULTS_CSV), results.map((r) => r.parts.faults));
  } finally {
    faultsCsv.close();
    rmSync(tempDir, { recursive: true, force: true });
  }

  trimWorst(tally);
  tally.faults = { counts: faults.counts, samples: faults.samples };
  const seconds = (Date.now() - started) / 1000;
  const summary: AuditSummary = {
    format: SUMMARY_FORMAT,
    engine: { version: ENGINE_VERSION },
    catalog: options.catalog.quarter,
    exports: [{ dir: basename(exportDir), files: layout.files.length, bytes: layout.totalBytes, fromManifest: layout.fromManifest, resourcesByType }],
    period: { since: options.since, until: options.until },
    pseudonymized: pseudonymizer ? { keyFingerprint: pseudonymizer.fingerprint } : null,
    tally,
    outputs: { findingsCsv: FINDINGS_CSV, linesCsv: LINES_CSV, faultsCsv: FAULTS_CSV, reportHtml: REPORT_HTML, summaryJson: SUMMARY_JSON },
    run: {
      startedAt,
      seconds,
      administrationsPerSecond: Math.round(tally.totals.administrations / Math.max(seconds, 0.001)),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      parts: 1,
    },
  };
  writeReportFiles(outDir, summary);
  return { summary, pseudonymKey: key ? { source: key.source, file: key.file } : undefined };
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

function appendParts(path: string, parts: string[]): void {
  const fd = openSync(path, 'a');
  try {
    for (const part of parts) appendFile(fd, part);
  } finally {
    closeSync(fd);
  }
}
