// The worker threads /api/derive runs in, so that the event loop keeps answering (/healthz, the app, the sandbox)
// while a large Bundle is derived. Each job has a time limit from the moment a worker takes it: a worker still busy
// when it runs out is terminated, the caller is told, and a fresh worker takes its place. A job also has a deadline
// for its whole stay (the request's own time). Jobs wait in a queue sized for the concurrency an integration sends
// (a queued one-encounter job waits well under a millisecond per job ahead of it); the queue is bounded in jobs and in
// body bytes, so its memory is bounded, and a job waits at most a queue-wait limit (or its deadline, if sooner) for a
// worker. A job refused by a full queue, or that waited its limit, is answered 'busy': the caller may retry. A job
// whose caller goes away leaves the queue, or, when running, may finish within a grace before its worker is stopped.
import { Worker } from 'node:worker_threads';
import type { DeriveAnswer, DeriveJob } from './derive-job';
import type { DeriveWorkerData } from './derive-worker';

/** What a job comes to: the worker's answer, or why there is none. */
export type PoolAnswer = DeriveAnswer | { kind: 'timeout'; limitMs: number } | Busy | { kind: 'cancelled' };

/** No worker took the job: the queue was full when it came ('full'), or it waited its limit ('waited'). */
export interface Busy {
  kind: 'busy';
  reason: 'full' | 'waited';
  /** How long it waited for a worker. */
  waitedMs: number;
}

export interface DerivePoolOptions {
  data: DeriveWorkerData;
  /** Worker threads (each holds its own copy of the engine and catalog index). */
  workers: number;
  /** Longest a worker may work on one job. */
  timeLimitMs: number;
  /** Jobs that may wait for a free worker; one more is answered 'busy'. */
  maxQueued: number;
  /** Body bytes the waiting jobs may hold together (default: no bound beyond maxQueued). */
  maxQueuedBytes?: number;
  /** Longest a job waits for a worker before it is answered 'busy' (default: its deadline alone). */
  maxWaitMs?: number;
  /** How long a job whose caller went away may go on before its worker is stopped (default 1 s). */
  abandonGraceMs?: number;
}

/**
 * About what starting a fresh worker costs (docs/deploy.md: about a second each). A job whose caller went away is let
 * finish within it, its answer dropped; a one-encounter job ends in a millisecond, and stopping its worker instead
 * (as every request still running when a load generator or an impatient client hangs up would) costs the next jobs
 * that second.
 */
export const DEFAULT_ABANDON_GRACE_MS = 1_000;

export interface RunOptions {
  /** The job's whole stay, waiting included (what is left of the request's own time). */
  deadlineMs?: number;
  /** Aborted when nobody waits for the answer any more (the client went away). */
  signal?: AbortSignal;
}

/** What the route needs of a pool (tests may give a pool of their own). */
export interface DeriveRunner {
  readonly timeLimitMs: number;
  run(job: DeriveJob, opts?: RunOptions): Promise<PoolAnswer>;
}

interface Pending {
  id: number;
  job: DeriveJob;
  resolve: (answer: PoolAnswer) => void;
  /** performance.now() when it was queued. */
  queuedAt: number;
  bytes: number;
  timers: NodeJS.Timeout[];
  /** Ends its wait for a worker; cleared when a worker takes it. */
  waitTimer?: NodeJS.Timeout;
  /** Its caller went away while it ran: stops its worker if it is still at work when this fires. */
  abandoned?: NodeJS.Timeout;
  slot?: Slot;
  done: boolean;
  onAbort?: () => void;
  signal?: AbortSignal;
}

interface Slot {
  worker?: Worker;
  /** The worker has built its catalog index and takes jobs. */
  ready: boolean;
  current?: Pending;
}

const ENTRY = new URL('./derive-worker-entry.mjs', import.meta.url);

export class DerivePool implements DeriveRunner {
  readonly timeLimitMs: number;
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private queuedBytes = 0;
  private nextId = 0;
  private closed = false;
  private workersStarted = 0;
  /**
   * The workers' start data as one JSON string, made once: a string is copied into a new thread in a moment, where
   * structured cloning a CMS quarter's entries would hold up the event loop each time a worker is replaced.
   */
  private serialized: string | undefined;

  constructor(private readonly opts: DerivePoolOptions) {
    this.timeLimitMs = opts.timeLimitMs;
    this.slots = Array.from({ length: Math.max(1, Math.floor(opts.workers)) }, () => ({ ready: false }));
  }

  /** Worker threads started so far, replacements included. */
  get started(): number {
    return this.workersStarted;
  }

  /** Starts every worker and resolves once all take jobs (rejects when one cannot start). */
  warm(): Promise<void> {
    return Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve, reject) => {
            const worker = this.ensureWorker(slot);
            if (slot.ready) return resolve();
            const onMessage = (message: { ready?: boolean }) => {
              if (message.ready) resolve();
            };
            worker.on('message', onMessage);
            worker.once('exit', (code) => reject(new Error(`a derive worker stopped while starting (exit code ${code})`)));
            worker.once('error', reject);
          }),
      ),
    ).then(() => undefined);
  }

  run(job: DeriveJob, opts: RunOptions = {}): Promise<PoolAnswer> {
    if (this.closed) return Promise.resolve({ kind: 'cancelled' });
    const bytes = typeof job.body === 'string' ? job.body.length : job.body.byteLength;
    const idle = this.slots.some((s) => s.ready && !s.current);
    const full = this.queue.length >= this.opts.maxQueued || this.queuedBytes + bytes > (this.opts.maxQueuedBytes ?? Infinity);
    if (!idle && full) return Promise.resolve({ kind: 'busy', reason: 'full', waitedMs: 0 });
    return new Promise<PoolAnswer>((resolve) => {
      const pending: Pending = { id: this.nextId++, job, resolve, queuedAt: performance.now(), bytes, done: false, timers: [] };
      if (opts.deadlineMs !== undefined) {
        const deadline = Math.max(1, opts.deadlineMs);
        pending.timers.push(setTimeout(() => this.stop(pending, { kind: 'timeout', limitMs: deadline }), deadline));
      }
      if (this.opts.maxWaitMs !== undefined) {
        pending.waitTimer = setTimeout(() => this.stop(pending, { kind: 'timeout', limitMs: this.opts.maxWaitMs! }), this.opts.maxWaitMs);
        pending.timers.push(pending.waitTimer);
      }
      if (opts.signal) {
        if (opts.signal.aborted) {
          this.finish(pending, { kind: 'cancelled' });
          return;
        }
        pending.signal = opts.signal;
        pending.onAbort = () => this.stop(pending, { kind: 'cancelled' });
        opts.signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      this.queuedBytes += bytes;
      this.dispatch();
    });
  }

  /** Stops every worker; jobs still waiting or running are answered 'cancelled'. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.takeQueue()) this.finish(pending, { kind: 'cancelled' });
    const stopping: Promise<number>[] = [];
    for (const slot of this.slots) {
      if (slot.current) this.finish(slot.current, { kind: 'cancelled' });
      slot.current = undefined;
      if (slot.worker) stopping.push(slot.worker.terminate());
      slot.worker = undefined;
    }
    await Promise.all(stopping);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.worker) this.ensureWorker(slot);
      if (!slot.ready || slot.current) continue;
      const pending = this.queue.shift()!;
      this.queuedBytes -= pending.bytes;
      if (pending.waitTimer) clearTimeout(pending.waitTimer);
      slot.current = pending;
      pending.slot = slot;
      pending.timers.push(setTimeout(() => this.stop(pending, { kind: 'timeout', limitMs: this.timeLimitMs }), this.timeLimitMs));
      slot.worker!.postMessage({ id: pending.id, job: pending.job }, movable(pending.job.body));
    }
  }

  private ensureWorker(slot: Slot): Worker {
    if (slot.worker) return slot.worker;
    this.serialized ??= JSON.stringify(this.opts.data);
    const worker = new Worker(ENTRY, { workerData: this.serialized });
    this.workersStarted++;
    // An idle worker does not keep the process alive; the server (or a waiting caller) does.
    worker.unref();
    slot.ready = false;
    worker.on('message', (message: { ready?: boolean; id?: number; answer?: DeriveAnswer }) => {
      if (slot.worker !== worker) return;
      if (message.ready) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const pending = slot.current;
      if (!pending || pending.id !== message.id || !message.answer) return;
      slot.current = undefined;
      if (pending.abandoned) clearTimeout(pending.abandoned);
      this.finish(pending, message.answer);
      this.dispatch();
    });
    const lost = (reason: string) => {
      if (slot.worker !== worker) return;
      const started = slot.ready;
      slot.worker = undefined;
      slot.ready = false;
      const pending = slot.current;
      slot.current = undefined;
      if (pending) this.finish(pending, { kind: 'error', message: `the derive worker stopped: ${reason}` });
      if (!started) {
        // A worker that cannot even start would fail again at once: the waiting jobs are answered instead.
        for (const waiting of this.takeQueue()) this.finish(waiting, { kind: 'error', message: `a derive worker could not start: ${reason}` });
        return;
      }
      if (!this.closed) this.dispatch();
    };
    worker.on('error', (err) => lost(err.stack ?? err.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    slot.worker = worker;
    return worker;
  }

  /**
   * Ends a job that ran out of time or lost its caller: taken out of the queue, or its worker terminated. A job that
   * runs out of time before any worker took it was never tried: it is answered 'busy', not 'timeout'. A running job
   * whose caller went away is answered at once and given the abandon grace to end before its worker is stopped.
   */
  private stop(pending: Pending, answer: PoolAnswer): void {
    if (pending.done) return;
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.queuedBytes -= pending.bytes;
      if (answer.kind === 'timeout') answer = { kind: 'busy', reason: 'waited', waitedMs: Math.round(performance.now() - pending.queuedAt) };
    }
    const slot = pending.slot;
    if (slot && slot.current === pending) {
      if (answer.kind === 'cancelled') {
        this.finish(pending, answer);
        pending.abandoned = setTimeout(() => {
          if (slot.current === pending) this.replaceWorker(slot);
          this.dispatch();
        }, this.opts.abandonGraceMs ?? DEFAULT_ABANDON_GRACE_MS);
        pending.abandoned.unref();
        return;
      }
      this.replaceWorker(slot);
    }
    this.finish(pending, answer);
    this.dispatch();
  }

  /** Terminates the slot's worker in the middle of its job; a fresh one starts loading at once, so the next job does not pay for it. */
  private replaceWorker(slot: Slot): void {
    const worker = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    slot.current = undefined;
    void worker?.terminate();
    if (!this.closed) this.ensureWorker(slot);
  }

  private takeQueue(): Pending[] {
    this.queuedBytes = 0;
    return this.queue.splice(0);
  }

  private finish(pending: Pending, answer: PoolAnswer): void {
    if (pending.done) return;
    pending.done = true;
    for (const timer of pending.timers) clearTimeout(timer);
    if (pending.onAbort) pending.signal?.removeEventListener('abort', pending.onAbort);
    pending.resolve(answer);
  }
}

/**
 * A body of bytes that has its buffer to itself is moved into the worker rather than copied (the route no longer
 * needs it); a view into a shared buffer (Node's pool of small buffers) is copied, never taken from its owner.
 */
function movable(body: Uint8Array | string): ArrayBuffer[] {
  if (typeof body === 'string' || !(body.buffer instanceof ArrayBuffer)) return [];
  return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength ? [body.buffer] : [];
}
