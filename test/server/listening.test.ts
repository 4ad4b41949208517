// The server on a real listening port (port 0): start-up validation, a derive over HTTP, a slow client, bad
// input in a row, and a shutdown that closes cleanly.
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfigFrom, ServerConfigError } from '../../server/config';
import { startServer, type RunningServer } from '../../server/start';
import { fakeDist, sampleBundle } from './helpers';

const dist = fakeDist();
let running: RunningServer;
const errors: unknown[] = [];

beforeAll(async () => {
  const config = serverConfigFrom(['--port', '0', '--dist', dist.dir, '--request-timeout', '1500', '--quiet', '--config', path.join(dist.dir, 'absent.json')], {});
  // An explicit smart-config path that is absent is a start-up error; use the defaults for the rest of the file.
  await expect(startServer(config)).rejects.toThrow(/absent\.json: cannot be read/);
  running = await startServer({ ...config, smartConfig: { path: path.join(dist.dir, 'absent.json'), explicit: false } }, { onError: (e) => errors.push(e), today: () => '2026-11-27' });
});
afterAll(async () => {
  await running?.close();
  dist.remove();
});

const url = (p: string) => new URL(p, running.url).href;

describe('a listening server', () => {
  it('starts on a free port with the sandbox and answers /healthz', async () => {
    expect(running.port).toBeGreaterThan(0);
    expect(running.url).toBe(`http://localhost:${running.port}/`);
    const res = await fetch(url('/healthz'));
    expect(await res.json()).toMatchObject({ status: 'ok', sandbox: true });
  });

  it('derives a Bundle over HTTP', async () => {
    const res = await fetch(url('/api/derive'), { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(await sampleBundle('intravitreal')) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { lines: { code: string; modifiers: string[] }[] }[] };
    expect(body.results[0]!.lines.map((l) => [l.code, ...l.modifiers].join('-')).sort()).toEqual(['67028-RT', 'J0178-JZ']);
  });

  it('gives a slow client 408 when its request does not arrive in time, and keeps serving others', async () => {
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(running.port, '127.0.0.1', () => {
        socket.write('POST /api/derive HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"resourceType":');
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
      setTimeout(() => reject(new Error('the server never answered the slow client')), 8000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(url('/healthz'))).status).toBe(200);
  });

  it('survives a run of bad requests with every answer clear', async () => {
    const statuses = await Promise.all([
      fetch(url('/api/derive'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' }).then((r) => r.status),
      fetch(url('/api/derive'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '"just a string"' }).then((r) => r.status),
      fetch(url('/api/derive'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(6 * 1024 * 1024) }).then((r) => r.status),
      fetch(url('/sandbox/fhir/Patient/waste-missing')).then((r) => r.status),
      fetch(url('/sandbox/auth/token'), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=nope' }).then((r) => r.status),
    ]);
    expect(statuses).toEqual([400, 400, 413, 401, 400]);
    expect((await fetch(url('/healthz'))).status).toBe(200);
    expect(errors).toEqual([]);
  });
});

describe('start-up validation', () => {
  it('lists every problem before listening: no build, an invalid smart-config.json, a bad CMS folder', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jcode-bad-'));
    const configPath = path.join(dir, 'smart-config.json');
    writeFileSync(configPath, JSON.stringify({ clients: [{ name: 'x', iss: 'not a url', clientId: '', scopes: 'launch' }], billing: { placeOfService: 'office' } }));
    const config = serverConfigFrom(['--port', '0', '--dist', path.join(dir, 'dist'), '--config', configPath, '--quiet'], {});
    const error = await startServer(config).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ServerConfigError);
    const text = (error as ServerConfigError).message;
    expect(text).toContain('the app build is missing');
    expect(text).toContain('clients[0].iss: must be an http(s) URL');
    expect(text).toContain('clients[0].clientId: must not be empty');
    expect(text).toContain('billing.placeOfService');
  });

  it('lists the missing public URL for CDS issuers together with the other problems of smart-config.json', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jcode-bad-'));
    const configPath = path.join(dir, 'smart-config.json');
    const issuer = { iss: 'https://ehr.example.org', jwksUrl: 'https://ehr.example.org/jwks' };
    writeFileSync(configPath, JSON.stringify({ billing: { placeOfService: 'office' }, cdsHooks: { issuers: [issuer] } }));
    const config = serverConfigFrom(['--port', '0', '--dist', dist.dir, '--config', configPath, '--quiet'], {});
    const error = await startServer(config).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ServerConfigError);
    const problems = (error as ServerConfigError).problems;
    expect(problems.some((p) => p.includes('billing.placeOfService'))).toBe(true);
    expect(problems.filter((p) => p.includes('no --public-url / JCODE_PUBLIC_URL'))).toHaveLength(1);
  });

  it('says which port is taken', async () => {
    const config = serverConfigFrom(['--port', String(running.port), '--dist', dist.dir, '--no-sandbox', '--allow-no-framing', '--quiet'], {});
    await expect(startServer(config)).rejects.toThrow(/port \d+ .* already in use/);
  });
});
