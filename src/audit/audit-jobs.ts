// The audit's work in independent pieces, run alike by a worker thread or by this thread:
//   read    one export file, or a piece of a large one: check every line, partition the patients' resources
//           into buckets (pass 1);
//   dedupe  one bucket of the id index: which copies of a duplicated id to leave out;
//   audit   one bucket of patients: derive() and the rows of the outputs (pass 2).
// Every job writes its faults to a part file of its own, and the caller puts the parts together in job order,
// so faults.csv is the same whichever thread ran which job and in whatever order they finished.
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { Resource } from 'fhir/r4';
import type { BillingSettings } from '../billing';
import type { CatalogEntries } from '../catalog/types';
import { BucketAuditor, type BucketResult } from './bucket-audit';
import { CsvWriter } from './csv-writer';
import type { ExportFile } from './export-files';
import { FaultLog, type FaultKind, type InputFault } from './faults';
import { checkDuplicates, PatientPartitioner, type BucketFile } from './partition';
import { Pseudonymizer, pseudonymizeFault } from './pseudonymize';
import { readExportFile } from './read-export';
import type { ReadRange } from './read-plan';

/** Everything the jobs need, known before the first pass; plain data, so it can be posted to a worker thread. */
export interface AuditJobContext {
  files: ExportFile[];
  tempDir: string;
  bucketCount: number;
  /** Aimed size of one bucket of the partition (a bucket far over it is split again). */
  bucketBytes: number;
  catalog: CatalogEntries;
  settings: BillingSettings;
  today: string;
  since?: string;
  until?: string;
  /** The pseudonym key, when pseudonymizing. */
  pseudonymKey?: Uint8Array;
}

/** What the second pass needs and only the first pass can tell. */
export interface SecondPassContext {
  /** The shared resources (drugs, the clinic, its staff) by "Type/id", duplicates resolved. */
  shared: [string, Resource][];
  /** Origins ("file:line") of duplicate copies to leave out. */
  dropped: string[];
  /** Types the export holds: a reference to any other type is not checked. */
  typesPresent: string[];
}

export type AuditJob =
  | { kind: 'read'; file: number; range: ReadRange }
  /** Run once in every thread after the reads: closes the thread's bucket files and says which they are. */
  | { kind: 'end-reads' }
  | { kind: 'dedupe'; bucket: number; paths: string[] }
  | { kind: 'audit'; bucket: number; paths: string[] };

/** A job's faults: all of them in its part of faults.csv, counted, and a sample kept whole. */
export interface JobFaults {
  part: string;
  counts: Partial<Record<FaultKind, number>>;
  samples: InputFault[];
}

export interface ReadResult {
  kind: 'read';
  file: number;
  range: ReadRange;
  countsByType: Record<string, number>;
  /** The file's shared resources as read, to be kept (and their duplicates resolved) by the caller. */
  shared: { text: string; line: number }[];
  faults: JobFaults;
}

/** One thread's bucket files of the first pass. */
export interface EndReadsResult {
  kind: 'end-reads';
  patientBuckets: BucketFile[];
  idBuckets: BucketFile[];
}

export interface DedupeResult {
  kind: 'dedupe';
  bucket: number;
  dropped: string[];
  faults: JobFaults;
}

export type AuditResultOfBucket = BucketResult & { kind: 'audit'; faults: JobFaults };

export type AuditJobResult = ReadResult | EndReadsResult | DedupeResult | AuditResultOfBucket;

/** Progress of a job: bytes read (read jobs) or administrations audited (audit jobs). */
export type JobProgress = (phase: 'read' | 'audit', amount: number) => void;

/** The jobs of one audit, for one thread. */
export class AuditJobs {
  private readonly pseudonymizer: Pseudonymizer | undefined;
  private auditor: BucketAuditor | undefined;
  /** The first pass's bucket files of this thread, whichever files it reads (few files: creating one is not free). */
  private partitioner: PatientPartitioner | undefined;

  constructor(private readonly ctx: AuditJobContext) {
    this.pseudonymizer = ctx.pseudonymKey ? new Pseudonymizer(Buffer.from(ctx.pseudonymKey)) : undefined;
  }

  startSecondPass(second: SecondPassContext): void {
    this.auditor = new BucketAuditor(this.ctx, second);
  }

  async run(job: AuditJob, onProgress: JobProgress): Promise<AuditJobResult> {
    switch (job.kind) {
      case 'read':
        return this.read(job.file, job.range, onProgress);
      case 'end-reads': {
        const buckets = this.partitioner?.close() ?? { patientBuckets: [], idBuckets: [] };
        this.partitioner = undefined;
        return { kind: 'end-reads', ...buckets };
      }
      case 'dedupe':
        return this.dedupe(job.bucket, job.paths);
      case 'audit': {
        if (!this.auditor) throw new Error('an audit job came before the second pass started');
        const faults = this.faultPart(`faults-audit-${job.bucket}.part`);
        const result = await this.auditor.audit(job.bucket, job.paths, faults.log, (n) => onProgress('audit', n));
        return { kind: 'audit', ...result, faults: faults.close() };
      }
    }
  }

  private async read(fileIndex: number, range: ReadRange, onProgress: JobProgress): Promise<ReadResult> {
    const file = this.ctx.files[fileIndex]!;
    const faults = this.faultPart(`faults-read-${fileIndex}-${range.start}.part`);
    const partitioner = (this.partitioner ??= new PatientPartitioner(this.ctx.tempDir, this.ctx.bucketCount, `t${threadId}`));
    const shared: ReadResult['shared'] = [];
    const read = await readExportFile(
      file,
      fileIndex,
      { fault: (f) => faults.log.add(f), shared: (_resource, text, line) => shared.push({ text, line }), patient: (entry) => partitioner.add(entry) },
      (bytes) => onProgress('read', bytes),
      range,
    );
    return { kind: 'read', file: fileIndex, range, countsByType: read.countsByType, shared, faults: faults.close() };
  }

  private dedupe(bucket: number, paths: string[]): DedupeResult {
    const faults = this.faultPart(`faults-dedupe-${bucket}.part`);
    const check = checkDuplicates(paths, (i) => this.ctx.files[i]?.name ?? '?');
    for (const f of check.faults) faults.log.add(f);
    return { kind: 'dedupe', bucket, dropped: check.dropped, faults: faults.close() };
  }

  /** A fault log that writes (pseudonymized, with --pseudonymize) rows to a part file of faults.csv. */
  private faultPart(name: string): { log: FaultLog; close: () => JobFaults } {
    const p = this.pseudonymizer;
    const log = new FaultLog(p ? (f) => pseudonymizeFault(f, p) : undefined);
    const part = join(this.ctx.tempDir, name);
    const rows = new CsvWriter(part, undefined);
    log.onFault((f) => rows.row([f.kind, f.file, f.line, f.resource, f.message]));
    return {
      log,
      close: () => {
        rows.close();
        return { part, counts: log.counts, samples: log.samples };
      },
    };
  }
}
