// The first `npm start` of a fresh clone (user trial: it printed Vite's build output, module counts and a table
// of chunk sizes, before saying where to open the app). It now says what it is doing, one line when the build is
// done (Vite's own output kept in a log), then where to open the app; a failed build shows all Vite printed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, buildLogPath } from '../../server/ensure-build';
import { projectRoot } from './browser';

const TSX = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(projectRoot, 'server', 'main.ts');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** `npm start`'s command on a dist folder, until it says it runs; then stopped. */
function start(dist: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, '--build-if-stale', '--port', '0', '--quiet', '--dist', dist], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Press Ctrl+C')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

const VITE_NOISE = /transforming|modules transformed|rendering chunks|computing gzip|│ gzip|vite v\d|\(!\)|configLoader/;

describe('the first start', () => {
  it('says it builds, says it built in one line, then where to open the app; the next start builds nothing', async () => {
    const dist = path.join(tempDir('jcode-first-start-'), 'dist');
    const first = await start(dist);
    expect(first.stderr.trim().split('\n')).toEqual([
      "First start: building the app's browser pages (a few seconds; only again when its sources change)...",
      expect.stringMatching(/^Built the app in \d+\.\d s\. (Vite left notes for developers in|Vite's full output:) \S*vite-build\.log\.?$/),
    ]);
    expect(`${first.stdout}${first.stderr}`).not.toMatch(VITE_NOISE);
    expect(first.stdout).toMatch(/To try it, open http:\/\/localhost:\d+\/sandbox\/ in a browser and pick a sample patient\. Press Ctrl\+C to stop\./);
    expect(existsSync(path.join(dist, 'app', 'index.html'))).toBe(true);
    // Nothing was hidden for good: Vite's output is in the log the line names.
    expect(readFileSync(buildLogPath(projectRoot), 'utf8')).toMatch(/built in/);

    const again = await start(dist);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('running at');
  }, 180_000);

  it('a failed build shows what Vite printed and fails, never a calm line', async () => {
    const root = tempDir('jcode-broken-app-');
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'broken', private: true, type: 'module' }));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title><script type="module" src="/main.js"></script>');
    writeFileSync(path.join(root, 'main.js'), 'export const = "not JavaScript";\n');
    const said: string[] = [];
    await expect(buildApp(root, path.join(root, 'dist'), (line) => said.push(line))).rejects.toThrow(/vite build failed \(exit \d+\); its output is above/);
    expect(said.join('\n')).toMatch(/main\.js/);
    expect(said.some((line) => line.startsWith('Built the app'))).toBe(false);
  }, 60_000);
});
