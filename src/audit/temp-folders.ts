// The audit's temporary folders (partitions, and the outputs until they are renamed into place), made fresh and
// removed on every way out: the end of the run, a failure (finally), and Ctrl-C (the CLI calls removeTempFolders
// from its SIGINT handler, then exits). A folder is listed here from its creation to its removal.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE } from './private-files';

export const TEMP_PREFIX = '.jcode-audit-';

const live = new Set<string>();

/** A new, empty folder (0700) named .jcode-audit-XXXXXX inside parent. */
export function makeTempFolder(parent: string): string {
  const dir = mkdtempSync(join(parent, TEMP_PREFIX));
  live.add(dir);
  chmodSync(dir, PRIVATE_DIR_MODE);
  return dir;
}

export function removeTempFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Every temporary folder of this process (synchronous: it runs in a signal handler just before exit). */
export function removeTempFolders(): number {
  const count = live.size;
  for (const dir of [...live]) {
    try {
      removeTempFolder(dir);
    } catch {
      // Going on with the others matters more than this one; the next run's check names what is left.
    }
  }
  return count;
}
