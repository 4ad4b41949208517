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
  /** Runs one job in every thread (to collect what each thread holds); one result per thread. */
  runOnEach(job: AuditJob): Promise<AuditJobResult[]>;
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

  async runOnEach(job: AuditJob): Promise<AuditJobResult[]> {
    return [await this.jobs.run(job, () => {})];
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
  | { type: 'error'; id: number; message: string };

interface Pending {
  id: number;
  resolve: (result: AuditJobResult) => void;
  reject: (error: Error) => void;
}

/** One worker thread and the job it is running. */
class JobThread {
  private readonly worker: Worker;
  private pending: Pending | undefined;
  private nextId = 0;
  private failure: Error | undefined;
  onProgress: JobProgress = () => {};

  constructor(ctx: AuditJobContext) {
    // The worker is TypeScript like the rest: its entry registers tsx first, as bin/jcode-assist.js does.
    this.worker = new Worker(new URL('./audit-worker-entry.mjs', import.meta.url), { workerData: ctx });
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') this.onProgress(message.phase, message.amount);
      else if (message.id !== this.pending?.id) this.fail(new Error(`audit worker answered job ${message.id}, not the job it was given`));
      else if (message.type === 'result') this.settle().resolve(message.result);
      else this.fail(new Error(`audit worker failed: ${message.message}`));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`audit worker stopped (exit code ${code})`)));
  }

  /** Runs one job; a thread runs one job at a time. */
  request(job: AuditJob): Promise<AuditJobResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending = { id, resolve, reject };
      this.worker.postMessage({ type: 'job', id, job } satisfies ToWorker);
    });
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error('the audit workers were stopped');
    await this.worker.terminate();
  }

  private settle(): Pending {
    const pending = this.pending!;
    this.pending = undefined;
    return pending;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.pending) this.settle().reject(error);
  }
}

class WorkerRunner implements JobRunner {
  private readonly workers: JobThread[] = [];

  constructor(
    ctx: AuditJobContext,
    readonly threads: number,
  ) {
    // Started at once, so that their start-up (loading the engine) overlaps the caller's own.
    for (let i = 0; i < threads; i++) this.workers.push(new JobThread(ctx));
  }

  async run(jobs: readonly AuditJob[], onProgress: JobProgress): Promise<AuditJobResult[]> {
    const results: AuditJobResult[] = new Array(jobs.length);
    let next = 0;
    // Each thread takes the next job as soon as it is free: the largest jobs, given first, spread over the threads.
    const loop = async (thread: JobThread) => {
      thread.onProgress = onProgress;
      while (next < jobs.length) {
        const i = next++;
        results[i] = await thread.request(jobs[i]!);
      }
    };
    try {
      await Promise.all(this.workers.map(loop));
    } catch (err) {
      await this.close();
      throw err;
    }
    return results;
  }

  async runOnEach(job: AuditJob): Promise<AuditJobResult[]> {
    try {
      return await Promise.all(this.workers.map((thread) => thread.request(job)));
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  startSecondPass(second: SecondPassContext): void {
    for (const thread of this.workers) thread.post({ type: 'second-pass', second });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((t) => t.terminate()));
  }
}
