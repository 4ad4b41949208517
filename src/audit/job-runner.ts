// Runs the audit's jobs: in this thread and worker threads when asked for more than one (reading, parsing and
// derive() are CPU-bound and the jobs are independent), otherwise one after another in this thread. Either way
// the results come back in the order of the jobs given, whichever finished first.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AuditJobs, type AuditJob, type AuditJobContext, type AuditJobResult, type JobProgress, type SecondPassContext } from './audit-jobs';

/** More threads than cores only adds memory; 16 covers the machines this runs on. */
export const MAX_WORKERS = 16;

/** The default stops here: each thread adds about 100 MB (its own heap and copy of the engine). */
const DEFAULT_MAX_THREADS = 4;
/** A thread is worth starting (about 0.3 s to load the engine) for at least this much NDJSON to read and audit. */
const BYTES_PER_THREAD = 32 * 1024 * 1024;

/** Threads when none are asked for: one per core, up to DEFAULT_MAX_THREADS, fewer for a small export. */
export function defaultThreads(exportBytes: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, DEFAULT_MAX_THREADS, Math.floor(exportBytes / BYTES_PER_THREAD)));
}

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
  resolve: (result: AuditJobResult) => void;
  reject: (error: Error) => void;
}

/** A thread jobs can be given to: this one or a worker. */
interface Lane {
  /** Jobs it may hold at once: a worker keeps a second one queued, so it does not wait while this thread works. */
  readonly depth: number;
  request(job: AuditJob, onProgress: JobProgress): Promise<AuditJobResult>;
}

/** This thread as a lane: one job at a time. */
class LocalLane implements Lane {
  readonly depth = 1;

  constructor(readonly jobs: AuditJobs) {}

  request(job: AuditJob, onProgress: JobProgress): Promise<AuditJobResult> {
    return this.jobs.run(job, onProgress);
  }
}

/** One worker thread and the jobs it holds (it runs them one after another, in the order given). */
class JobThread implements Lane {
  readonly depth = 2;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private onProgress: JobProgress = () => {};

  constructor(ctx: AuditJobContext) {
    // The worker is TypeScript like the rest: its entry registers tsx first, as bin/jcode-assist.js does.
    this.worker = new Worker(new URL('./audit-worker-entry.mjs', import.meta.url), { workerData: ctx });
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'progress') {
        this.onProgress(message.phase, message.amount);
        return;
      }
      const pending = this.pending.get(message.id);
      if (!pending) this.fail(new Error(`audit worker answered job ${message.id}, which it was not given`));
      else if (message.type === 'error') this.fail(new Error(`audit worker failed: ${message.message}`));
      else {
        this.pending.delete(message.id);
        pending.resolve(message.result);
      }
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`audit worker stopped (exit code ${code})`)));
  }

  request(job: AuditJob, onProgress: JobProgress): Promise<AuditJobResult> {
    if (this.failure) return Promise.reject(this.failure);
    this.onProgress = onProgress;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
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

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/**
 * This thread and threads - 1 workers. This thread starts on the first jobs at once, while the workers are still
 * loading the engine, and a worker's memory is not spent on a thread that would only wait.
 */
class WorkerRunner implements JobRunner {
  private readonly local: LocalLane;
  private readonly workers: JobThread[] = [];

  constructor(
    ctx: AuditJobContext,
    readonly threads: number,
  ) {
    for (let i = 1; i < threads; i++) this.workers.push(new JobThread(ctx));
    this.local = new LocalLane(new AuditJobs(ctx));
  }

  async run(jobs: readonly AuditJob[], onProgress: JobProgress): Promise<AuditJobResult[]> {
    const results: AuditJobResult[] = new Array(jobs.length);
    let next = 0;
    let failed = false;
    const lanes = this.lanes();
    // Each lane takes the next job as soon as it has room: the largest jobs, given first, spread over the threads.
    // A job queued ahead (slot > 0) is taken only while more jobs are left than there are lanes: near the end it
    // would keep a job waiting behind another while a thread sits idle. Once a job has failed no other is started.
    const loop = async (lane: Lane, slot: number) => {
      while (next < jobs.length && !failed && (slot === 0 || jobs.length - next > lanes.length)) {
        const i = next++;
        try {
          results[i] = await lane.request(jobs[i]!, onProgress);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    };
    try {
      await Promise.all(lanes.flatMap((lane) => Array.from({ length: lane.depth }, (_, slot) => loop(lane, slot))));
    } catch (err) {
      await this.close();
      throw err;
    }
    return results;
  }

  async runOnEach(job: AuditJob): Promise<AuditJobResult[]> {
    try {
      return await Promise.all(this.lanes().map((lane) => lane.request(job, () => {})));
    } catch (err) {
      await this.close();
      throw err;
    }
  }

  startSecondPass(second: SecondPassContext): void {
    this.local.jobs.startSecondPass(second);
    for (const thread of this.workers) thread.post({ type: 'second-pass', second });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((t) => t.terminate()));
  }

  private lanes(): Lane[] {
    return [this.local, ...this.workers];
  }
}
