// Server configuration from environment variables and command-line flags, validated before anything starts.
// Every problem is reported at once, each naming the flag or variable it came from, so an integrator fixes a
// deployment in one pass instead of one crash at a time.
import { KnownError } from '../src/errors';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface ServerConfig {
  port: number;
  host: string;
  /** CMS quarter folder; absent = the starter catalog alone. */
  cmsDir?: string;
  /** smart-config.json; `explicit` = named by the user, so a missing file is an error rather than defaults. */
  smartConfig: { path: string; explicit: boolean };
  /** Origins of the EHRs allowed to embed the app (CSP frame-ancestors). */
  ehrOrigins: string[];
  /** Production without any EHR origin: the operator said on purpose that no EHR will frame the app. */
  allowNoFraming: boolean;
  /** Keep smart-config.json registrations whose FHIR server or redirect is on this machine (production only). */
  allowLocalhostClients: boolean;
  /**
   * The origin browsers reach this server at (https://jcode.example.org). Every URL the server writes uses it,
   * whatever Host a request names; absent, loopback requests keep their own origin and others get localhost.
   */
  publicUrl?: string;
  /** Redirect URIs the sandbox's authorize endpoint accepts besides the app's own (other SMART tools). */
  sandboxRedirectUris: string[];
  /** Serve the sandbox EHR (FHIR server, SMART auth server, sample patients) under /sandbox. */
  sandbox: boolean;
  /** The app build (`npm run build`). */
  distDir: string;
  /** Build dist/ first when it is missing or older than the sources (`npm start`). */
  buildIfStale: boolean;
  bodyLimitBytes: number;
  maxBundleEntries: number;
  requestTimeoutMs: number;
  /** Worker threads /api/derive runs in. */
  deriveWorkers: number;
  /** Longest one /api/derive may derive before its worker is stopped and the request answered 503. */
  deriveTimeoutMs: number;
  /** Structured request logs on stdout. */
  log: boolean;
}

export class ServerConfigError extends KnownError {
  readonly code = 'server-config-invalid';

  /** `config`: what could be read despite the problems, so the caller can look for more (smart-config.json). */
  constructor(
    readonly problems: string[],
    readonly config?: ServerConfig,
  ) {
    super(`The server configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ServerConfigError';
  }
}

export const USAGE = `usage: tsx server/main.ts [options]
  --port N              PORT               port to listen on (default 3000; 0 = any free port)
  --host NAME           HOST               interface to bind (default 127.0.0.1; 0.0.0.0 in a container)
  --cms-dir DIR         JCODE_CMS_DIR      CMS quarter files (default: the built-in starter catalog)
  --config FILE         JCODE_SMART_CONFIG smart-config.json (default ./smart-config.json if present)
  --ehr-origin ORIGIN   JCODE_EHR_ORIGINS  an EHR origin allowed to embed the app (repeat; env: comma-separated)
  --no-sandbox          JCODE_SANDBOX=off  production: no sandbox EHR (needs --ehr-origin or --allow-no-framing)
  --allow-no-framing                       production without --ehr-origin: no EHR may embed the app
  --public-url ORIGIN   JCODE_PUBLIC_URL   the origin browsers use (https://jcode.example.org); pins every URL
  --allow-localhost-clients                production: keep registrations whose iss or redirect is localhost
  --sandbox-redirect-uri URI  JCODE_SANDBOX_REDIRECT_URIS  another SMART tool's redirect URI the sandbox
                                           may send codes to (repeat; env: comma-separated)
  --dist DIR            JCODE_DIST_DIR     the app build (default ./dist)
  --build-if-stale                         run the app build first when dist/ is missing or stale
  --body-limit SIZE     JCODE_BODY_LIMIT   largest request body, e.g. 5mb, 512kb (default 5mb)
  --max-entries N       JCODE_MAX_BUNDLE_ENTRIES  largest Bundle /api/derive accepts (default 10000)
  --request-timeout MS  JCODE_REQUEST_TIMEOUT_MS  time to receive and answer a whole request (default 30000)
  --derive-timeout MS   JCODE_DERIVE_TIMEOUT_MS   longest /api/derive may work on one request (default 20000)
  --derive-workers N    JCODE_DERIVE_WORKERS      worker threads /api/derive runs in (default: cores - 1, 1 to 4)
  --quiet               JCODE_LOG=off      no request logs`;

type Env = Record<string, string | undefined>;

/** Reads flags (which win) and environment variables; throws ServerConfigError listing every problem. */
export function serverConfigFrom(argv: string[], env: Env, cwd = process.cwd()): ServerConfig {
  const problems: string[] = [];
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
  } catch (err) {
    throw new ServerConfigError([(err as Error).message]);
  }
  const v = flags.values;

  const port = integer(v.port ?? env.PORT, '--port / PORT', 3000, 0, 65535, problems);
  const host = v.host ?? env.HOST ?? '127.0.0.1';

  const cmsDirRaw = v['cms-dir'] ?? env.JCODE_CMS_DIR;
  const cmsDir = cmsDirRaw ? path.resolve(cwd, cmsDirRaw) : undefined;
  if (cmsDir && !isDirectory(cmsDir)) problems.push(`--cms-dir / JCODE_CMS_DIR: ${cmsDir} is not a folder`);

  const configRaw = v.config ?? env.JCODE_SMART_CONFIG;
  const smartConfig = { path: path.resolve(cwd, configRaw ?? 'smart-config.json'), explicit: configRaw !== undefined };

  const originList = v['ehr-origin']?.length ? v['ehr-origin'] : (env.JCODE_EHR_ORIGINS ?? '').split(',');
  const ehrOrigins: string[] = [];
  const originsGiven = originList.map((o) => o.trim()).filter(Boolean);
  for (const raw of originsGiven) {
    const origin = originOf(raw);
    if (origin) ehrOrigins.push(origin);
    else problems.push(`--ehr-origin / JCODE_EHR_ORIGINS: '${raw}' is not an origin like https://ehr.example.org (scheme, host and optional port; no path)`);
  }

  const sandboxEnv = env.JCODE_SANDBOX?.toLowerCase();
  if (sandboxEnv !== undefined && !['on', 'off', 'true', 'false', '1', '0'].includes(sandboxEnv)) {
    problems.push(`JCODE_SANDBOX: '${env.JCODE_SANDBOX}' must be on or off`);
  }
  const sandbox = !v['no-sandbox'] && !['off', 'false', '0'].includes(sandboxEnv ?? 'on');
  const allowNoFraming = v['allow-no-framing'] ?? false;
  // Without an EHR origin the CSP says frame-ancestors 'none': every EHR launch inside a frame would show a blank
  // refusal. A production server that cannot be embedded is almost always a forgotten variable.
  if (!sandbox && !originsGiven.length && !allowNoFraming) {
    problems.push("--ehr-origin / JCODE_EHR_ORIGINS: production mode (no sandbox) needs the EHR origins allowed to embed the app; without them no EHR can frame it. Pass --allow-no-framing to run unframed on purpose (standalone launch only)");
  }

  const publicUrlRaw = v['public-url'] ?? env.JCODE_PUBLIC_URL;
  const publicUrl = publicUrlRaw ? originOf(publicUrlRaw.trim()) : undefined;
  if (publicUrlRaw && !publicUrl) {
    problems.push(`--public-url / JCODE_PUBLIC_URL: '${publicUrlRaw}' is not an origin like https://jcode.example.org (the app is served at the root of its origin)`);
  }

  const redirectList = v['sandbox-redirect-uri']?.length ? v['sandbox-redirect-uri'] : (env.JCODE_SANDBOX_REDIRECT_URIS ?? '').split(',');
  const sandboxRedirectUris: string[] = [];
  for (const raw of redirectList.map((u) => u.trim()).filter(Boolean)) {
    const uri = redirectUriOf(raw);
    if (uri) sandboxRedirectUris.push(uri);
    else problems.push(`--sandbox-redirect-uri / JCODE_SANDBOX_REDIRECT_URIS: '${raw}' is not an absolute http(s) URL without a fragment`);
  }

  const distDir = path.resolve(cwd, v.dist ?? env.JCODE_DIST_DIR ?? 'dist');
  const bodyLimitBytes = byteSize(v['body-limit'] ?? env.JCODE_BODY_LIMIT, '--body-limit / JCODE_BODY_LIMIT', 5 * 1024 * 1024, problems);
  const maxBundleEntries = integer(v['max-entries'] ?? env.JCODE_MAX_BUNDLE_ENTRIES, '--max-entries / JCODE_MAX_BUNDLE_ENTRIES', 10_000, 1, 10_000_000, problems);
  const requestTimeoutMs = integer(v['request-timeout'] ?? env.JCODE_REQUEST_TIMEOUT_MS, '--request-timeout / JCODE_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000, problems);
  const deriveTimeoutMs = integer(v['derive-timeout'] ?? env.JCODE_DERIVE_TIMEOUT_MS, '--derive-timeout / JCODE_DERIVE_TIMEOUT_MS', 20_000, 100, 3_600_000, problems);
  const deriveWorkers = integer(v['derive-workers'] ?? env.JCODE_DERIVE_WORKERS, '--derive-workers / JCODE_DERIVE_WORKERS', defaultDeriveWorkers(), 1, 64, problems);
  const log = !v.quiet && env.JCODE_LOG?.toLowerCase() !== 'off';

  const config: ServerConfig = {
    port,
    host,
    ...(cmsDir ? { cmsDir } : {}),
    smartConfig,
    ehrOrigins,
    allowNoFraming,
    allowLocalhostClients: v['allow-localhost-clients'] ?? false,
    ...(publicUrl ? { publicUrl } : {}),
    sandboxRedirectUris,
    sandbox,
    distDir,
    buildIfStale: v['build-if-stale'] ?? false,
    bodyLimitBytes,
    maxBundleEntries,
    requestTimeoutMs,
    deriveWorkers,
    deriveTimeoutMs,
    log,
  };
  if (problems.length) throw new ServerConfigError(problems, config);
  return config;
}

function parseFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'cms-dir': { type: 'string' },
      config: { type: 'string' },
      'ehr-origin': { type: 'string', multiple: true },
      'no-sandbox': { type: 'boolean' },
      'allow-no-framing': { type: 'boolean' },
      'public-url': { type: 'string' },
      'allow-localhost-clients': { type: 'boolean' },
      'sandbox-redirect-uri': { type: 'string', multiple: true },
      dist: { type: 'string' },
      'build-if-stale': { type: 'boolean' },
      'body-limit': { type: 'string' },
      'max-entries': { type: 'string' },
      'request-timeout': { type: 'string' },
      'derive-timeout': { type: 'string' },
      'derive-workers': { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
}

/** One core stays with the event loop (and the sandbox); each worker holds its own engine and catalog (~100 MB). */
function defaultDeriveWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** "https://ehr.example.org:8443" -> itself; anything with a path, query or another scheme -> undefined. */
export function originOf(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) return undefined;
  if (raw.replace(/\/$/, '') !== url.origin) return undefined;
  return url.origin;
}

/** An OAuth redirect URI: absolute http(s), no fragment (RFC 6749 3.1.2), normalised as URL.href. */
function redirectUriOf(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hash ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function integer(raw: string | undefined, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name}: '${raw}' must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return Number(raw);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

function byteSize(raw: string | undefined, name: string, fallback: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw.trim());
  const bytes = m ? Number(m[1]) * (SIZE_UNITS[(m[2] ?? '').toLowerCase()] ?? 1) : NaN;
  if (!(bytes >= 1024 && bytes <= 512 * 1024 * 1024)) {
    problems.push(`${name}: '${raw}' must be a size from 1kb to 512mb, e.g. 5mb or 512kb`);
    return fallback;
  }
  return bytes;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
