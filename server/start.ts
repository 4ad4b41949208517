// Puts the server on a port: loads and validates everything first (the app build, smart-config.json, the
// catalog), reports every problem at once, then listens. Used by main.ts and by the tests (port 0).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { ENGINE_VERSION } from '../src/billing';
import { CmsFolderError, loadCatalog, problemText, type LoadedCatalog } from '../src/catalog/load';
import { cdsStartupProblems } from '../src/config/cds-hooks-config';
import { loadSmartConfig } from '../src/config/load';
import { ConfigError, parseSmartConfig, type SmartConfig } from '../src/config/smart-config';
import { createApp, derivePoolFor } from './app';
import { ServerConfigError, type ServerConfig } from './config';
import { withoutLocalhostClients } from './localhost-clients';
import { jsonLinesLogger } from './request-log';
import { createSandbox, type Sandbox } from './sandbox/sandbox';
import { missingBuildFiles } from './static';

export interface RunningServer {
  /** JCODE_PUBLIC_URL, else http://localhost:<port>/ (or the bound host when it is not a wildcard). */
  url: string;
  port: number;
  catalog: LoadedCatalog;
  smartConfig: SmartConfig;
  /** Where the smart config came from, or that the defaults are used. */
  smartConfigSource: string;
  /** Registrations left out in production because they point at this machine (names). */
  droppedClients: string[];
  sandbox?: Sandbox;
  server: Server;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Claim.created for /api/derive requests that name no ?today= (tests pin it). */
  today?: () => string;
  onError?: (err: unknown) => void;
}

/** The app build and smart-config.json, read and checked; every problem is listed, none thrown. */
export async function readStartupFiles(config: ServerConfig): Promise<{ smartConfig: SmartConfig; smartConfigSource: string; problems: string[] }> {
  const problems: string[] = [];
  const missing = missingBuildFiles(config.distDir);
  if (missing.length) {
    problems.push(`the app build is missing ${missing.map((f) => path.join(config.distDir, f)).join(' and ')}: run \`npm run build\` (or \`npm start\`, which builds it)`);
  }
  let smartConfig: SmartConfig = parseSmartConfig({});
  let smartConfigSource = 'built-in defaults (no smart-config.json)';
  if (config.smartConfig.explicit || existsSync(config.smartConfig.path)) {
    try {
      smartConfig = await loadSmartConfig(config.smartConfig.path);
      smartConfigSource = config.smartConfig.path;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems.map((p) => `${err.source}: ${p}`));
      // Nothing of an invalid file is used, but the CDS issuers it names still need a public URL: listed in this
      // run too, so the deployer does not learn of it only after fixing the rest.
      const issuers = (err.json as { cdsHooks?: { issuers?: unknown } } | undefined)?.cdsHooks?.issuers;
      if (Array.isArray(issuers)) problems.push(...cdsStartupProblems({ issuers }, config.publicUrl));
    }
  }
  problems.push(...cdsStartupProblems(smartConfig.cdsHooks, config.publicUrl));
  return { smartConfig, smartConfigSource, problems };
}

export async function startServer(config: ServerConfig, opts: StartOptions = {}): Promise<RunningServer> {
  const files = await readStartupFiles(config);
  const problems = files.problems;
  const { smartConfig, dropped } = config.sandbox || config.allowLocalhostClients
    ? { smartConfig: files.smartConfig, dropped: [] }
    : withoutLocalhostClients(files.smartConfig);

  let catalog: LoadedCatalog | undefined;
  try {
    catalog = await loadCatalog(config.cmsDir ? { cmsDir: config.cmsDir } : {});
    if (config.cmsDir && !catalog.report.usable) {
      problems.push(`--cms-dir ${config.cmsDir}: ${catalog.report.problems.map(problemText).join('; ') || 'no usable CMS files'}`);
    }
  } catch (err) {
    if (!(err instanceof CmsFolderError)) throw err;
    problems.push(`--cms-dir ${config.cmsDir}: ${err.message}`);
  }
  if (problems.length || !catalog) throw new ServerConfigError(problems);

  const sandbox = config.sandbox
    ? await createSandbox({
        bodyLimitBytes: config.bodyLimitBytes,
        software: { name: 'J-Code Assist sandbox EHR', version: ENGINE_VERSION },
        extraRedirectUris: config.sandboxRedirectUris,
      })
    : undefined;
  // Known once the server listens (port 0 picks one); only asked for a request naming a foreign Host.
  let localOrigin = 'http://localhost';
  // The server listens once its derive workers take jobs: the first request does not wait for one to start.
  const derivePool = derivePoolFor({ ...config, catalog, smartConfig });
  await derivePool.warm();
  const app = createApp({
    smartConfig,
    catalog,
    distDir: config.distDir,
    ehrOrigins: config.ehrOrigins,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    fallbackOrigin: () => localOrigin,
    bodyLimitBytes: config.bodyLimitBytes,
    maxBundleEntries: config.maxBundleEntries,
    requestTimeoutMs: config.requestTimeoutMs,
    derivePool,
    ...(sandbox ? { sandbox } : {}),
    ...(config.log ? { log: jsonLinesLogger } : {}),
    ...(opts.today ? { today: opts.today } : {}),
    ...(opts.onError ? { onError: opts.onError } : {}),
  });

  let server: Server;
  try {
    server = await listen(app.fetch, config);
  } catch (err) {
    await derivePool.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const wildcard = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'].includes(config.host);
  localOrigin = `http://${wildcard ? 'localhost' : config.host}:${port}`;
  return {
    url: `${config.publicUrl ?? localOrigin}/`,
    port,
    catalog,
    smartConfig,
    smartConfigSource: files.smartConfigSource,
    droppedClients: dropped,
    ...(sandbox ? { sandbox } : {}),
    server,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await derivePool.close();
    },
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>, config: ServerConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: config.port, hostname: config.host }) as Server;
    // A slow client gets 408 once the whole request has not arrived in time (Node's http server).
    server.requestTimeout = config.requestTimeoutMs;
    server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new ServerConfigError([`port ${config.port} on ${config.host} is already in use: choose another with --port or PORT`])
          : err,
      );
    });
    server.once('listening', () => resolve(server));
  });
}
