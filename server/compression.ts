// Dynamic JSON and HTML (the API, the sandbox's FHIR answers and pages) compressed with gzip when the client
// accepts it and the body is worth it: hono's compress middleware does the negotiation (q-values, "*", Vary).
// It skips small bodies only when their size is known, and c.json() does not state it, so it is stated here.
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress';

/** Below this a compressed body saves less than the time to compress it (and fits one TCP packet anyway). */
export const COMPRESS_FROM_BYTES = 1024;

export function compressLargeAnswers(): MiddlewareHandler {
  const gzip = compress({ encoding: 'gzip', threshold: COMPRESS_FROM_BYTES });
  return (c, next) =>
    gzip(c, async () => {
      await next();
      const res = c.res;
      const compressible = COMPRESSIBLE_CONTENT_TYPE_REGEX.test(res.headers.get('content-type') ?? '');
      // The headers first: asking for res.body turns a response of bytes into a stream (a copy of the bytes).
      if (compressible && !res.headers.has('content-length') && !res.headers.has('content-encoding') && res.body) {
        const bytes = await res.arrayBuffer();
        c.res = new Response(bytes, res);
        c.res.headers.set('Content-Length', String(bytes.byteLength));
      }
    });
}
