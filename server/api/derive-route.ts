// POST /api/derive: the CLI's contract over HTTP (docs/design.md, "HTTP"). Takes a FHIR Bundle, answers
// { engine: { version, catalog }, results }. Bad input is a 400 OperationOutcome, an oversize body or Bundle a 413.
// The work itself (parsing, checking, deriving, serialising, gzip) runs in a worker thread with a time limit
// (server/derive), so the event loop stays free: a Bundle that runs out of time gets 503 and an OperationOutcome,
// never a stalled server. The event loop only moves bytes: the body into one buffer, the answer onto the socket.
import { IncomingMessage } from 'node:http';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isCalendarDate } from '../../src/billing';
import { chooseCoding } from '../content-coding';
import type { DeriveRunner } from '../derive/derive-pool';
import { operationOutcome, outcomeResponse, RequestError } from '../operation-outcome';

export interface DeriveRouteOptions {
  pool: DeriveRunner;
  bodyLimitBytes: number;
  /** The request's whole time: the job gets what is left of it when the body has arrived. */
  requestTimeoutMs: number;
  /** YYYY-MM-DD written as Claim.created when the request names no ?today=. */
  today: () => string;
  onError: (err: unknown) => void;
}

const JSON_TYPES = /^application\/(fhir\+)?json\s*(;|$)/i;

export function deriveRoute(opts: DeriveRouteOptions): Hono {
  const routes = new Hono();
  routes.post(
    '/api/derive',
    withinLimit(opts.bodyLimitBytes),
    async (c) => {
      const started = Date.now();
      const type = c.req.header('content-type') ?? '';
      if (!JSON_TYPES.test(type)) {
        throw new RequestError(415, 'not-supported', `Send the Bundle as application/fhir+json or application/json (got '${type || 'no content type'}').`);
      }
      const today = c.req.query('today') ?? opts.today();
      if (!isCalendarDate(today)) {
        throw new RequestError(400, 'value', `today must be a real date YYYY-MM-DD (got '${today}').`);
      }
      // Bytes, not text: they go to the worker as they are, and it decodes them.
      const body = await requestBytes(c);
      // A little under what is left of the request's time, so the job's own answer comes before the request's 408.
      const left = opts.requestTimeoutMs - (Date.now() - started) - 50;
      // The worker compresses the answer when the client accepts gzip (the app's compression leaves it as it is).
      const gzip = chooseCoding(c.req.header('accept-encoding'), ['gzip']) === 'gzip';
      const answer = await opts.pool.run({ body, today, gzip }, { deadlineMs: left, signal: c.req.raw.signal });
      switch (answer.kind) {
        case 'ok':
          return c.body(answer.json as Uint8Array<ArrayBuffer>, 200, {
            'Content-Type': 'application/json',
            'Cache-Control': 'no-store',
            'Content-Length': String(answer.json.byteLength),
            Vary: 'Accept-Encoding',
            ...(answer.gzipped ? { 'Content-Encoding': 'gzip' } : {}),
          });
        case 'problem':
          return outcomeResponse(c, answer.status, operationOutcome(answer.code, answer.text));
        case 'timeout':
          return outcomeResponse(
            c,
            503,
            operationOutcome(
              'too-costly',
              `Deriving this Bundle took longer than this server allows (${answer.limitMs} ms), so it was stopped and nothing was derived. Send fewer encounters per request, or run \`jcode-assist audit\` on a bulk export.`,
            ),
          );
        case 'busy':
          // Refused at once: a moment later the queue has room. Waited in vain: the queue drains that slowly.
          c.header('Retry-After', String(Math.max(1, Math.ceil(answer.waitedMs / 1000))));
          return outcomeResponse(
            c,
            503,
            operationOutcome(
              'transient',
              answer.reason === 'full'
                ? 'The server is deriving other Bundles and its queue is full; nothing was derived. Try again in a moment.'
                : `The server is deriving other Bundles and no worker was free within ${answer.waitedMs} ms; nothing was derived. Try again after the Retry-After delay.`,
            ),
          );
        case 'cancelled':
          return outcomeResponse(c, 503, operationOutcome('transient', 'The request was cancelled before it was derived.'));
        case 'error':
          opts.onError(new Error(`derive failed: ${answer.message}`));
          return outcomeResponse(c, 500, operationOutcome('exception', 'The engine failed on this Bundle; the error was logged.'));
      }
    },
  );
  return routes;
}

/**
 * The body limit. A declared Content-Length is checked as it is: Node's HTTP parser delivers no more than it declares,
 * and leaving the body untouched lets the route read it straight from the socket's chunks. (hono's bodyLimit asks for
 * the body as a web stream even then, and a 5 MB body read through web streams costs the event loop tens of
 * milliseconds.) A body sent in chunks, of no declared length, is counted as it arrives by hono's bodyLimit.
 */
function withinLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = (c: Context) =>
    outcomeResponse(c, 413, operationOutcome('too-costly', `The request body is larger than the limit of ${maxBytes} bytes.`));
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    return Number(declared) > maxBytes ? Promise.resolve(tooLarge(c)) : next();
  };
}

/**
 * The body's bytes in one buffer of their own, which moves to the worker as it is. From Node's request with a declared
 * length, each chunk is copied into place as it arrives; read as an ArrayBuffer, the chunks would be joined into one
 * buffer and then copied again, two copies of up to the whole body on the event loop at once.
 */
async function requestBytes(c: Context): Promise<Uint8Array> {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  const declared = Number(c.req.header('content-length'));
  if (!(incoming instanceof IncomingMessage) || c.req.header('transfer-encoding') !== undefined || !Number.isSafeInteger(declared)) {
    return new Uint8Array(await c.req.arrayBuffer());
  }
  const bytes = new Uint8Array(declared);
  let at = 0;
  // Node's HTTP parser delivers exactly the declared length, or ends the stream with an error.
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

