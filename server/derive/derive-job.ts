// One /api/derive request's work, from the body's bytes to the answer's bytes: parse, check the Bundle, derive,
// serialise, and gzip when the client accepts it. Run in a derive worker thread (derive-worker.ts), so none of it,
// not even JSON.parse of a 5 MB body or gzip of a 20 MB answer, holds up the server's event loop.
import { gzipSync } from 'node:zlib';
import { derive, ENGINE_VERSION, type BillingSettings } from '../../src/billing';
import type { CatalogIndex } from '../../src/catalog/catalog-index';
import { COMPRESS_FROM_BYTES } from '../compression';

export interface DeriveJob {
  /** The request body: its bytes as received (moved into the worker, not copied), or text. */
  body: Uint8Array | string;
  /** YYYY-MM-DD written as Claim.created. */
  today: string;
  /** The client accepts gzip: an answer worth compressing is sent compressed. */
  gzip?: boolean;
}


/** What a job answers: the response body (UTF-8 JSON), a problem with the input, or an engine failure to log. */
export type DeriveAnswer =
  | { kind: 'ok'; json: Uint8Array; gzipped: boolean }
  | { kind: 'problem'; status: 400 | 413; code: 'structure' | 'too-costly'; text: string }
  | { kind: 'error'; message: string };

export interface DeriveContext {
  catalog: CatalogIndex;
  settings: BillingSettings;
  maxBundleEntries: number;
}

export function runDeriveJob(job: DeriveJob, ctx: DeriveContext): DeriveAnswer {
  let json: unknown;
  try {
    json = JSON.parse(typeof job.body === 'string' ? job.body : new TextDecoder().decode(job.body));
  } catch (err) {
    return { kind: 'problem', status: 400, code: 'structure', text: `The body is not valid JSON: ${(err as Error).message}` };
  }
  const problem = bundleProblem(json, ctx.maxBundleEntries);
  if (problem) return { kind: 'problem', ...problem };
  try {
    const output = derive(json, ctx.catalog, ctx.settings, { today: job.today });
    // Encoded (and compressed) here, so the server's thread receives bytes it sends as they are.
    const text = JSON.stringify({ engine: { version: ENGINE_VERSION, catalog: ctx.catalog.quarter }, results: output.results });
    const bytes = new TextEncoder().encode(text);
    if (!job.gzip || bytes.byteLength < COMPRESS_FROM_BYTES) return { kind: 'ok', json: bytes, gzipped: false };
    const gzipped = gzipSync(bytes);
    // The answer's buffer is moved to the server's thread whole; a small Buffer is a view into Node's shared pool,
    // so it is copied into a buffer of its own first.
    const own = gzipped.byteOffset === 0 && gzipped.byteLength === gzipped.buffer.byteLength;
    return { kind: 'ok', json: own ? new Uint8Array(gzipped.buffer, 0, gzipped.byteLength) : new Uint8Array(gzipped), gzipped: true };
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

interface BundleProblem {
  status: 400 | 413;
  code: 'structure' | 'too-costly';
  text: string;
}

function bundleProblem(json: unknown, maxEntries: number): BundleProblem | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { status: 400, code: 'structure', text: 'The body must be a FHIR Bundle (a JSON object with resourceType "Bundle").' };
  }
  const resourceType = (json as { resourceType?: unknown }).resourceType;
  if (resourceType !== 'Bundle') {
    return { status: 400, code: 'structure', text: `The body must be a FHIR Bundle; got resourceType ${JSON.stringify(resourceType ?? null)}.` };
  }
  const entry = (json as { entry?: unknown }).entry;
  if (entry !== undefined && !Array.isArray(entry)) {
    return { status: 400, code: 'structure', text: 'Bundle.entry must be an array.' };
  }
  if (Array.isArray(entry) && entry.length > maxEntries) {
    return {
      status: 413,
      code: 'too-costly',
      text: `The Bundle has ${entry.length} entries; this server derives at most ${maxEntries} per request. Send one encounter at a time, or run \`jcode-assist audit\` on a bulk export.`,
    };
  }
  return undefined;
}
