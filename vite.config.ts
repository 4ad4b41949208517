// Builds the two pages the server serves from dist/ (contract with server/): dist/launch/index.html (the SMART
// launch URL, /launch/) and dist/app/index.html (the redirect URL, /app/), assets under dist/assets/.
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { prefetchAppFromLaunch } from './scripts/vite-prefetch-app';
import { precompress } from './scripts/vite-precompress';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The app page lives at src/app/index.html (the top-level layout is fixed) but is served at /app/. */
function servePageAt(from: string, to: string): Plugin {
  return {
    name: 'jcode-assist:page-location',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.fileName === from) output.fileName = to;
      }
    },
  };
}

export default defineConfig({
  plugins: [
    preact(),
    servePageAt('src/app/index.html', 'app/index.html'),
    prefetchAppFromLaunch({ launchHtml: 'launch/index.html', launchEntry: 'launch/index.html', appEntry: 'src/app/index.html' }),
    precompress(),
  ],
  // fhirclient's "pure" mode uses the browser's fetch instead of bundling cross-fetch.
  define: { FHIRCLIENT_PURE: 'true' },
  resolve: {
    alias: {
      'isomorphic-webcrypto': here('./src/fhir/webcrypto.ts'),
      debug: here('./src/fhir/silent-debug.cjs'),
      'js-base64': here('./src/fhir/base64.cjs'),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        launch: here('./launch/index.html'),
        app: here('./src/app/index.html'),
      },
    },
  },
});
