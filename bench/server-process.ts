// `server/main.ts` in its own process for the benchmarks, so the client's measurements do not share its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A stand-in for the app's build: the server needs the two pages to exist, and the benchmarks never open them. */
export function placeholderDist(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'jcode-bench-dist-'));
  for (const shell of ['launch', 'app']) {
    mkdirSync(path.join(dir, shell));
    writeFileSync(path.join(dir, shell, 'index.html'), '<!doctype html>');
  }
  return dir;
}

/** Starts the production server (no sandbox) with `flags`; resolves with its URL once it prints the address. */
export function serverProcess(dist: string, flags: string[]): Promise<{ child: ChildProcess; url: string; readyMs: number }> {
  const start = performance.now();
  const child = spawn(process.execPath, [...process.execArgv, path.join(root, 'server/main.ts'), '--port', '0', '--dist', dist, '--no-sandbox', '--quiet', ...flags], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url: url.replace('localhost', '127.0.0.1'), readyMs: performance.now() - start });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
}
