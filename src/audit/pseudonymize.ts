// --pseudonymize: patient and encounter identifiers (and the ids of the patient's other resources) are replaced
// by keyed hashes, so an audit can be shared with people who must not be able to name the patients. The hash is
// HMAC-SHA256 with a secret key: the same id always gives the same pseudonym under one key (findings can be
// followed across runs and merged across shards), and without the key nobody can test guesses of ids (a plain
// hash of a guessable id such as "12345" could be reversed by trying every id).
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputFault } from './faults';
import { PRIVATE_FILE_MODE } from './private-files';
import { AuditUserError } from './user-error';

export const PSEUDONYM_KEY_ENV = 'JCODE_PSEUDONYM_KEY';
export const PSEUDONYM_KEY_FILE = 'pseudonym.key';

/** Types whose ids name or point to one patient's records. */
const PATIENT_TYPES = ['Patient', 'Encounter', 'MedicationAdministration', 'Procedure', 'Coverage', 'Condition', 'DocumentReference', 'Claim'];
const TYPED_REF = new RegExp(`\\b(${PATIENT_TYPES.join('|')})/([A-Za-z0-9\\-.]{1,64})`, 'g');

export interface PseudonymKey {
  key: Buffer;
  /** Where the key came from, said once on stderr: the environment, or the key file (and whether it was created). */
  source: 'env' | 'file-created' | 'file';
  /** Path of the key file when one is used. */
  file?: string;
}

/**
 * The key: JCODE_PSEUDONYM_KEY when set (the way to share one key between shards and runs), otherwise the key
 * file pseudonym.key in the output folder, created with 32 random bytes and mode 0600 on first use and reused
 * after. That file must never be shared with the outputs.
 */
export function pseudonymKey(outDir: string, env: NodeJS.ProcessEnv = process.env): PseudonymKey {
  const fromEnv = env[PSEUDONYM_KEY_ENV];
  if (fromEnv && fromEnv.length > 0) {
    if (fromEnv.length < 16) throw new AuditUserError('pseudonym-key-short', `${PSEUDONYM_KEY_ENV} must be at least 16 characters (it has ${fromEnv.length}): use a long random secret, the same for every part`);
    return { key: Buffer.from(fromEnv, 'utf8'), source: 'env' };
  }
  const file = join(outDir, PSEUDONYM_KEY_FILE);
  let stat;
  try {
    stat = lstatSync(file);
  } catch {
    stat = undefined;
  }
  if (stat) {
    // Never read a key through a link or from anything but a plain file.
    if (!stat.isFile()) throw new AuditUserError('pseudonym-key-invalid', `${file} is not a plain file: remove it to have a new key made`);
    chmodSync(file, PRIVATE_FILE_MODE);
    const text = readFileSync(file, 'utf8').trim();
    const key = Buffer.from(text, 'hex');
    if (!/^[0-9a-f]+$/i.test(text) || key.length < 16) throw new AuditUserError('pseudonym-key-invalid', `${file} does not hold a key (64 hex digits); remove it to have a new one made`);
    return { key, source: 'file', file };
  }
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  return { key, source: 'file-created', file };
}

export class Pseudonymizer {
  /** Short, non-secret name of the key, so a merge can refuse outputs made under different keys. */
  readonly fingerprint: string;
  private readonly cache = new Map<string, string>();

  constructor(private readonly key: Buffer) {
    this.fingerprint = this.hash('key-fingerprint').slice(0, 12);
  }

  /** "Patient/123" -> "Patient/p-<20 hex>"; other references pass unchanged. */
  ref(reference: string): string {
    return reference.replace(TYPED_REF, (_m, type: string, id: string) => this.typed(type, id));
  }

  /**
   * Replaces every Type/id of a patient's resource in a text, and the bare ids given (the patient's own id and
   * its encounters' ids, which a message might quote without their type).
   */
  text(text: string, bareIds: readonly { type: string; id: string }[] = []): string {
    let out = this.ref(text);
    for (const { type, id } of bareIds) {
      // Very short ids ("1") would match inside ordinary words and numbers; they are still replaced in Type/id form.
      if (id.length < 4 || !out.includes(id)) continue;
      out = out.replace(new RegExp(`(?<![A-Za-z0-9\\-.])${escapeRegExp(id)}(?![A-Za-z0-9\\-.])`, 'g'), this.typed(type, id));
    }
    return out;
  }

  /** Forgets the pseudonyms computed so far (called after each patient to keep memory flat). */
  clear(): void {
    this.cache.clear();
  }

  private typed(type: string, id: string): string {
    const whole = `${type}/${id}`;
    let pseudonym = this.cache.get(whole);
    if (!pseudonym) {
      // The type is part of the hashed text: the same id under two types gives two unrelated pseudonyms.
      pseudonym = `${type}/${type === 'Patient' ? 'p' : type === 'Encounter' ? 'e' : 'r'}-${this.hash(whole).slice(0, 20)}`;
      this.cache.set(whole, pseudonym);
    }
    return pseudonym;
  }

  private hash(text: string): string {
    return createHmac('sha256', this.key).update(text, 'utf8').digest('hex');
  }
}

/** A fault as the outputs show it under --pseudonymize. */
export function pseudonymizeFault(f: InputFault, p: Pseudonymizer): InputFault {
  return { ...f, resource: f.resource && p.ref(f.resource), message: p.text(f.message) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
