// `npm start` must work on a fresh clone: build the app when dist/ is missing or older than its sources.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Runs `vite build` (vite.config.ts decides everything but the output folder), streaming its output. */
export async function buildApp(projectRoot: string, distDir: string, say: (line: string) => void): Promise<void> {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  let viteBin: string;
  try {
    viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    throw new Error('vite is not installed: run `npm install` (with dev dependencies) before `npm start`.');
  }
  say('Building the app (vite build)...');
  await new Promise<void>((resolve, reject) => {
    const args = [viteBin, 'build', '--outDir', distDir, '--emptyOutDir'];
    const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (exit ${code}); see its output above.`))));
  });
}
