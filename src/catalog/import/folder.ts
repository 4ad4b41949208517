// Reads every file of a CMS folder (names do not matter: each file is recognised by its header row) and chooses
// one file per table. Sub-folders and hidden files are passed over.
import { KnownError } from '../../errors';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chooseTables, type Choice } from './choose';
import { importFile, type ImportedFile } from './import-file';
import type { FileReport, ImportProgress } from './types';

/** The folder itself cannot be read (missing, not a folder, no permission): the doors exit 2 on it. */
export class CmsFolderError extends KnownError {
  override readonly name = 'CmsFolderError';
  readonly code = 'cms-folder-unreadable';
}

export interface FolderImport extends Choice {
  files: FileReport[];
}

export async function importCmsFolder(dir: string, onProgress?: (progress: ImportProgress) => void): Promise<FolderImport> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  } catch (error) {
    throw new CmsFolderError(`cannot read the CMS folder ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // stat follows symbolic links, so a folder of links to the downloads works too. A file that cannot even be
  // stat'ed stays in the list and is reported unreadable below.
  const listed = await Promise.all(
    entries.map(async (name) => ({ name, info: await stat(path.join(dir, name)).catch(() => undefined) })),
  );
  const files = listed.filter((entry) => entry.info === undefined || entry.info.isFile());
  const bytesTotal = files.reduce((sum, entry) => sum + (entry.info?.size ?? 0), 0);
  let bytesBefore = 0;
  const imported: ImportedFile[] = [];
  for (const { name, info } of files) {
    const size = info?.size ?? 0;
    let rowsRead = 0;
    const report = (bytesDone: number, rows: number) => {
      rowsRead = rows;
      onProgress?.({ file: name, bytesDone: bytesBefore + Math.min(bytesDone, size), bytesTotal, rows });
    };
    report(0, 0);
    imported.push(await importFile(path.join(dir, name), size, report).catch((error: unknown) => unreadableFile(name, error)));
    report(size, rowsRead); // also for files that were not read through (binary, no header)
    bytesBefore += size;
  }
  const choice = chooseTables(imported);
  return { ...choice, files: imported.map((file) => file.report) };
}

/** A file the folder lists but that cannot be opened (permissions, removed meanwhile): reported, never a crash. */
function unreadableFile(name: string, error: unknown): ImportedFile {
  const message = `the file cannot be opened: ${error instanceof Error ? error.message : String(error)}`;
  return { report: { file: name, kind: 'unrecognised', used: false, note: 'unreadable', rows: 0, skipped: [], problems: [{ message }] } };
}
