// The HTTP server as a Hono app, built from already-loaded parts so tests can drive it with app.request()
// and start.ts can put it on a port. Stateless except for the optional sandbox (docs/design.md, "State").
import { Hono } from 'hono';
import { timeout } from 'hono/timeout';
import { HTTPException } from 'hono/http-exception';
import { ENGINE_VERSION } from '../src/billing';
import type { LoadedCatalog } from '../src/catalog/load';
import { billingSettingsOf, type SmartConfig } from '../src/config/smart-config';
import { catalogRoute } from './api/catalog-route';
import { configRoute } from './api/config-route';
import { compressLargeAnswers } from './compression';
import { deriveRoute } from './api/derive-route';
import { cdsRoutes } from './cds/cds-routes';
import { DerivePool, type DeriveRunner } from './derive/derive-pool';
import { inlineStyleHashes } from './inline-styles';
import { discoveryPreload } from './launch-preload';
import { KnownError } from '../src/errors';
import { knownErrorResponse, operationOutcome, outcomeResponse } from './operation-outcome';
import { originResolver, ownOriginMiddleware } from './own-origin';
import { requestLog, type RequestLogger } from './request-log';
import type { Sandbox } from './sandbox/sandbox';
import { appShellCsp, securityHeaders } from './security-headers';
import { staticRoutes } from './static';

export interface AppOptions {
  smartConfig: SmartConfig;
  catalog: LoadedCatalog;
  distDir: string;
  /** EHR origins allowed to embed the app. */
  ehrOrigins: string[];
  /** JCODE_PUBLIC_URL: the origin of every URL the server writes. */
  publicUrl?: string;
  /** The origin for a request naming a foreign Host when no public URL is set (default http://localhost). */
  fallbackOrigin?: () => string;
  bodyLimitBytes: number;
  maxBundleEntries: number;
  /** Upper bound on handling one API request, body reading included. */
  requestTimeoutMs: number;
  /**
   * Where /api/derive runs: start.ts gives a started pool it closes on shutdown; without one, the app makes a pool of
   * `deriveWorkers` threads (default 1) with `deriveTimeoutMs` (default 20 s) that starts on the first request.
   */
  derivePool?: DeriveRunner;
  deriveWorkers?: number;
  deriveTimeoutMs?: number;
  sandbox?: Sandbox;
  log?: RequestLogger;
  /** Claim.created for /api/derive when the request names no date: today, in the server's time zone. */
  today?: () => string;
  onError?: (err: unknown) => void;
}

export function createApp(opts: AppOptions): Hono {
  const app = new Hono();
  const onError = opts.onError ?? ((err: unknown) => console.error(err));
  if (opts.log) app.use('*', requestLog(opts.log));
  app.use('*', securityHeaders());
  app.use('*', ownOriginMiddleware(originResolver(opts.publicUrl, opts.fallbackOrigin ?? (() => 'http://localhost'))));
  for (const dynamic of ['/api/*', '/sandbox/*', '/healthz']) app.use(dynamic, compressLargeAnswers());
  app.use(
    '/api/*',
    timeout(opts.requestTimeoutMs, () => new HTTPException(408, { message: 'The request took too long.' })),
  );

  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok', engine: ENGINE_VERSION, catalog: opts.catalog.index.quarter, sandbox: Boolean(opts.sandbox) });
  });
  app.route('/', configRoute(opts.smartConfig, opts.sandbox?.clientFor));
  app.route('/', catalogRoute(opts.catalog));
  app.route(
    '/',
    deriveRoute({
      pool: opts.derivePool ?? derivePoolFor(opts),
      bodyLimitBytes: opts.bodyLimitBytes,
      requestTimeoutMs: opts.requestTimeoutMs,
      today: opts.today ?? localToday,
      onError,
    }),
  );
  app.route(
    '/',
    cdsRoutes({
      config: opts.smartConfig.cdsHooks,
      extraIssuers: opts.sandbox ? [opts.sandbox.cdsIssuer] : [],
      catalog: opts.catalog.index,
      settings: billingSettingsOf(opts.smartConfig),
      bodyLimitBytes: opts.bodyLimitBytes,
      maxResources: opts.maxBundleEntries,
      today: opts.today ?? localToday,
      onError,
    }),
  );
  if (opts.sandbox) {
    app.route('/', opts.sandbox.routes);
    // The sandbox's CDS client calls this app directly: no network hop, whatever host name the browser used.
    opts.sandbox.cdsClient.useServer(async (request) => app.fetch(request));
  }
  app.get('/', (c) => c.redirect(opts.sandbox ? '/sandbox/' : '/launch/', 302));

  app.get(
    '/launch/',
    discoveryPreload((origin) => [...(opts.sandbox ? [opts.sandbox.clientFor(origin).iss] : []), ...opts.smartConfig.clients.map((c) => c.iss)]),
  );
  const frameAncestors = [...(opts.sandbox ? ["'self'"] : []), ...opts.ehrOrigins];
  const shellCsp = appShellCsp(frameAncestors, httpIssOrigins(opts.smartConfig), inlineStyleHashes(opts.distDir));
  app.route('/', staticRoutes({ distDir: opts.distDir, shellCsp }));

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? outcomeResponse(c, 404, operationOutcome('not-found', `No API at ${c.req.method} ${c.req.path}.`))
      : c.text('Not found', 404),
  );
  app.onError((err, c) => {
    if (err instanceof KnownError) return knownErrorResponse(c, err);
    if (err instanceof HTTPException && err.status < 500) {
      return outcomeResponse(c, err.status, operationOutcome(err.status === 408 ? 'timeout' : 'invalid', err.message));
    }
    onError(err);
    return outcomeResponse(c, 500, operationOutcome('exception', 'The server failed on this request; the error was logged.'));
  });
  return app;
}

export const DEFAULT_DERIVE_TIMEOUT_MS = 20_000;

/**
 * The /api/derive queue. An integration sends tens of requests at once, not thousands (the server bench: 10
 * connections), and a one-encounter Bundle takes about a millisecond of a worker, so the last of a full queue of
 * those waits about a tenth of a second. Memory stays bounded: the waiting bodies together hold at most 8 bodies of
 * the largest allowed size (40 MB at the default 5 MB). A job waits at most 10 s for a worker, which leaves it the
 * 20 s derive time within the 30 s request timeout; then it is answered 503 with Retry-After.
 */
export const DERIVE_QUEUE = { jobs: 128, bodies: 8, waitMs: 10_000 } as const;

/** The /api/derive worker pool for these options (its workers start with the first job). */
export function derivePoolFor(
  opts: Pick<AppOptions, 'catalog' | 'smartConfig' | 'maxBundleEntries' | 'bodyLimitBytes' | 'deriveWorkers' | 'deriveTimeoutMs'>,
): DerivePool {
  return new DerivePool({
    data: { catalog: opts.catalog.entries, settings: billingSettingsOf(opts.smartConfig), maxBundleEntries: opts.maxBundleEntries },
    workers: opts.deriveWorkers ?? 1,
    timeLimitMs: opts.deriveTimeoutMs ?? DEFAULT_DERIVE_TIMEOUT_MS,
    maxQueued: DERIVE_QUEUE.jobs,
    maxQueuedBytes: DERIVE_QUEUE.bodies * opts.bodyLimitBytes,
    maxWaitMs: DERIVE_QUEUE.waitMs,
  });
}

/** http:// FHIR bases in the client registrations (local EHRs), which the app's connect-src must allow. */
function httpIssOrigins(config: SmartConfig): string[] {
  return [...new Set(config.clients.map((c) => new URL(c.iss)).filter((u) => u.protocol === 'http:').map((u) => u.origin))];
}

function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
