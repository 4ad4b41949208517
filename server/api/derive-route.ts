// POST /api/derive: the CLI's contract over HTTP (design.md, "HTTP"). Takes a FHIR Bundle, answers
// { engine: { version, catalog }, results }. Bad input is a 400 OperationOutcome, an oversize body or Bundle a 413.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Bundle } from 'fhir/r4';
import { derive, ENGINE_VERSION, type BillingSettings } from '../../src/billing';
import type { CatalogIndex } from '../../src/catalog/catalog-index';
import { operationOutcome, outcomeResponse, RequestError } from '../operation-outcome';

export interface DeriveRouteOptions {
  catalog: CatalogIndex;
  settings: BillingSettings;
  bodyLimitBytes: number;
  maxBundleEntries: number;
  /** YYYY-MM-DD written as Claim.created when the request names no ?today=. */
  today: () => string;
  onError: (err: unknown) => void;
}

const JSON_TYPES = /^application\/(fhir\+)?json\s*(;|$)/i;
const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function deriveRoute(opts: DeriveRouteOptions): Hono {
  const routes = new Hono();
  routes.post(
    '/api/derive',
    bodyLimit({
      maxSize: opts.bodyLimitBytes,
      onError: (c) =>
        outcomeResponse(c, 413, operationOutcome('too-costly', `The request body is larger than the limit of ${opts.bodyLimitBytes} bytes.`)),
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!JSON_TYPES.test(type)) {
        throw new RequestError(415, 'not-supported', `Send the Bundle as application/fhir+json or application/json (got '${type || 'no content type'}').`);
      }
      const today = c.req.query('today') ?? opts.today();
      if (!isCalendarDate(today)) {
        throw new RequestError(400, 'value', `today must be a real date YYYY-MM-DD (got '${today}').`);
      }
      let json: unknown;
      try {
        json = JSON.parse(await c.req.text());
      } catch (err) {
        throw new RequestError(400, 'structure', `The body is not valid JSON: ${(err as Error).message}`);
      }
      const problem = bundleProblem(json, opts.maxBundleEntries);
      if (problem) throw new RequestError(problem.status, problem.code, problem.text);
      let output;
      try {
        output = derive(json as Bundle, opts.catalog, opts.settings, { today });
      } catch (err) {
        opts.onError(err);
        return outcomeResponse(c, 500, operationOutcome('exception', 'The engine failed on this Bundle; the error was logged.'));
      }
      c.header('Cache-Control', 'no-store');
      return c.json({ engine: { version: ENGINE_VERSION, catalog: opts.catalog.quarter }, results: output.results });
    },
  );
  return routes;
}

/** YYYY-MM-DD naming a day that exists: 2026-02-31 matches the pattern but would be written into Claim.created. */
function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const day = new Date(0);
  day.setUTCFullYear(y, m - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
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
