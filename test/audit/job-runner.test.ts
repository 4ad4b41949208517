// The job runner, in this thread alone or with worker threads: results in the order of the jobs whichever thread
// ran them, and a job that fails, here or in a worker, fails the run with its cause instead of hanging or being lost.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditJob, AuditJobContext, DedupeResult } from '../../src/audit/audit-jobs';
import { defaultThreads, startJobRunner } from '../../src/audit/job-runner';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { removeDir, tempDir, testCatalog } from './export-fixture';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function context(): AuditJobContext {
  const dir = tempDir('jobs');
  dirs.push(dir);
  return { files: [], tempDir: dir, bucketCount: 4, bucketBytes: 1 << 20, catalog: testCatalog(), settings: defaultBillingSettings, today: '2026-01-02' };
}

/** Id-index files of 4 buckets, each holding one id twice (lines 2b+1 and 2b+2 of file 0). */
function dedupeJobs(ctx: AuditJobContext): AuditJob[] {
  return [0, 1, 2, 3].map((bucket) => {
    const path = join(ctx.tempDir, `ids-f0-${bucket}.tsv`);
    writeFileSync(path, `Procedure/p${bucket}\t0\t${2 * bucket + 1}\t\nProcedure/p${bucket}\t0\t${2 * bucket + 2}\t\n`);
    return { kind: 'dedupe', bucket, paths: [path] };
  });
}

describe.each([1, 2, 3])('the job runner with %i thread(s)', (workers) => {
  it('returns the results in the order of the jobs', async () => {
    const ctx = context();
    const runner = startJobRunner(ctx, workers);
    try {
      const results = (await runner.run(dedupeJobs(ctx), () => {})) as DedupeResult[];
      expect(results.map((r) => [r.bucket, r.dropped])).toEqual([0, 1, 2, 3].map((b) => [b, [`0:${2 * b + 2}`]]));
      expect(results.map((r) => r.faults.counts['duplicate-id'])).toEqual([1, 1, 1, 1]);
    } finally {
      await runner.close();
    }
  });

  it('fails the run with the cause when the first job, the one this thread takes, fails', async () => {
    const ctx = context();
    const runner = startJobRunner(ctx, workers);
    try {
      const jobs = dedupeJobs(ctx);
      jobs.unshift({ kind: 'dedupe', bucket: 9, paths: [join(ctx.tempDir, 'no-such-file.tsv')] });
      await expect(runner.run(jobs, () => {})).rejects.toThrow(/ENOENT/);
    } finally {
      await runner.close();
    }
  });

  it('fails the run with the cause when a job fails', async () => {
    const ctx = context();
    const runner = startJobRunner(ctx, workers);
    try {
      const jobs = dedupeJobs(ctx);
      jobs.splice(2, 0, { kind: 'dedupe', bucket: 9, paths: [join(ctx.tempDir, 'no-such-file.tsv')] });
      await expect(runner.run(jobs, () => {})).rejects.toThrow(/ENOENT/);
    } finally {
      await runner.close();
    }
  });
});

describe('defaultThreads', () => {
  const MB = 1024 * 1024;

  it('gives one thread per core, up to four, when the export is large enough to use them', () => {
    expect(defaultThreads(147 * MB, 2)).toBe(2);
    expect(defaultThreads(1024 * MB, 16)).toBe(4);
    expect(defaultThreads(1024 * MB, 1)).toBe(1);
  });

  it('keeps a small export in one thread, where starting workers would cost more than they save', () => {
    expect(defaultThreads(0, 8)).toBe(1);
    expect(defaultThreads(20 * MB, 8)).toBe(1);
    expect(defaultThreads(70 * MB, 8)).toBe(2);
  });
});
