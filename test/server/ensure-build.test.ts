// `npm start` rebuilds the app only when it must: dist/ missing, or a source newer than the build.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleReason } from '../../server/ensure-build';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project(): { dist: string; touch: (file: string, secondsAgo: number) => void } {
  root = mkdtempSync(path.join(tmpdir(), 'jcode-build-'));
  const touch = (file: string, secondsAgo: number) => {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, 'x');
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(full, t, t);
  };
  return { dist: path.join(root, 'dist'), touch };
}

describe('staleReason', () => {
  it('says the build is missing', () => {
    const { dist, touch } = project();
    touch('src/main.tsx', 100);
    expect(staleReason(root, dist)).toMatch(/dist\/launch\/index.html is missing/);
  });

  it('is satisfied by a build newer than every source', () => {
    const { dist, touch } = project();
    touch('src/ui/App.tsx', 100);
    touch('vite.config.ts', 100);
    touch('dist/launch/index.html', 10);
    touch('dist/app/index.html', 10);
    expect(staleReason(root, dist)).toBeUndefined();
  });

  it('names the source that changed since the build', () => {
    const { dist, touch } = project();
    touch('dist/launch/index.html', 50);
    touch('dist/app/index.html', 50);
    touch('launch/launch.ts', 5);
    expect(staleReason(root, dist)).toBe('launch/launch.ts changed since the last build');
  });
});
