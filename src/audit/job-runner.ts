// Runs the audit's jobs: in worker threads when asked for more than one (reading, parsing and derive() are
// CPU-bound and the jobs are independent), otherwise one after another in this thread. Either way the results
// come back in the order of the jobs given, whichever finished first.
import { Worker } from 'node:worker_threads';
import { AuditJobs, type AuditJob, type AuditJobContext, type AuditJobResult, type JobProgress, type SecondPassContext } from './audit-jobs';

/** More threads than cores only adds memory; 16 covers the machines this runs on. */
export const MAX_WORKERS = 16;

export interface JobRunner {
  /** Threads the jobs run in (1: this thread). */
  readonly threads: number;
  /** Runs the jobs (as many at once as there are threads); results in the order of `jobs`. */
  run(jobs: readonly AuditJob[], onProgress: JobProgress): Promise<AuditJobResult[]>;
  startSecondPass(second: SecondPassContext): void;
  close(): Promise<void>;
}

export function startJobRunner(ctx: AuditJobContext, workers: number): JobRunner {
  const count = Math.min(Math.max(1, Math.floor(workers)), MAX_WORKERS);
  return count > 1 ? new WorkerRunner(ctx, count) : new InThreadRunner(ctx);
}

class InThreadRunner implements JobRunner {
  readonly threads = 1;
  private readonly jobs: AuditJobs;

  constructor(ctx: AuditJobContext) {
    this.jobs = new AuditJobs(ctx);
  }

  async run(jobs: readonly AuditJob[], onProgress: JobProgress): Promise<AuditJobResult[]> {
    const results: AuditJobResult[] = [];
    for (const job of jobs) results.push(await this.jobs.run(job, onProgress));
    return results;
  }

  startSecondPass(second: SecondPassContext): void {
    this.jobs.startSecondPass(second);
  }

  async close(): Promise<void> {}
}

/** Messages to a worker. */
export type ToWorker = { type: 'job'; id: number; job: AuditJob } | { type: 'second-pass'; second: SecondPassContext };

/** Messages from a worker. */
export type FromWorker =
  | { type: 'progress'; phase: 'read' | 'audit'; amount: number }
  | { type: 'result'; id: number; result: AuditJobResult }
  | { type: 'error'; message: string };

class WorkerRunner implements JobRunner {
  private readonly workers: Worker[] = [];

  constructor(
    ctx: AuditJobContext,
    readonly threads: number,
  ) {
    // Started at once, so that their start-up (loading the engine) overlaps the caller's own.
    for (let i = 0; i < threads; i++) {
      // The worker is TypeScript like the rest: its entry registers tsx first, as bin/jcode-assist.js does.
      this.workers.push(new Worker(new URL('./audit-worker-entry.mjs', import.meta.url), { workerData: ctx }));
    }
  }

  run(jobs: readonly AuditJob[], onProgress: JobProgress): Promise<AuditJobResult[]> {
    return new Promise((resolve, reject) => {
      const results: AuditJobResult[] = new Array(jobs.length);
      let next = 0;
      let done = 0;
      let settled = false;
      const cleanups: (() => void)[] = [];
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        if (error) {
          void this.close();
          reject(error);
        } else resolve(results);
      };
      const feed = (thread: Worker) => {
        if (next < jobs.length) {
          thread.postMessage({ type: 'job', id: next, job: jobs[next]! } satisfies ToWorker);
          next++;
        }
      };
      if (jobs.length === 0) return finish();
      for (const thread of this.workers) {
        const onMessage = (message: FromWorker) => {
          if (message.type === 'progress') onProgress(message.phase, message.amount);
          else if (message.type === 'result') {
            results[message.id] = message.result;
            done++;
            if (done === jobs.length) finish();
            else feed(thread);
          } else finish(new Error(`audit worker failed: ${message.message}`));
        };
        const onError = (err: Error) => finish(err);
        const onExit = (code: number) => finish(new Error(`audit worker stopped (exit code ${code})`));
        thread.on('message', onMessage);
        thread.on('error', onError);
        thread.on('exit', onExit);
        cleanups.push(() => {
          thread.off('message', onMessage);
          thread.off('error', onError);
          thread.off('exit', onExit);
        });
        feed(thread);
      }
    });
  }

  startSecondPass(second: SecondPassContext): void {
    for (const thread of this.workers) thread.postMessage({ type: 'second-pass', second } satisfies ToWorker);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((t) => t.terminate()));
  }
}
