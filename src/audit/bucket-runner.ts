// Runs the second pass over all buckets: in worker threads when there is more than one core and more than one
// bucket (derive() is CPU-bound and the buckets are independent), otherwise in this thread. Results come back
// in any order; the caller puts them in bucket order.
import { Worker } from 'node:worker_threads';
import type { Resource } from 'fhir/r4';
import { BucketAuditor, type BucketJobContext, type BucketResult } from './bucket-audit';
import { SharedMap } from './shared-resources';

/** More threads than cores only adds memory; 16 covers the machines this runs on. */
export const MAX_WORKERS = 16;

export interface RunBucketsOptions {
  /** Worker threads; 0 or 1 (the default) runs in this thread. */
  workers?: number;
  onAdministrations: (count: number) => void;
}

export async function runBuckets(
  buckets: string[],
  job: BucketJobContext,
  shared: [string, Resource][],
  options: RunBucketsOptions,
): Promise<BucketResult[]> {
  const workers = Math.min(options.workers ?? 1, MAX_WORKERS, buckets.length);
  if (workers <= 1) {
    const auditor = new BucketAuditor(job, new SharedMap(shared));
    const results: BucketResult[] = [];
    for (const [i, path] of buckets.entries()) results.push(await auditor.audit(i, path, options.onAdministrations));
    return results;
  }
  return inWorkers(buckets, job, shared, workers, options.onAdministrations);
}

function inWorkers(
  buckets: string[],
  job: BucketJobContext,
  shared: [string, Resource][],
  count: number,
  onAdministrations: (n: number) => void,
): Promise<BucketResult[]> {
  return new Promise((resolve, reject) => {
    const results: BucketResult[] = [];
    let next = 0;
    let failed = false;
    const threads: Worker[] = [];
    const stopAll = () => threads.forEach((t) => void t.terminate());
    const feed = (thread: Worker) => {
      if (next < buckets.length) {
        thread.postMessage({ bucket: next, path: buckets[next] });
        next++;
      } else {
        void thread.terminate();
      }
    };
    for (let i = 0; i < count; i++) {
      // The worker is TypeScript like the rest: its entry registers tsx first, as bin/jcode-assist.js does.
      const thread = new Worker(new URL('./bucket-worker-entry.mjs', import.meta.url), {
        workerData: { job, shared },
      });
      threads.push(thread);
      thread.on('message', (message: { type: string; administrations?: number; result?: BucketResult; message?: string }) => {
        if (message.type === 'progress') onAdministrations(message.administrations ?? 0);
        else if (message.type === 'result') {
          results.push(message.result!);
          if (results.length === buckets.length) {
            stopAll();
            resolve(results);
          } else feed(thread);
        } else if (!failed) {
          failed = true;
          stopAll();
          reject(new Error(`audit worker failed: ${message.message}`));
        }
      });
      thread.on('error', (err) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(err);
      });
      feed(thread);
    }
  });
}
