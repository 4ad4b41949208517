// Serves the app build (dist/): the launch page at /launch/, the app at /app/, hashed assets under /assets/.
// The HTML shells are never cached (a new deployment must take effect at the next launch); hashed assets are
// immutable because their names change with their content. Text files go out as the build's brotli or gzip copy
// when the client accepts one (server/content-coding.ts), else as they are.
import { createReadStream, existsSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { chooseCoding, type Coding } from './content-coding';

export interface StaticOptions {
  distDir: string;
  /** The CSP of the app and launch pages (frame-ancestors from configuration). */
  shellCsp: string;
}

/** The files the app helper's build promises (vite.config.ts); the server refuses to start without them. */
export const REQUIRED_BUILD_FILES = ['launch/index.html', 'app/index.html'];

export function missingBuildFiles(distDir: string): string[] {
  return REQUIRED_BUILD_FILES.filter((f) => !existsSync(path.join(distDir, f)));
}

const SUFFIX: Record<Coding, string> = { br: '.br', gzip: '.gz' };
/** Our preference when the client weighs both alike: brotli is 15-20% smaller on this build. */
const PREFERENCE: Coding[] = ['br', 'gzip'];
const TEXT_TYPE = /^(text\/|application\/(javascript|json|manifest\+json)|image\/svg\+xml)/;

export function staticRoutes({ distDir, shellCsp }: StaticOptions): Hono {
  const routes = new Hono();
  // Relative asset URLs and the SMART redirect need the trailing slash; keep the query (iss, launch, code, state).
  for (const shell of ['/launch', '/app']) {
    routes.get(shell, (c) => c.redirect(`${shell}/${new URL(c.req.url).search}`, 301));
  }
  // serveStatic builds its Response before its onFound hook runs, so the headers are set here, after it.
  routes.use('*', async (c, next) => {
    await next();
    if (c.res.status >= 400) return;
    const type = c.res.headers.get('content-type') ?? '';
    // Every text answer depends on Accept-Encoding, the identity one included, or a shared cache could hand a
    // brotli body to a client that cannot read it.
    if (TEXT_TYPE.test(type) && !/accept-encoding/i.test(c.res.headers.get('vary') ?? '')) c.res.headers.append('Vary', 'Accept-Encoding');
    if (type.startsWith('text/html')) {
      c.res.headers.set('Cache-Control', 'no-store');
      c.res.headers.set('Content-Security-Policy', shellCsp);
    } else if (c.req.path.startsWith('/assets/')) {
      c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    } else {
      c.res.headers.set('Cache-Control', 'no-cache');
    }
  });
  routes.use('*', precompressedCopies(distDir));
  routes.use('*', serveStatic({ root: distDir }));
  return routes;
}

/**
 * Answers GET and HEAD of a build file with its .br or .gz copy when the client accepts one. A Range request
 * gets the identity file from serveStatic: ranges of a compressed copy would be ranges of bytes the client never
 * asked to have encoded.
 */
function precompressedCopies(distDir: string): MiddlewareHandler {
  const root = path.resolve(distDir);
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.req.header('range') !== undefined) return next();
    const file = buildFileOf(root, c.req.path);
    const type = file && getMimeType(file);
    if (!file || !type || !TEXT_TYPE.test(type)) return next();
    const copies = PREFERENCE.map((coding) => ({ coding, stats: fileStats(file + SUFFIX[coding]) })).filter((x) => x.stats);
    const coding = chooseCoding(c.req.header('accept-encoding'), copies.map((x) => x.coding));
    const stats = copies.find((x) => x.coding === coding)?.stats;
    if (!coding || !stats) return next();
    const headers = {
      'Content-Type': type,
      'Content-Encoding': coding,
      'Content-Length': String(stats.size),
      'Last-Modified': stats.mtime.toUTCString(),
    };
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    const body = Readable.toWeb(createReadStream(file + SUFFIX[coding])) as ReadableStream<Uint8Array>;
    return c.body(body, 200, headers);
  };
}

/** The file a request path names inside the build (a folder means its index.html), or undefined. */
function buildFileOf(root: string, requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[/\\]/).some((segment) => segment === '..')) return undefined;
  let file = path.join(root, decoded);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) file = path.join(file, 'index.html');
  return fileStats(file) ? file : undefined;
}

function fileStats(file: string): Stats | undefined {
  const stats = statSync(file, { throwIfNoEntry: false });
  return stats?.isFile() ? stats : undefined;
}
