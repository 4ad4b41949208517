// The origin this server writes into every URL it hands out (discovery documents, iss, aud, the sandbox's
// registration, links), decided once per request by configuration rather than by the request's Host header: a
// request naming another site must not be able to make the server advertise that site's URLs.
import type { Context, MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    ownOrigin: string;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * JCODE_PUBLIC_URL when configured. Without it (a demo on this machine) a loopback request keeps its own origin,
 * so http://127.0.0.1:3000 and http://localhost:3000 both work, and any other Host gets `fallback` (the
 * server's http://localhost:<port>).
 */
export function originResolver(publicUrl: string | undefined, fallback: () => string): (requestUrl: URL) => string {
  if (publicUrl) return () => publicUrl;
  return (url) => (LOOPBACK_HOSTS.has(url.hostname) ? url.origin : fallback());
}

export function ownOriginMiddleware(resolve: (requestUrl: URL) => string): MiddlewareHandler {
  return async (c, next) => {
    c.set('ownOrigin', resolve(new URL(c.req.url)));
    await next();
  };
}

/** The origin set by ownOriginMiddleware (createApp mounts it before every route). */
export function ownOrigin(c: Context): string {
  const origin = c.get('ownOrigin') as string | undefined;
  if (!origin) throw new Error('ownOriginMiddleware must run before a route that writes URLs');
  return origin;
}
