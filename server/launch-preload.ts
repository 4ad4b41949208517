// An EHR launch opens /launch/?iss=<FHIR base>&launch=...; the first thing the launch script fetches is that
// server's SMART discovery document. Naming it in a Link preload header lets the browser fetch it beside the
// script instead of after it (one round trip less). Only for an iss the configuration registers: the server
// does not make browsers fetch URLs that anyone can put in a link.
import type { MiddlewareHandler } from 'hono';
import { sameFhirBase } from '../launch/choose-client';

/** The discovery URL exactly as fhirclient builds it from the iss (lib/smart.js, fetchWellKnownJson). */
export function discoveryUrlOf(iss: string): string | undefined {
  try {
    return new URL(`${iss.replace(/\/*$/, '/')}.well-known/smart-configuration`).href;
  } catch {
    return undefined;
  }
}

export function discoveryPreload(registeredIss: (ownOrigin: string) => string[]): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const iss = c.req.query('iss');
    if (c.res.status !== 200 || !iss || !registeredIss(c.get('ownOrigin')).some((known) => sameFhirBase(known, iss))) return;
    const url = discoveryUrlOf(iss);
    if (url && /^https?:/.test(url)) c.res.headers.append('Link', `<${url}>; rel=preload; as=fetch; crossorigin`);
  };
}
