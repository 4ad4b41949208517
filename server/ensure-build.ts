// `npm start` must work on a fresh clone: build the app when dist/ is missing or older than its sources.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REQUIRED_BUILD_FILES } from './static';

/** What the browser bundle is built from (vite.config.ts); the server's own files are not in it. */
const SOURCES = ['src', 'launch', 'app', 'public', 'vite.config.ts', 'scripts/vite-precompress.ts', 'scripts/vite-prefetch-app.ts', 'index.html', 'package-lock.json'];

export function staleReason(projectRoot: string, distDir: string): string | undefined {
  const built = REQUIRED_BUILD_FILES.map((f) => path.join(distDir, f));
  const missing = built.filter((f) => !existsSync(f));
  if (missing.length) return `${path.relative(projectRoot, missing[0]!) || missing[0]} is missing`;
  const builtAt = Math.min(...built.map((f) => statSync(f).mtimeMs));
  for (const source of SOURCES) {
    const newer = newestFile(path.join(projectRoot, source));
    if (newer && newer.mtimeMs > builtAt) return `${path.relative(projectRoot, newer.file)} changed since the last build`;
  }
  return undefined;
}

function newestFile(p: string): { file: string; mtimeMs: number } | undefined {
  let stat;
  try {
    stat = statSync(p);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return { file: p, mtimeMs: stat.mtimeMs };
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(p)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const found = newestFile(path.join(p, entry));
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

/** No file of a build is there yet: the first `npm start` of a fresh clone. */
export function neverBuilt(distDir: string): boolean {
  return REQUIRED_BUILD_FILES.every((f) => !existsSync(path.join(distDir, f)));
}

/** Where the last build's full output is kept (git ignores node_modules/). */
export function buildLogPath(projectRoot: string): string {
  return path.join(projectRoot, 'node_modules', '.cache', 'jcode-assist', 'vite-build.log');
}

/** Vite's output kept at most (its own output is a few kB; a runaway one is cut, keeping its end). */
const MAX_OUTPUT = 512 * 1024;

/**
 * Runs `vite build` (vite.config.ts decides everything but the output folder). Its output (module counts, chunk
 * sizes, notes for developers) is kept in a log file rather than shown: a successful build says one line, with
 * where the log is and whether Vite warned about anything. A failed build shows everything Vite printed, then fails.
 */
export async function buildApp(projectRoot: string, distDir: string, say: (line: string) => void): Promise<void> {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  let viteBin: string;
  try {
    viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('vite is not installed: run `npm install` (with dev dependencies) before `npm start`.');
  }
  const started = Date.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const args = [viteBin, 'build', '--outDir', distDir, '--emptyOutDir'];
    const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > MAX_OUTPUT) output = output.slice(-MAX_OUTPUT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ code: exitCode, output }));
  });
  const log = buildLogPath(projectRoot);
  const logged = writeLog(log, output);
  if (code !== 0) {
    for (const line of output.trimEnd().split('\n')) say(line);
    throw new Error(`vite build failed (exit ${code}); its output is above.`);
  }
  const warned = output.split('\n').some((line) => /^\(!\)|\bwarn(ing)?\b/i.test(line));
  const where = logged ? path.relative(process.cwd(), log) || log : undefined;
  const more = warned ? `Vite left notes for developers${where ? ` in ${where}` : ''}.` : where ? `Vite's full output: ${where}.` : '';
  say(`Built the app in ${((Date.now() - started) / 1000).toFixed(1)} s. ${more}`.trim());
}

/** Writes the build's output where buildLogPath says; false when it cannot (the build itself still counts). */
function writeLog(file: string, output: string): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, output);
    return true;
  } catch {
    return false;
  }
}
