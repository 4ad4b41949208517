// A worker thread of the audit: receives the job context at start, the second pass's context when the first pass
// is over, and job after job, answering each with its result (messages: ToWorker in, FromWorker out).
import { parentPort, workerData } from 'node:worker_threads';
import { AuditJobs, type AuditJobContext } from './audit-jobs';
import type { FromWorker, ToWorker } from './job-runner';

const port = parentPort;
if (!port) throw new Error('audit-worker runs as a worker thread');
const jobs = new AuditJobs(workerData as AuditJobContext);
const send = (message: FromWorker) => port.postMessage(message);

// Jobs run one after another in the order received: the runner keeps a second one queued here.
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToWorker) => {
  queue = queue.then(() => {
    // After the jobs queued before it, which belong to the first pass.
    if (message.type === 'second-pass') return jobs.startSecondPass(message.second);
    return jobs
      .run(message.job, (phase, amount) => send({ type: 'progress', phase, amount }))
      .then((result) => send({ type: 'result', id: message.id, result }))
      .catch((err: unknown) => send({ type: 'error', id: message.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  });
});
