// Server configuration from flags and environment: defaults, precedence, and every problem reported at once.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { originOf, serverConfigFrom, ServerConfigError } from '../../server/config';

const cwd = '/srv/jcode';

describe('serverConfigFrom', () => {
  it('has defaults for a demo: port 3000, sandbox on, ./dist, ./smart-config.json if present', () => {
    const config = serverConfigFrom([], {}, cwd);
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      sandbox: true,
      distDir: path.join(cwd, 'dist'),
      smartConfig: { path: path.join(cwd, 'smart-config.json'), explicit: false },
      ehrOrigins: [],
      bodyLimitBytes: 5 * 1024 * 1024,
      maxBundleEntries: 10_000,
      requestTimeoutMs: 30_000,
      log: true,
    });
    expect(config.cmsDir).toBeUndefined();
  });

  it('reads the environment, and flags win over it', () => {
    const env = { PORT: '8080', JCODE_EHR_ORIGINS: 'https://ehr.example.org, https://test.ehr.example.org:8443', JCODE_SANDBOX: 'off', JCODE_BODY_LIMIT: '512kb', JCODE_LOG: 'off' };
    expect(serverConfigFrom([], env, cwd)).toMatchObject({
      port: 8080,
      ehrOrigins: ['https://ehr.example.org', 'https://test.ehr.example.org:8443'],
      sandbox: false,
      bodyLimitBytes: 512 * 1024,
      log: false,
    });
    const flagged = serverConfigFrom(['--port', '0', '--ehr-origin', 'https://other.example', '--config', 'conf/smart.json'], env, cwd);
    expect(flagged).toMatchObject({ port: 0, ehrOrigins: ['https://other.example'], smartConfig: { path: path.join(cwd, 'conf/smart.json'), explicit: true } });
  });

  it('reports every problem at once, each naming its flag or variable', () => {
    let error: unknown;
    try {
      serverConfigFrom(['--port', '70000', '--ehr-origin', 'https://ehr.example.org/app', '--cms-dir', '/no/such/folder', '--body-limit', 'huge'], { JCODE_SANDBOX: 'maybe' }, cwd);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ServerConfigError);
    const problems = (error as ServerConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/--port \/ PORT: '70000'/);
    expect(problems.join('\n')).toMatch(/'https:\/\/ehr.example.org\/app' is not an origin/);
    expect(problems.join('\n')).toMatch(/\/no\/such\/folder is not a folder/);
    expect(problems.join('\n')).toMatch(/--body-limit/);
    expect(problems.join('\n')).toMatch(/JCODE_SANDBOX: 'maybe'/);
  });

  it('refuses production without EHR origins unless --allow-no-framing says it is on purpose', () => {
    expect(() => serverConfigFrom(['--no-sandbox'], {}, cwd)).toThrow(/production mode .* needs the EHR origins.*--allow-no-framing/);
    expect(serverConfigFrom(['--no-sandbox', '--allow-no-framing'], {}, cwd)).toMatchObject({ sandbox: false, ehrOrigins: [], allowNoFraming: true });
    expect(serverConfigFrom([], { JCODE_SANDBOX: 'off', JCODE_EHR_ORIGINS: 'https://ehr.example.org' }, cwd).ehrOrigins).toEqual(['https://ehr.example.org']);
    // The demo needs none: the sandbox EHR frames the app from the same origin.
    expect(serverConfigFrom([], {}, cwd).ehrOrigins).toEqual([]);
  });

  it('reads the public URL as an origin and refuses anything else', () => {
    expect(serverConfigFrom([], { JCODE_PUBLIC_URL: 'https://jcode.example.org/' }, cwd).publicUrl).toBe('https://jcode.example.org');
    expect(serverConfigFrom([], {}, cwd).publicUrl).toBeUndefined();
    expect(() => serverConfigFrom(['--public-url', 'https://jcode.example.org/app/'], {}, cwd)).toThrow(/--public-url \/ JCODE_PUBLIC_URL: 'https:\/\/jcode.example.org\/app\/' is not an origin/);
  });

  it('reads other SMART tools’ redirect URIs for the sandbox', () => {
    const env = { JCODE_SANDBOX_REDIRECT_URIS: 'http://localhost:8443/sample-app/, https://inferno.example/suites/custom/smart/redirect' };
    expect(serverConfigFrom([], env, cwd).sandboxRedirectUris).toEqual(['http://localhost:8443/sample-app/', 'https://inferno.example/suites/custom/smart/redirect']);
    expect(() => serverConfigFrom(['--sandbox-redirect-uri', 'javascript:alert(1)', '--sandbox-redirect-uri', 'https://x.example/#f'], {}, cwd)).toThrow(ServerConfigError);
    try {
      serverConfigFrom(['--sandbox-redirect-uri', 'javascript:alert(1)', '--sandbox-redirect-uri', 'https://x.example/#f'], {}, cwd);
    } catch (err) {
      expect((err as ServerConfigError).problems).toHaveLength(2);
      // What could be read comes with the problems, so start-up can go on to check smart-config.json.
      expect((err as ServerConfigError).config?.smartConfig.path).toBe(path.join(cwd, 'smart-config.json'));
    }
  });

  it('refuses an unknown flag with a readable message', () => {
    expect(() => serverConfigFrom(['--prot', '1'], {}, cwd)).toThrow(/prot/);
  });
});

describe('originOf', () => {
  it.each([
    ['https://ehr.example.org', 'https://ehr.example.org'],
    ['https://ehr.example.org/', 'https://ehr.example.org'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://ehr.example.org/path', undefined],
    ['ftp://ehr.example.org', undefined],
    ['ehr.example.org', undefined],
    ["'self'", undefined],
  ])('%s -> %s', (raw, origin) => {
    expect(originOf(raw)).toBe(origin);
  });
});
