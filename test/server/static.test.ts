// The app build is served with the security headers the issue asks for: CSP frame-ancestors from configuration,
// nosniff, a Referrer-Policy, and no caching of the app shell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, testApp, type TestApp } from './helpers';

let prod: TestApp;
let demo: TestApp;

beforeAll(async () => {
  prod = await testApp();
  demo = await testApp({ sandbox: true });
});
afterAll(() => {
  prod.cleanup();
  demo.cleanup();
});

const csp = (res: Response) => res.headers.get('content-security-policy') ?? '';
const directive = (res: Response, name: string) => csp(res).split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';

describe('app and launch shells', () => {
  it.each(['/launch/', '/app/'])('%s is served with no caching and the configured EHR origins as frame-ancestors', async (path) => {
    const res = await prod.app.request(`${ORIGIN}${path}?iss=x&launch=y`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<!doctype html>');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(directive(res, 'frame-ancestors')).toBe('frame-ancestors https://ehr.example.org');
    expect(directive(res, 'script-src')).toBe("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it("lets the sandbox EHR frame (same origin) embed the app only when the sandbox runs", async () => {
    expect(directive(await demo.app.request(`${ORIGIN}/app/`), 'frame-ancestors')).toBe("frame-ancestors 'self' https://ehr.example.org");
    expect(directive(await prod.app.request(`${ORIGIN}/app/`), 'frame-ancestors')).not.toContain("'self'");
  });

  it('redirects /app and /launch to their folder, keeping the SMART query', async () => {
    const res = await prod.app.request(`${ORIGIN}/app?code=abc&state=xyz`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/app/?code=abc&state=xyz');
  });

  it('hashed assets are cached for good; unknown files are 404', async () => {
    const asset = await prod.app.request(`${ORIGIN}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await prod.app.request(`${ORIGIN}/assets/nope.js`)).status).toBe(404);
    expect((await prod.app.request(`${ORIGIN}/../package.json`)).status).toBe(404);
  });

  it('/ goes to the sandbox when it runs and to the launch page otherwise', async () => {
    expect((await demo.app.request(`${ORIGIN}/`)).headers.get('location')).toBe('/sandbox/');
    expect((await prod.app.request(`${ORIGIN}/`)).headers.get('location')).toBe('/launch/');
  });

  it('API answers may not be framed or run anything', async () => {
    const res = await prod.app.request(`${ORIGIN}/healthz`);
    expect(directive(res, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(res, 'default-src')).toBe("default-src 'none'");
  });
});
