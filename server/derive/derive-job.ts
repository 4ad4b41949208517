// One /api/derive request's work, from the body's text to the answer's text: parse, check the Bundle, derive,
// serialise. Run in a derive worker thread (derive-worker.ts), so none of it, not even JSON.parse of a 5 MB body,
// holds up the server's event loop.
import { derive, ENGINE_VERSION, type BillingSettings } from '../../src/billing';
import type { CatalogIndex } from '../../src/catalog/catalog-index';

export interface DeriveJob {
  /** The request body: its bytes as received (moved into the worker, not copied), or text. */
  body: Uint8Array | string;
  /** YYYY-MM-DD written as Claim.created. */
  today: string;
}

/** What a job answers: the response body (UTF-8 JSON), a problem with the input, or an engine failure to log. */
export type DeriveAnswer =
  | { kind: 'ok'; json: Uint8Array }
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
    // Encoded here, so the server's thread receives bytes it can send as they are.
    const text = JSON.stringify({ engine: { version: ENGINE_VERSION, catalog: ctx.catalog.quarter }, results: output.results });
    return { kind: 'ok', json: new TextEncoder().encode(text) };
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
