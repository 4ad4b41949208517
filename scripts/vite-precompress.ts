// A build step (vite plugin) that writes a brotli (.br) and a gzip (.gz) copy beside every text file of the app
// build, once, at the highest settings: the server then sends them as they are (server/static.ts) instead of
// compressing on every request. A copy that would not be smaller is not written.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const TEXT_FILES = /\.(html|js|mjs|css|svg|json|txt|map)$/;

/** Writes `file`.br and `file`.gz when they are smaller than it; returns the codings written. */
export function precompressFile(file: string): ('br' | 'gzip')[] {
  const original = readFileSync(file);
  const written: ('br' | 'gzip')[] = [];
  const br = brotliCompressSync(original, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: original.length },
  });
  if (br.length < original.length) {
    writeFileSync(`${file}.br`, br);
    written.push('br');
  }
  const gz = gzipSync(original, { level: 9 });
  if (gz.length < original.length) {
    writeFileSync(`${file}.gz`, gz);
    written.push('gzip');
  }
  return written;
}

export function precompress(): Plugin {
  return {
    name: 'jcode-assist:precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (TEXT_FILES.test(fileName)) precompressFile(path.join(outDir, fileName));
      }
    },
  };
}
