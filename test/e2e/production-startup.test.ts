// `npm run serve` as an operator runs it: a child process with flags and environment. It refuses to start with a
// configuration that would fail in front of nurses, listing every problem in one run, and when it starts it
// leaves out registrations that point at this machine.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeDist } from '../server/helpers';
import { projectRoot } from './browser';

const dist = fakeDist();
afterAll(() => dist.remove());

const TSX = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(projectRoot, 'server', 'main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the server until it exits, or until it prints that it runs (then `whileRunning`, then SIGTERM). */
function serve(args: string[], env: Record<string, string>, whileRunning?: (url: string, stdout: string) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN, '--port', '0', '--quiet', '--dist', dist.dir, ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /running at (\S+)/.exec(stdout)?.[1];
      if (url && !started && stdout.includes('Press Ctrl+C')) {
        started = true;
        (whileRunning ?? (async () => {}))(url, stdout).then(
          () => child.kill('SIGTERM'),
          (err: unknown) => {
            child.kill('SIGTERM');
            reject(err);
          },
        );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function badSmartConfig(): string {
  const file = path.join(dist.dir, 'bad-smart-config.json');
  writeFileSync(file, JSON.stringify({ clients: [{ name: 'x', iss: 'not a url', clientId: 'c', scopes: 'launch' }], billing: { placeOfService: 'office' } }));
  return file;
}

describe('production start-up', () => {
  it('refuses to start without EHR origins, and lists the smart-config.json problems in the same run', async () => {
    const run = await serve(['--no-sandbox', '--config', badSmartConfig()], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/production mode \(no sandbox\) needs the EHR origins/);
    expect(run.stderr).toMatch(/--allow-no-framing/);
    expect(run.stderr).toMatch(/bad-smart-config\.json: (line \d+: )?clients\[0\]\.iss: must be an http\(s\) URL/);
    expect(run.stderr).toMatch(/bad-smart-config\.json: (line \d+: )?billing\.placeOfService/);
    expect(run.stdout).not.toContain('running at');
  });

  it('lists a bad origin, a bad public URL and a bad config file together', async () => {
    const run = await serve(['--config', badSmartConfig()], { JCODE_SANDBOX: 'off', JCODE_EHR_ORIGINS: 'https://ehr.example.org/app', JCODE_PUBLIC_URL: 'jcode.example.org' });
    expect(run.code).toBe(2);
    const listed = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(listed).toHaveLength(4);
    expect(run.stderr).toContain("'https://ehr.example.org/app' is not an origin");
    expect(run.stderr).toContain("JCODE_PUBLIC_URL: 'jcode.example.org' is not an origin");
  });

  it('with --allow-no-framing starts unframed and leaves out the localhost registration', async () => {
    const seen: { config?: { clients: { iss: string }[] }; csp?: string } = {};
    const run = await serve(['--no-sandbox', '--allow-no-framing', '--config', path.join(projectRoot, 'smart-config.json')], {}, async (url) => {
      seen.config = (await (await fetch(`${url}api/config`)).json()) as { clients: { iss: string }[] };
      seen.csp = (await fetch(`${url}app/`)).headers.get('content-security-policy') ?? '';
    });
    expect(run.stdout).toMatch(/EHR origins: +none \(--allow-no-framing\)/);
    expect(run.stdout).toMatch(/Left out \(points at localhost; --allow-localhost-clients keeps it\): .*localhost:3000/);
    expect(seen.config?.clients).toEqual([]);
    expect(seen.csp).toContain("frame-ancestors 'none'");
    expect(seen.csp).not.toContain('localhost');
  });

  it('keeps the localhost registration when asked, and announces the public URL and where it listens', async () => {
    const seen: { clients?: { iss: string }[] } = {};
    const run = await serve(
      ['--no-sandbox', '--allow-localhost-clients', '--config', path.join(projectRoot, 'smart-config.json')],
      { JCODE_EHR_ORIGINS: 'https://ehr.example.org', JCODE_PUBLIC_URL: 'https://jcode.example.org' },
      async (_url, stdout) => {
        const listening = /Listening on: +(\S+)/.exec(stdout)![1]!;
        seen.clients = ((await (await fetch(`${listening}api/config`)).json()) as { clients: { iss: string }[] }).clients;
      },
    );
    expect(run.stdout).toContain('running at https://jcode.example.org/');
    expect(run.stdout).not.toContain('Left out');
    expect(seen.clients?.map((c) => c.iss)).toEqual(['http://localhost:3000/sandbox/fhir']);
  });
});
