// The second pass over one bucket of the partition: every patient in it is audited, rows go to the bucket's own
// part files (concatenated in bucket order at the end, so the outputs do not depend on which thread ran which
// bucket), and the bucket's tally and faults are returned to be added up. Runs in the main thread or in a
// worker thread alike.
import { join } from 'node:path';
import { CatalogIndex } from '../catalog/catalog-index';
import type { CatalogEntries } from '../catalog/types';
import type { BillingSettings } from '../billing/types';
import { AuditOutput } from './audit-output';
import { auditPatient, type PatientAuditContext } from './audit-patient';
import { CsvWriter } from './csv-writer';
import { FaultLog, type FaultKind, type InputFault } from './faults';
import { patientGroups } from './partition';
import { Pseudonymizer, pseudonymizeFault } from './pseudonymize';
import type { SharedLookup } from './shared-resources';
import { emptyTally, type AuditTally } from './tally';

/** Everything a bucket's audit needs; plain data, so it can be posted to a worker thread. */
export interface BucketJobContext {
  catalog: CatalogEntries;
  settings: BillingSettings;
  today: string;
  since?: string;
  until?: string;
  typesPresent: string[];
  fileNames: string[];
  /** Origins ("file:line") of duplicate copies to leave out. */
  dropped: string[];
  bucketBytes: number;
  /** The pseudonym key, when pseudonymizing. */
  pseudonymKey?: Uint8Array;
  tempDir: string;
}

export interface BucketParts {
  findings: string;
  lines: string;
  faults: string;
}

export interface BucketResult {
  bucket: number;
  parts: BucketParts;
  tally: AuditTally;
  faultCounts: Partial<Record<FaultKind, number>>;
  faultSamples: InputFault[];
}

/** Built once per thread from a BucketJobContext. */
export class BucketAuditor {
  private readonly ctx: Omit<PatientAuditContext, 'faults'>;
  private readonly dropped: ReadonlySet<string>;
  private readonly pseudonymizer: Pseudonymizer | undefined;

  constructor(
    private readonly job: BucketJobContext,
    shared: SharedLookup,
  ) {
    this.dropped = new Set(job.dropped);
    this.pseudonymizer = job.pseudonymKey ? new Pseudonymizer(Buffer.from(job.pseudonymKey)) : undefined;
    this.ctx = {
      catalog: new CatalogIndex(job.catalog),
      settings: job.settings,
      today: job.today,
      since: job.since,
      until: job.until,
      shared,
      typesPresent: new Set(job.typesPresent),
      fileName: (i) => job.fileNames[i] ?? '?',
    };
  }

  /** Audits one bucket; onAdministrations reports progress as patients are done. */
  async audit(bucket: number, path: string, onAdministrations: (count: number) => void): Promise<BucketResult> {
    const p = this.pseudonymizer;
    const faults = new FaultLog(p ? (f) => pseudonymizeFault(f, p) : undefined);
    const parts: BucketParts = {
      findings: join(this.job.tempDir, `findings-${bucket}.part`),
      lines: join(this.job.tempDir, `lines-${bucket}.part`),
      faults: join(this.job.tempDir, `faults-${bucket}.part`),
    };
    const tally = emptyTally();
    const output = new AuditOutput({ findings: parts.findings, lines: parts.lines }, tally, this.pseudonymizer);
    const faultRows = new CsvWriter(parts.faults, undefined);
    faults.onFault((f) => faultRows.row([f.kind, f.file, f.line, f.resource, f.message]));
    const ctx: PatientAuditContext = { ...this.ctx, faults };
    let pending = 0;
    try {
      for await (const group of patientGroups([path], this.dropped, this.job.bucketBytes)) {
        try {
          output.add(auditPatient(group, ctx));
        } catch (err) {
          const first = group.resources[0];
          faults.add({
            kind: 'derive-failed',
            file: first ? ctx.fileName(first.file) : '',
            line: first?.line ?? 0,
            resource: group.patient,
            message: `the audit of ${group.patient} failed (${err instanceof Error ? err.message : String(err)}); please report it`,
          });
        }
        for (const r of group.resources) if (r.resource.resourceType === 'MedicationAdministration') pending++;
        if (pending >= 2000) {
          onAdministrations(pending);
          pending = 0;
        }
      }
    } finally {
      output.close();
      faultRows.close();
    }
    if (pending > 0) onAdministrations(pending);
    return { bucket, parts, tally, faultCounts: faults.counts, faultSamples: faults.samples };
  }
}
