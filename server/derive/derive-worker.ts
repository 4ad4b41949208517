// A derive worker thread: builds its own catalog index from the entries it is started with, then answers job after
// job (DeriveJob in, DeriveAnswer out, each tagged with the job's id).
import { parentPort, workerData } from 'node:worker_threads';
import type { BillingSettings } from '../../src/billing';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { CatalogEntries } from '../../src/catalog/types';
import { runDeriveJob, type DeriveContext, type DeriveJob } from './derive-job';

/** What the pool starts a worker with: plain data, copied into the thread once. */
export interface DeriveWorkerData {
  catalog: CatalogEntries;
  settings: BillingSettings;
  maxBundleEntries: number;
}

const port = parentPort;
if (!port) throw new Error('derive-worker runs as a worker thread');
// The pool sends the start data as one JSON string (see DerivePool.serialized).
const data = JSON.parse(workerData as string) as DeriveWorkerData;
const ctx: DeriveContext = { catalog: new CatalogIndex(data.catalog), settings: data.settings, maxBundleEntries: data.maxBundleEntries };

port.on('message', (message: { id: number; job: DeriveJob }) => {
  const answer = runDeriveJob(message.job, ctx);
  // The answer's bytes are moved to the server's thread, not copied: tens of megabytes for a large Bundle.
  port.postMessage({ id: message.id, answer }, answer.kind === 'ok' ? [answer.json.buffer as ArrayBuffer] : []);
});
// Jobs are given to a worker only once it has said so: its start-up does not count against a job's time limit.
port.postMessage({ ready: true });
