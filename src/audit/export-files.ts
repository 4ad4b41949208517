// Which file of a FHIR Bulk Data export holds which resource type.
// The $export manifest (Bulk Data Access IG, "Response - Complete Status") lists
// `output: [{ type, url, count? }]`; clients that download an export save it beside the NDJSON files. When it is
// present it is the authority; without it every *.ndjson file in the folder is read and its type is taken from
// its name (MedicationAdministration.ndjson, MedicationAdministration-2.ndjson, 1.Patient.ndjson).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultLog } from './faults';

export const MANIFEST_NAME = 'manifest.json';

export interface ExportFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the export folder, as faults and the report name it. */
  name: string;
  /** The type the manifest or the file name gives; undefined when neither tells (each line's resourceType is trusted). */
  type?: string;
  bytes: number;
}

export interface ExportLayout {
  files: ExportFile[];
  /** True when a manifest said which file holds which type. */
  fromManifest: boolean;
  totalBytes: number;
}

/** Lists the export's NDJSON files; problems with the manifest or missing files go to the fault log. */
export function exportLayout(exportDir: string, faults: FaultLog): ExportLayout {
  const dir = resolve(exportDir);
  const manifestPath = resolve(dir, MANIFEST_NAME);
  const fromManifest = isFile(manifestPath);
  const files = fromManifest ? filesOfManifest(dir, manifestPath, faults) : filesOfFolder(dir);
  // Code-unit order, not the locale's: file numbering (and so which copy of a duplicate is first) must not depend on the machine.
  files.sort((a, b) => byCodeUnits(a.type ?? '', b.type ?? '') || byCodeUnits(a.name, b.name));
  return { files, fromManifest, totalBytes: files.reduce((sum, f) => sum + f.bytes, 0) };
}

function filesOfFolder(dir: string): ExportFile[] {
  const out: ExportFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ndjson')) continue;
    const path = resolve(dir, entry.name);
    out.push({ path, name: entry.name, type: typeOfFileName(entry.name), bytes: statSync(path).size });
  }
  return out;
}

/** The first PascalCase word of a file name: "MedicationAdministration-2.ndjson" -> "MedicationAdministration". */
export function typeOfFileName(name: string): string | undefined {
  return /[A-Z][A-Za-z]+/.exec(basename(name, '.ndjson'))?.[0];
}

function filesOfManifest(dir: string, manifestPath: string, faults: FaultLog): ExportFile[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    faults.add({ kind: 'manifest-invalid', file: MANIFEST_NAME, line: 0, message: `the manifest is not JSON (${(err as Error).message}); reading every *.ndjson file instead` });
    return filesOfFolder(dir);
  }
  const output = (manifest as { output?: unknown }).output;
  if (!Array.isArray(output)) {
    faults.add({ kind: 'manifest-invalid', file: MANIFEST_NAME, line: 0, message: 'the manifest has no "output" list; reading every *.ndjson file instead' });
    return filesOfFolder(dir);
  }
  const out: ExportFile[] = [];
  const seen = new Set<string>();
  output.forEach((item: unknown, i) => {
    const { type, url } = (item ?? {}) as { type?: unknown; url?: unknown };
    if (typeof type !== 'string' || typeof url !== 'string') {
      faults.add({ kind: 'manifest-invalid', file: MANIFEST_NAME, line: 0, message: `output[${i}] has no type or url` });
      return;
    }
    const path = localPathOf(dir, url);
    if (!path) {
      faults.add({ kind: 'manifest-invalid', file: MANIFEST_NAME, line: 0, message: `output[${i}] url ${url} points outside the export folder` });
      return;
    }
    const name = relative(dir, path);
    if (seen.has(path)) return;
    seen.add(path);
    if (!isFile(path)) {
      faults.add({ kind: 'file-missing', file: name, line: 0, message: `the manifest lists ${name} (${type}) but the export folder has no such file` });
      return;
    }
    out.push({ path, name, type, bytes: statSync(path).size });
  });
  return out;
}

/**
 * Where a manifest url is on disk. A server writes absolute https URLs; a client that downloaded them keeps the
 * file name, so the last path segment is looked up in the export folder. Relative urls and file: URLs are taken
 * as they are. Anything resolving outside the export folder is refused: a manifest is input, not a licence to
 * read other files.
 */
function localPathOf(dir: string, url: string): string | undefined {
  let path: string;
  if (/^https?:\/\//i.test(url)) {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    if (!last) return undefined;
    path = resolve(dir, decodeURIComponent(last));
  } else if (/^file:/i.test(url)) {
    path = fileURLToPath(url);
  } else {
    path = resolve(dir, url);
  }
  return path.startsWith(dir + sep) ? path : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
