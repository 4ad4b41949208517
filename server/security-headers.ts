// Security headers for every response, and the Content-Security-Policy of each kind of page.
// Sources: CSP Level 3 (frame-ancestors replaces X-Frame-Options for embedding control); OWASP Secure Headers.
import type { MiddlewareHandler } from 'hono';

export type CspDirectives = Record<string, string[]>;

export function cspHeader(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.length ? sources.join(' ') : "'none'"}`)
    .join('; ');
}

/**
 * The app and the launch page. `frameAncestors` are the EHR origins allowed to embed the app (configuration),
 * plus 'self' when the sandbox EHR frame serves it; none means nobody may embed it. The app talks to whatever
 * FHIR server launched it, so connect-src allows any https origin and the configured http ones (local EHRs).
 * `styleHashes` allow the pages' own inline style blocks (server/inline-styles.ts) and nothing else inline.
 */
export function appShellCsp(frameAncestors: string[], httpFhirOrigins: string[], styleHashes: string[] = []): string {
  return cspHeader({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", ...styleHashes],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", 'https:', ...httpFhirOrigins],
    'object-src': [],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors,
  });
}

/** Anything that is not a page (JSON, assets): nothing may run or embed it. */
export const API_CSP = cspHeader({ 'default-src': [], 'frame-ancestors': [] });

/**
 * Headers every response carries. A route that set its own CSP keeps it; everything else gets API_CSP.
 * Referrer-Policy no-referrer: SMART redirects carry authorization codes in the URL, which must not leak.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-site');
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', API_CSP);
  };
}
