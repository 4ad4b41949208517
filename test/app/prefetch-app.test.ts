// @vitest-environment happy-dom
// The launch page asks for the app page's files as it leaves for the EHR (launch/prefetch-app.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_FILES_META, prefetchAppFiles } from '../../launch/prefetch-app';

beforeEach(() => {
  document.head.replaceChildren();
});

describe('prefetchAppFiles', () => {
  it('adds a prefetch link per listed app file', () => {
    document.head.innerHTML = `<meta name="${APP_FILES_META}" content="/assets/app-1.js /assets/app-1.css">`;
    prefetchAppFiles();
    const links = [...document.head.querySelectorAll('link')];
    expect(links.map((l) => [l.rel, l.getAttribute('href'), l.crossOrigin])).toEqual([
      ['prefetch', '/assets/app-1.js', 'anonymous'],
      ['prefetch', '/assets/app-1.css', 'anonymous'],
    ]);
  });

  it('adds nothing without the list, and nothing outside /assets/', () => {
    prefetchAppFiles();
    expect(document.head.querySelectorAll('link')).toHaveLength(0);
    document.head.innerHTML = `<meta name="${APP_FILES_META}" content="https://evil.example/x.js //evil.example/y.js">`;
    prefetchAppFiles();
    expect(document.head.querySelectorAll('link')).toHaveLength(0);
  });
});
