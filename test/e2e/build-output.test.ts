// What `npm run build` leaves in dist/ for the speed of a launch (issue 14): brotli and gzip copies of every text
// file that decompress to it, and the launch page's list of the app page's files to prefetch.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureAppBuild, projectRoot } from './browser';

const dist = path.join(projectRoot, 'dist');
beforeAll(() => ensureAppBuild(), 180_000);

describe('the app build', () => {
  it('has a .br and a .gz copy of every script, stylesheet and page over 1 kB, each decompressing to the file', () => {
    const files = ['launch/index.html', 'app/index.html', ...readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`)]
      .filter((f) => /\.(js|css|html)$/.test(f))
      .filter((f) => statSync(path.join(dist, f)).size > 1024); // smaller ones may gain nothing, and get no copy
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const original = readFileSync(path.join(dist, file));
      expect(brotliDecompressSync(readFileSync(path.join(dist, `${file}.br`))).equals(original)).toBe(true);
      expect(gunzipSync(readFileSync(path.join(dist, `${file}.gz`))).equals(original)).toBe(true);
    }
  });

  it('lists in the launch page the app files the launch page does not load itself', () => {
    const launch = readFileSync(path.join(dist, 'launch/index.html'), 'utf8');
    const app = readFileSync(path.join(dist, 'app/index.html'), 'utf8');
    const listed = /<meta name="jcode-assist:app-files" content="([^"]+)">/.exec(launch)?.[1]?.split(' ') ?? [];
    const appEntry = /<script type="module" crossorigin src="([^"]+)">/.exec(app)?.[1];
    expect(appEntry).toBeDefined();
    expect(listed).toContain(appEntry);
    for (const file of listed) expect(launch).not.toContain(`src="${file}"`);
  });
});
