// Partitioning a patient's resources into temporary bucket files by a hash of the patient, so the second pass
// holds one bucket in memory at a time, never the whole export. Alongside, an index of Type/id per bucket of
// ids finds duplicates wherever they sit (two copies of a resource may name different patients and so land in
// different patient buckets).
import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Resource } from 'fhir/r4';
import { bucketOf } from './bucket-hash';
import { keepsOver, originKey, type CopyOrigin } from './duplicates';
import type { InputFault } from './faults';
import { readNdjsonLines } from './ndjson-reader';
import { PrivateFileWriter } from './private-files';
import type { PatientLine } from './read-export';

/** Aim for buckets of about this much NDJSON: parsed, one bucket takes a few times its size in memory. */
export const DEFAULT_BUCKET_BYTES = 4 * 1024 * 1024;
const MAX_BUCKETS = 4096;
/** A bucket this many times over the aim is split again with another hash (a skewed or huge export). */
const RESPLIT_FACTOR = 4;
const MAX_RESPLIT_DEPTH = 3;

export function bucketCountFor(totalBytes: number, bucketBytes: number): number {
  return Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(totalBytes / bucketBytes)));
}

/** One field of a tab-separated temporary line: tabs and newlines in ids would break the line apart. */
function field(text: string): string {
  return /[\t\n\r]/.test(text) ? text.replace(/[\t\n\r]/g, ' ') : text;
}

/** Bucket number and file, for the buckets that got at least one line. */
export type BucketFile = [bucket: number, path: string];

/** Writers for a set of bucket files, opened on first use. */
class BucketFiles {
  private readonly writers = new Map<number, PrivateFileWriter>();
  private readonly bufferBytes: number;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    count: number,
  ) {
    // Bounded buffering in total (16 MB), whatever the number of buckets.
    this.bufferBytes = Math.max(4 * 1024, Math.min(256 * 1024, Math.floor((16 * 1024 * 1024) / count)));
  }

  /** Appends prefix, then bytes (a line as read), then a newline to the bucket's file. */
  write(bucket: number, prefix: string, bytes: Uint8Array = NO_BYTES): void {
    let writer = this.writers.get(bucket);
    if (!writer) {
      writer = new PrivateFileWriter(join(this.dir, `${this.prefix}-${bucket}.tsv`), this.bufferBytes);
      this.writers.set(bucket, writer);
    }
    writer.write(prefix);
    writer.writeBytes(bytes);
    writer.write('\n');
  }

  /** Closes every file and returns them in bucket order. */
  close(): BucketFile[] {
    const buckets = [...this.writers.keys()].sort((a, b) => a - b);
    return buckets.map((b) => {
      const writer = this.writers.get(b)!;
      writer.close();
      return [b, writer.path];
    });
  }
}

const NO_BYTES = new Uint8Array(0);
const TAB = 9;
const NEWLINE = 10;
const ZERO = 0x30;

/**
 * Receives the first pass's patient lines and writes them to patient buckets and the id index. Each thread that
 * reads export files has its own partitioner (the name tells their files apart), so files can be read in
 * parallel; bucket b is then every partitioner's file b.
 */
export class PatientPartitioner {
  private readonly patients: BucketFiles;
  private readonly ids: BucketFiles;

  constructor(
    readonly dir: string,
    readonly bucketCount: number,
    name = 'all',
  ) {
    this.patients = new BucketFiles(dir, `patients-${name}`, bucketCount);
    this.ids = new BucketFiles(dir, `ids-${name}`, bucketCount);
  }

  add(entry: PatientLine): void {
    const patient = field(entry.patient);
    const ref = field(entry.ref);
    this.patients.write(bucketOf(patient, this.bucketCount), `${patient}\t${entry.file}\t${entry.line}\t`, entry.bytes);
    this.ids.write(bucketOf(ref, this.bucketCount), `${ref}\t${entry.file}\t${entry.line}\t${field(entry.lastUpdated)}`);
  }

  close(): { patientBuckets: BucketFile[]; idBuckets: BucketFile[] } {
    return { patientBuckets: this.patients.close(), idBuckets: this.ids.close() };
  }
}

/** What the id index of one bucket says: the copies to leave out, and a fault for each. */
export interface DuplicateCheck {
  /** Origins ("file:line") of the copies that are not kept. */
  dropped: string[];
  /** In file and line order. */
  faults: InputFault[];
}

/**
 * Reads one bucket of the id index (the files of every partitioner) and finds the ids that appear more than once.
 * Every copy that is not kept is reported against the one that is, whatever order the copies were read in.
 * Memory: one id bucket at a time. The files are deleted once read.
 */
export function checkDuplicates(paths: readonly string[], fileName: (file: number) => string): DuplicateCheck {
  const text = paths.map((path) => readFileSync(path, 'utf8')).join('\n');
  for (const path of paths) rmSync(path, { force: true });
  // Most ids appear once: a row is only cut at its first tab to find its id, and only the rows of an id seen
  // again are read whole.
  const first = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const tab = text.indexOf('\t', start);
      const ref = text.slice(start, tab === -1 || tab > end ? end : tab);
      const seen = first.get(ref);
      if (seen === undefined) first.set(ref, start);
      else {
        const rows = repeated.get(ref);
        if (rows) rows.push(start);
        else repeated.set(ref, [seen, start]);
      }
    }
    start = end + 1;
  }
  const losers: { ref: string; copy: CopyOrigin; winner: CopyOrigin }[] = [];
  for (const [ref, rows] of repeated) {
    const all = rows.map((row) => originOfRow(text, row));
    const winner = all.reduce((kept, copy) => (keepsOver(copy, kept) ? copy : kept));
    for (const copy of all) if (copy !== winner) losers.push({ ref, copy, winner });
  }
  losers.sort((a, b) => a.copy.file - b.copy.file || a.copy.line - b.copy.line);
  return {
    dropped: losers.map(({ copy }) => originKey(copy.file, copy.line)),
    faults: losers.map(({ ref, copy, winner }) => ({
      kind: 'duplicate-id',
      file: fileName(copy.file),
      line: copy.line,
      resource: ref,
      message: `${ref} appears again; the copy at ${fileName(winner.file)}:${winner.line} is kept`,
    })),
  };
}

/** The origin of the id index row starting at `start`: ref, file, line and meta.lastUpdated, tab-separated. */
function originOfRow(text: string, start: number): CopyOrigin {
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  const [, file = '0', line = '0', lastUpdated = ''] = text.slice(start, end).split('\t');
  return { file: Number(file), line: Number(line), lastUpdated };
}

export interface LocatedResource {
  resource: Resource & { id: string };
  file: number;
  line: number;
}

export interface PatientGroup {
  patient: string;
  /** The patient's resources, sorted by type and id so results never depend on the order of the input lines. */
  resources: LocatedResource[];
}

/**
 * Yields every patient of one bucket (the bucket's files from every partitioner), patients in a stable order.
 * A bucket far over the aimed size (a huge export, or many large patients hashed together) is split again first.
 * The files are deleted once read.
 */
export async function* patientGroups(
  files: readonly string[],
  dropped: ReadonlySet<string>,
  bucketBytes: number,
  depth = 0,
): AsyncGenerator<PatientGroup> {
  const size = files.reduce((sum, path) => sum + statSync(path).size, 0);
  if (size > bucketBytes * RESPLIT_FACTOR && depth < MAX_RESPLIT_DEPTH) {
    const parts = await resplit(files, Math.ceil(size / bucketBytes), depth + 1);
    // A single part means one patient holds the whole bucket: nothing to split, read it as it is.
    if (parts.length > 1) for (const part of parts) yield* patientGroups([part], dropped, bucketBytes, depth + 1);
    else yield* groupsOfBucket(parts, dropped);
    return;
  }
  yield* groupsOfBucket(files, dropped);
}

function* groupsOfBucket(files: readonly string[], dropped: ReadonlySet<string>): Generator<PatientGroup> {
  // The lines are only located here, and parsed one patient at a time just before that patient is audited: so a
  // patient's resources die young, cheap for the garbage collector, instead of the whole bucket's living on
  // through the audit of every patient in it. The files stay bytes and each line is decoded on its own just
  // before JSON.parse: measured against decoding a whole bucket into one string and cutting the lines out of it,
  // the audit's peak memory is 40-70 MB lower, for the same time.
  const buffers: Buffer[] = [];
  /** Per patient, five numbers per line: the buffer it is in, its start and end there, its file and line. */
  const byPatient = new Map<string, number[]>();
  for (const path of files) {
    const bytes = readFileSync(path);
    rmSync(path, { force: true });
    const b = buffers.push(bytes) - 1;
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(NEWLINE, start);
      if (end === -1) end = bytes.length;
      const t1 = bytes.indexOf(TAB, start);
      const t2 = bytes.indexOf(TAB, t1 + 1);
      const t3 = bytes.indexOf(TAB, t2 + 1);
      const patient = bytes.toString('utf8', start, t1);
      const file = digitsAt(bytes, t1 + 1, t2);
      const line = digitsAt(bytes, t2 + 1, t3);
      start = end + 1;
      if (dropped.size > 0 && dropped.has(originKey(file, line))) continue;
      const lines = byPatient.get(patient);
      if (lines) lines.push(b, t3 + 1, end, file, line);
      else byPatient.set(patient, [b, t3 + 1, end, file, line]);
    }
  }
  for (const patient of [...byPatient.keys()].sort()) {
    const at = byPatient.get(patient)!;
    const resources: LocatedResource[] = [];
    for (let k = 0; k < at.length; k += 5) {
      // Every line here was checked in the first pass: JSON.parse accepts it (see line-scan.ts).
      const resource = JSON.parse(buffers[at[k]!]!.toString('utf8', at[k + 1], at[k + 2])) as Resource & { id: string };
      resources.push({ resource, file: at[k + 3]!, line: at[k + 4]! });
    }
    resources.sort((a, b) => compare(a.resource.resourceType, b.resource.resourceType) || compare(a.resource.id, b.resource.id) || a.file - b.file || a.line - b.line);
    yield { patient, resources };
  }
}

/** The number written in decimal digits in b[start, end) (a file or line number the first pass wrote). */
function digitsAt(b: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (b[i]! - ZERO);
  return n;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits one bucket's files by another hash of the patient, streaming; returns the new files (the old ones are deleted). */
async function resplit(files: readonly string[], parts: number, salt: number): Promise<string[]> {
  const first = files[0]!;
  const writers = new BucketFiles(dirname(first), `${basename(first, '.tsv')}.s${salt}`, parts);
  for (const path of files) {
    await readNdjsonLines(path, ({ bytes }) => {
      writers.write(bucketOf(bytes.toString('utf8', 0, bytes.indexOf(TAB)), parts, salt), '', bytes);
    });
    rmSync(path, { force: true });
  }
  return writers.close().map(([, path]) => path);
}
