// Structured request logs: one JSON line per request. No PHI: the path is logged without its query string (a
// FHIR search names patients there), and no bodies or Authorization headers are ever logged.
import type { Context, MiddlewareHandler } from 'hono';

/** Counts and reasons a route adds to its request's log line (never patient data: codes, numbers, fixed words). */
export type LogNote = Record<string, string | number | boolean>;

declare module 'hono' {
  interface ContextVariableMap {
    logNote: LogNote;
  }
}

/** Adds to the log line of this request (the CDS service's reasons and feedback counts). */
export function noteForLog(c: Context, note: LogNote): void {
  c.set('logNote', { ...c.get('logNote'), ...note });
}

export interface RequestLogEntry {
  time: string;
  method: string;
  /** Path only. Sandbox FHIR resource ids and EHR-frame patient ids are replaced (they identify patients). */
  path: string;
  status: number;
  ms: number;
  requestId: string;
  note?: LogNote;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

export const jsonLinesLogger: RequestLogger = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

export function requestLog(log: RequestLogger): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    const requestId = c.req.header('x-request-id')?.slice(0, 64).replace(/[^\w.-]/g, '') || crypto.randomUUID();
    c.header('X-Request-Id', requestId);
    await next();
    const note = c.get('logNote');
    log({
      time: new Date().toISOString(),
      method: c.req.method,
      path: withoutIdentifiers(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
      requestId,
      ...(note ? { note } : {}),
    });
  };
}

/** /sandbox/fhir/Patient/123/_history/2 -> /sandbox/fhir/Patient/:id/_history/:id; /sandbox/ehr/123(/close) -> /sandbox/ehr/:patient(/close). */
export function withoutIdentifiers(p: string): string {
  if (/^\/sandbox\/ehr\/[^/]+$/.test(p) && !p.endsWith('.css') && !p.endsWith('.json')) return '/sandbox/ehr/:patient';
  const chartAction = /^\/sandbox\/ehr\/[^/]+\/(close|smart-link)$/.exec(p);
  if (chartAction) return `/sandbox/ehr/:patient/${chartAction[1]}`;
  const m = /^(\/sandbox\/fhir\/[A-Z][A-Za-z]+)(\/.*)?$/.exec(p);
  if (!m) return p.length > 200 ? `${p.slice(0, 200)}...` : p;
  const rest = (m[2] ?? '').split('/').map((seg, i) => (i % 2 === 1 && seg && !seg.startsWith('_') && !seg.startsWith('$') ? ':id' : seg));
  return m[1] + rest.join('/');
}
