// The app build's HTML pages may carry an inline <style> block (the launch page's first-paint style). The pages'
// CSP allows styles from 'self' only, so each block is allowed by its SHA-256 hash (CSP Level 3, "hash-source"),
// computed here from the built files when the server starts: a changed block is never allowed by a stale hash, and
// no other inline style is allowed at all.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REQUIRED_BUILD_FILES } from './static';

export function inlineStyleHashes(distDir: string): string[] {
  const hashes = new Set<string>();
  for (const page of REQUIRED_BUILD_FILES) {
    const html = readFileSync(path.join(distDir, page), 'utf8');
    for (const match of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
      hashes.add(`'sha256-${createHash('sha256').update(match[1]!, 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes];
}
