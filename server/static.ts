// Serves the app build (dist/): the launch page at /launch/, the app at /app/, hashed assets under /assets/.
// The HTML shells are never cached (a new deployment must take effect at the next launch); hashed assets are
// immutable because their names change with their content.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

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
    if ((c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      c.res.headers.set('Cache-Control', 'no-store');
      c.res.headers.set('Content-Security-Policy', shellCsp);
    } else if (c.req.path.startsWith('/assets/')) {
      c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    } else {
      c.res.headers.set('Cache-Control', 'no-cache');
    }
  });
  routes.use('*', serveStatic({ root: distDir }));
  return routes;
}
