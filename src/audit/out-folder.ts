// The --out folder of the audit, the split and the merge. Outputs are first written as new files in a fresh
// temporary folder inside it, then renamed into place (publish): a rename replaces the name, never writes through
// a symbolic link or into a file someone else keeps there, and a run that fails or is interrupted leaves the
// previous outputs as they were. Before anything is written the folder is checked: not a symbolic link, not a
// file, writable, not the export being read, and holding nothing but what these commands write (unless --force).
import { accessSync, constants, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, type Dirent } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { PRIVATE_DIR_MODE } from './private-files';
import { TEMP_PREFIX } from './temp-folders';
import { AuditUserError } from './user-error';

export interface OutFolderRules {
  /** Whether an entry is one this command writes (and so may replace). */
  own: (entry: Dirent) => boolean;
  /** Write beside entries the command did not write (never through them). */
  force?: boolean;
  /** Folders being read (the export, the audits to merge): the outputs must not go into one of them. */
  inputs?: readonly string[];
}

const SHOWN = 3;

/** Checks the folder (creating it, 0700, when it does not exist) and returns its absolute path. */
export function prepareOutFolder(outDir: string, rules: OutFolderRules): string {
  const out = resolve(outDir);
  // Checked before anything is created: a folder made inside the export would already be a write into it.
  const real = realPathToBe(out);
  for (const input of rules.inputs ?? []) {
    const source = realOrUndefined(input);
    if (source && (real === source || real.startsWith(source + sep))) {
      throw new AuditUserError('out-is-input', `--out ${outDir} is ${real === source ? '' : 'inside '}the folder ${input} being read: give a folder of its own`);
    }
  }
  const stat = lstatOrUndefined(out);
  if (!stat) {
    try {
      mkdirSync(out, { recursive: true, mode: PRIVATE_DIR_MODE });
    } catch (err) {
      throw new AuditUserError('out-unusable', `cannot create the --out folder ${outDir} (${codeOf(err)})`);
    }
  } else if (stat.isSymbolicLink()) {
    throw new AuditUserError('out-symlink', `--out ${outDir} is a symbolic link: give the folder it points to, or another folder`);
  } else if (!stat.isDirectory()) {
    throw new AuditUserError('out-not-folder', `--out ${outDir} is a file, not a folder`);
  }
  try {
    accessSync(out, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new AuditUserError('out-unusable', `cannot write into the --out folder ${outDir} (${codeOf(err)})`);
  }
  const foreign = readdirSync(out, { withFileTypes: true }).filter((entry) => !entry.name.startsWith(TEMP_PREFIX) && (entry.isSymbolicLink() || !rules.own(entry)));
  if (foreign.length > 0 && !rules.force) {
    const names = foreign.slice(0, SHOWN).map((e) => (e.isSymbolicLink() ? `${e.name} (a symbolic link)` : e.name));
    throw new AuditUserError(
      'out-not-empty',
      `--out ${outDir} holds ${foreign.length === 1 ? 'an entry' : `${foreign.length} entries`} the audit did not write (${names.join(', ')}${foreign.length > SHOWN ? ', ...' : ''}): give an empty or new folder, or add --force to write beside them (they are never written through)`,
    );
  }
  return out;
}

/** A regular file (not a link) of one of these names. */
export function ownFile(names: readonly string[]): (entry: Dirent) => boolean {
  const set = new Set(names);
  return (entry) => entry.isFile() && set.has(entry.name);
}

/**
 * Moves each named entry of the staging folder into the output folder, replacing what is there under that name
 * (a file or a link is replaced by the rename itself; a folder of an earlier run, such as a split's part, is
 * removed first, without following any link inside it).
 */
export function publish(staging: string, out: string, names: readonly string[]): void {
  for (const name of names) {
    const target = `${out}${sep}${name}`;
    const existing = lstatOrUndefined(target);
    if (existing?.isDirectory()) rmSync(target, { recursive: true, force: true });
    renameSync(`${staging}${sep}${name}`, target);
  }
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The real path a folder has, or will have once created: its nearest existing ancestor's, resolved, and the rest. */
function realPathToBe(path: string): string {
  const rest: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    const real = realOrUndefined(at);
    if (real !== undefined) return join(real, ...rest.reverse());
    if (dirname(at) === at) return path;
    rest.push(basename(at));
  }
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}
