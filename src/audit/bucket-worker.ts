// A worker thread of the audit's second pass: receives the job context once, then bucket after bucket, and
// answers each with its result. Messages: in { bucket, path }; out { type: 'progress' | 'result' | 'error' }.
import { parentPort, workerData } from 'node:worker_threads';
import type { Resource } from 'fhir/r4';
import { BucketAuditor, type BucketJobContext } from './bucket-audit';
import { SharedMap } from './shared-resources';

interface WorkerInput {
  job: BucketJobContext;
  shared: [string, Resource][];
}

const port = parentPort;
if (!port) throw new Error('bucket-worker runs as a worker thread');
const { job, shared } = workerData as WorkerInput;
const auditor = new BucketAuditor(job, new SharedMap(shared));

port.on('message', (message: { bucket: number; path: string }) => {
  auditor
    .audit(message.bucket, message.path, (administrations) => port.postMessage({ type: 'progress', administrations }))
    .then((result) => port.postMessage({ type: 'result', result }))
    .catch((err: unknown) => port.postMessage({ type: 'error', bucket: message.bucket, message: err instanceof Error ? err.stack ?? err.message : String(err) }));
});
