// GET /api/catalog?ndc=..&code=..: the catalog entries of the products on one encounter, so the browser never
// downloads a CMS quarter (docs/design.md, "One engine, four doors"). No patient data is asked or answered, so the
// response is cacheable; its ETag changes with the loaded catalog quarter.
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { LoadedCatalog } from '../../src/catalog/load';
import { catalogEntriesFor } from '../../src/catalog/load';
import { RequestError } from '../operation-outcome';

/** One encounter asks for a handful of products; a cap keeps one request from walking the whole crosswalk. */
export const MAX_CATALOG_KEYS = 200;

const NDC = /^[0-9]{4,5}-?[0-9]{3,4}-?[0-9]{1,2}$/;
const HCPCS = /^[A-Za-z][0-9]{4}$/;

export function catalogRoute(catalog: LoadedCatalog): Hono {
  const routes = new Hono();
  const etag = catalogEtag(catalog);
  routes.get('/api/catalog', (c) => {
    const ndcs = c.req.queries('ndc') ?? [];
    const codes = (c.req.queries('code') ?? []).map((code) => code.toUpperCase());
    const bad = [...ndcs.filter((n) => !NDC.test(n)).map((n) => `ndc '${n}'`), ...codes.filter((k) => !HCPCS.test(k)).map((k) => `code '${k}'`)];
    if (bad.length) {
      throw new RequestError(400, 'value', `Not an NDC (10 or 11 digits, hyphens allowed) or a HCPCS code (J1745): ${bad.join(', ')}.`);
    }
    if (ndcs.length + codes.length > MAX_CATALOG_KEYS) {
      throw new RequestError(400, 'too-costly', `Ask for at most ${MAX_CATALOG_KEYS} NDCs and codes at once.`);
    }
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=3600');
    c.header('Vary', 'Accept-Encoding');
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.json(catalogEntriesFor(catalog.index, { ndcs, codes }));
  });
  return routes;
}

/** Strong ETag of the loaded catalog: its quarter label and the size of what was loaded under it. */
export function catalogEtag(catalog: LoadedCatalog): string {
  const digest = createHash('sha256')
    .update(`${catalog.index.quarter}\n${catalog.entries.codes.length}\n${catalog.entries.products.length}`)
    .digest('base64url')
    .slice(0, 22);
  return `"${digest}"`;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}
