// Reads every file of a CMS folder (names do not matter: each file is recognised by its header row) and chooses
// one file per table. Sub-folders and hidden files are passed over.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chooseTables, type Choice } from './choose';
import { importFile } from './import-file';
import type { FileReport, ImportProgress } from './types';

/** The folder itself cannot be read (missing, not a folder, no permission): the doors exit 2 on it. */
export class CmsFolderError extends Error {
  override readonly name = 'CmsFolderError';
}

export interface FolderImport extends Choice {
  files: FileReport[];
}

export async function importCmsFolder(dir: string, onProgress?: (progress: ImportProgress) => void): Promise<FolderImport> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    throw new CmsFolderError(`cannot read the CMS folder ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(dir, name))).size));
  const bytesTotal = sizes.reduce((sum, size) => sum + size, 0);
  let bytesBefore = 0;
  const imported = [];
  for (const [i, name] of names.entries()) {
    const size = sizes[i] ?? 0;
    const report = (bytesDone: number) => onProgress?.({ file: name, bytesDone: bytesBefore + Math.min(bytesDone, size), bytesTotal });
    report(0);
    imported.push(await importFile(path.join(dir, name), size, report));
    bytesBefore += size;
    report(0);
  }
  const choice = chooseTables(imported);
  return { ...choice, files: imported.map((file) => file.report) };
}
