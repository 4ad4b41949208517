// The second pass over one bucket of the partition: every patient in it is audited, rows go to the bucket's own
// part files (concatenated in bucket order at the end, so the outputs do not depend on which thread ran which
// bucket), and the bucket's tally is returned to be added up. Runs in the main thread or in a worker alike.
import { join } from 'node:path';
import { CatalogIndex } from '../catalog/catalog-index';
import type { AuditJobContext, SecondPassContext } from './audit-jobs';
import { AuditOutput } from './audit-output';
import { auditPatient, type PatientAuditContext } from './audit-patient';
import type { FaultLog } from './faults';
import { patientGroups } from './partition';
import { Pseudonymizer } from './pseudonymize';
import { SharedMap } from './shared-resources';
import { emptyTally, type AuditTally } from './tally';
import { Directory } from './who';

export interface BucketResult {
  bucket: number;
  /** Part files of findings.csv and lines.csv. */
  parts: { findings: string; lines: string };
  tally: AuditTally;
}

/** Built once per thread, when the first pass is over. */
export class BucketAuditor {
  private readonly ctx: Omit<PatientAuditContext, 'faults'>;
  private readonly dropped: ReadonlySet<string>;
  private readonly pseudonymizer: Pseudonymizer | undefined;

  constructor(
    private readonly job: AuditJobContext,
    second: SecondPassContext,
  ) {
    this.dropped = new Set(second.dropped);
    this.pseudonymizer = job.pseudonymKey ? new Pseudonymizer(Buffer.from(job.pseudonymKey)) : undefined;
    const shared = new SharedMap(second.shared);
    this.ctx = {
      catalog: new CatalogIndex(job.catalog),
      settings: job.settings,
      today: job.today,
      since: job.since,
      until: job.until,
      shared,
      typesPresent: new Set(second.typesPresent),
      fileName: (i) => job.files[i]?.name ?? '?',
      directory: new Directory(shared),
    };
  }

  /** Audits one bucket (its files from every file read); onAdministrations reports progress as patients are done. */
  async audit(bucket: number, paths: string[], faults: FaultLog, onAdministrations: (count: number) => void): Promise<BucketResult> {
    const parts = {
      findings: join(this.job.tempDir, `findings-${bucket}.part`),
      lines: join(this.job.tempDir, `lines-${bucket}.part`),
    };
    const tally = emptyTally();
    const output = new AuditOutput(parts, tally, this.pseudonymizer);
    const ctx: PatientAuditContext = { ...this.ctx, faults };
    let pending = 0;
    try {
      for await (const group of patientGroups(paths, this.dropped, this.job.bucketBytes)) {
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
          // Lets in this thread's other work: the workers' messages, when it hands jobs to workers too.
          await new Promise(setImmediate);
        }
      }
    } finally {
      output.close();
    }
    if (pending > 0) onAdministrations(pending);
    return { bucket, parts, tally };
  }
}
