// Compression as clients negotiate it: the build's .br/.gz copies of static files chosen by Accept-Encoding
// (q-values, "*", unknown codings, no header), Range and HEAD answered correctly, Vary and immutable caching kept,
// and large API answers gzipped while small ones and refusing clients get identity.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseCoding } from '../../server/content-coding';
import { precompressFile } from '../../scripts/vite-precompress';
import { ORIGIN, sampleBundle, testApp, type TestApp } from './helpers';

let t: TestApp;
const SCRIPT = `export const lines = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ code: `J${1000 + i}`, units: i })))};\n`;
const ASSET = '/assets/app-precompressed.js';

beforeAll(async () => {
  t = await testApp({ sandbox: true });
  const file = path.join(t.distDir, ASSET);
  writeFileSync(file, SCRIPT);
  expect(precompressFile(file)).toEqual(['br', 'gzip']);
  writeFileSync(path.join(t.distDir, 'app', 'index.html'), `<!doctype html><title>app</title>${'<p>reading...</p>'.repeat(40)}`);
  expect(precompressFile(path.join(t.distDir, 'app', 'index.html'))).toEqual(['br', 'gzip']);
});
afterAll(() => t.cleanup());

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => t.app.request(`${ORIGIN}${url}`, { method, headers });

async function decoded(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const coding = res.headers.get('content-encoding');
  if (coding === 'br') return brotliDecompressSync(bytes).toString();
  if (coding === 'gzip') return gunzipSync(bytes).toString();
  expect(coding).toBeNull();
  return bytes.toString();
}

describe('the build step', () => {
  it('writes copies that decompress to the file, and none that would not be smaller', () => {
    const file = path.join(t.distDir, ASSET);
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(SCRIPT);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(SCRIPT);
    const tiny = path.join(t.distDir, 'assets', 'tiny.js');
    writeFileSync(tiny, 'x');
    expect(precompressFile(tiny)).toEqual([]);
  });
});

describe('static files by Accept-Encoding', () => {
  it.each([
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['BR', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['gzip;q=0.9, br', 'br'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['br;q=0, gzip;q=0, *;q=0', null],
    ['*;q=0', null],
    ['identity', null],
    ['deflate', null],
    ['compress, snappy', null],
    ['br;q=banana', null],
    ['', null],
    [undefined, null],
  ])('Accept-Encoding %j gets %s', async (accept, coding) => {
    const res = await get(ASSET, accept === undefined ? {} : { 'Accept-Encoding': accept });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe(coding);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = Buffer.from(await res.clone().arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(await decoded(res)).toBe(SCRIPT);
  });

  it('answers a Range request with identity bytes of the file, whatever the client accepts', async () => {
    const res = await get(ASSET, { 'Accept-Encoding': 'br, gzip', Range: 'bytes=0-9' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('content-range')).toBe(`bytes 0-9/${Buffer.byteLength(SCRIPT)}`);
    expect(await res.text()).toBe(SCRIPT.slice(0, 10));
    const beyond = await get(ASSET, { 'Accept-Encoding': 'br', Range: `bytes=${SCRIPT.length + 5}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-encoding')).toBeNull();
  });

  it('answers HEAD with the headers GET would send and no body', async () => {
    const head = await get(ASSET, { 'Accept-Encoding': 'gzip' }, 'HEAD');
    const full = await get(ASSET, { 'Accept-Encoding': 'gzip' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-encoding')).toBe('gzip');
    expect(head.headers.get('content-length')).toBe(full.headers.get('content-length'));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('sends an HTML shell compressed with its CSP and no caching; one without copies as it is, still varying', async () => {
    const app = await get('/app/?code=x&state=y', { 'Accept-Encoding': 'br, gzip' });
    expect(app.headers.get('content-encoding')).toBe('br');
    expect(app.headers.get('content-type')).toMatch(/^text\/html/);
    expect(app.headers.get('cache-control')).toBe('no-store');
    expect(app.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(await decoded(app)).toContain('reading...');
    const launch = await get('/launch/', { 'Accept-Encoding': 'br, gzip' });
    expect(launch.headers.get('content-encoding')).toBeNull();
    expect(launch.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(launch.headers.get('cache-control')).toBe('no-store');
  });

  it('never serves a copy for a path outside the build', async () => {
    expect((await get('/assets/..%2f..%2fpackage.json', { 'Accept-Encoding': 'br' })).status).toBe(404);
    expect((await get('/assets/%E0%A4%A', { 'Accept-Encoding': 'br' })).status).toBe(404);
  });
});

describe('API and FHIR answers', () => {
  it('gzips a large JSON answer for a client that accepts it, with Vary', async () => {
    const res = await get('/api/catalog?code=J9271&code=J1745&code=J0178', { 'Accept-Encoding': 'gzip, br' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('etag')).toMatch(/^W\//);
    const body = JSON.parse(await decoded(res)) as { entries: unknown[] };
    expect(body.entries.length).toBe(3);
  });

  it.each([
    ['no header', {}],
    ['gzip refused', { 'Accept-Encoding': 'gzip;q=0, br' }],
    ['an unknown coding', { 'Accept-Encoding': 'snappy' }],
  ])('sends identity for %s', async (_what, headers: Record<string, string>) => {
    const res = await get('/api/catalog?code=J9271&code=J1745', headers);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(await res.text())).toHaveProperty('entries');
  });

  it('leaves a small answer alone', async () => {
    const res = await get('/healthz', { 'Accept-Encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(Number(res.headers.get('content-length'))).toBeLessThan(1024);
  });

  it('gzips /api/derive’s answer (in the derive worker) for a client that accepts it, the same JSON as identity', async () => {
    const body = JSON.stringify(await sampleBundle('exact-vials'));
    const derive = (headers: Record<string, string>) =>
      t.app.request(`${ORIGIN}/api/derive`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json', ...headers }, body });
    const gzipped = await derive({ 'Accept-Encoding': 'br;q=0.5, gzip' });
    const plain = await derive({ 'Accept-Encoding': 'gzip;q=0' });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/accept-encoding/i);
    const zipped = Buffer.from(await gzipped.arrayBuffer());
    const identity = await plain.text();
    expect(Number(gzipped.headers.get('content-length'))).toBe(zipped.byteLength);
    expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(identity));
    expect(zipped.byteLength).toBeLessThan(Buffer.byteLength(identity) / 2);
    expect(gunzipSync(zipped).toString()).toBe(identity);
    expect(JSON.parse(identity)).toMatchObject({ results: [expect.objectContaining({ lines: expect.any(Array) })] });
  });

  it('gzips the sandbox FHIR server’s large answers', async () => {
    const res = await get('/sandbox/fhir/metadata', { 'Accept-Encoding': 'gzip' });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(await decoded(res))).toMatchObject({ resourceType: 'CapabilityStatement' });
  });
});

describe('chooseCoding', () => {
  it('prefers the first available coding on a tie and the higher weight otherwise', () => {
    expect(chooseCoding('gzip, br', ['br', 'gzip'])).toBe('br');
    expect(chooseCoding('gzip;q=1, br;q=0.999', ['br', 'gzip'])).toBe('gzip');
    expect(chooseCoding('br;q=2', ['br'])).toBeUndefined(); // not a qvalue (0 to 1): not taken as a yes
    expect(chooseCoding('br', [])).toBeUndefined();
  });
});
