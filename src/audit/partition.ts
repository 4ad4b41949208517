// Partitioning a patient's resources into temporary bucket files by a hash of the patient, so the second pass
// holds one bucket in memory at a time, never the whole export. Alongside, an index of Type/id per bucket of
// ids finds duplicates wherever they sit (two copies of a resource may name different patients and so land in
// different patient buckets).
import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Resource } from 'fhir/r4';
import { bucketOf } from './bucket-hash';
import { keepsOver, originKey, type CopyOrigin } from './duplicates';
import type { FaultLog } from './faults';
import { readNdjsonLines } from './ndjson-reader';
import { PrivateFileWriter } from './private-files';
import type { PatientLine } from './read-export';

/** Aim for buckets of about this much NDJSON: parsed, one bucket takes a few times its size in memory. */
export const DEFAULT_BUCKET_BYTES = 8 * 1024 * 1024;
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

/** Writers for a set of bucket files, opened on first use. */
class BucketFiles {
  private readonly writers = new Map<number, PrivateFileWriter>();
  private readonly flushAt: number;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    count: number,
  ) {
    // Bounded buffering in total, whatever the number of buckets.
    this.flushAt = Math.max(16 * 1024, Math.min(256 * 1024, Math.floor((32 * 1024 * 1024) / count)));
  }

  write(bucket: number, text: string): void {
    let writer = this.writers.get(bucket);
    if (!writer) {
      writer = new PrivateFileWriter(join(this.dir, `${this.prefix}-${bucket}.tsv`), this.flushAt);
      this.writers.set(bucket, writer);
    }
    writer.write(text);
  }

  /** Closes every file and returns their paths in bucket order. */
  close(): string[] {
    const buckets = [...this.writers.keys()].sort((a, b) => a - b);
    return buckets.map((b) => {
      const writer = this.writers.get(b)!;
      writer.close();
      return writer.path;
    });
  }
}

/** Receives the first pass's patient lines and writes them to patient buckets and the id index. */
export class PatientPartitioner {
  private readonly patients: BucketFiles;
  private readonly ids: BucketFiles;

  constructor(
    readonly dir: string,
    readonly bucketCount: number,
  ) {
    this.patients = new BucketFiles(dir, 'patients', bucketCount);
    this.ids = new BucketFiles(dir, 'ids', bucketCount);
  }

  add(entry: PatientLine): void {
    const patient = field(entry.patient);
    const ref = field(entry.ref);
    this.patients.write(bucketOf(patient, this.bucketCount), `${patient}\t${entry.file}\t${entry.line}\t${entry.text}\n`);
    this.ids.write(bucketOf(ref, this.bucketCount), `${ref}\t${entry.file}\t${entry.line}\t${field(entry.lastUpdated)}\n`);
  }

  close(): { patientBuckets: string[]; idBuckets: string[] } {
    return { patientBuckets: this.patients.close(), idBuckets: this.ids.close() };
  }
}

/**
 * Reads the id index and returns the origins ("file:line") of every copy that is not kept, reporting each as a
 * duplicate-id fault. Memory: one id bucket at a time, plus one entry per duplicate.
 */
export function findDuplicates(idBuckets: string[], faults: FaultLog, fileName: (file: number) => string): Set<string> {
  const dropped = new Set<string>();
  for (const path of idBuckets) {
    const kept = new Map<string, CopyOrigin>();
    for (const row of readFileSync(path, 'utf8').split('\n')) {
      if (!row) continue;
      const [ref = '', file = '0', line = '0', lastUpdated = ''] = row.split('\t');
      const copy: CopyOrigin = { file: Number(file), line: Number(line), lastUpdated };
      const existing = kept.get(ref);
      if (!existing) {
        kept.set(ref, copy);
        continue;
      }
      const [winner, loser] = keepsOver(copy, existing) ? [copy, existing] : [existing, copy];
      kept.set(ref, winner);
      dropped.add(originKey(loser.file, loser.line));
      faults.add({
        kind: 'duplicate-id',
        file: fileName(loser.file),
        line: loser.line,
        resource: ref,
        message: `${ref} appears again; the copy at ${fileName(winner.file)}:${winner.line} is kept`,
      });
    }
    rmSync(path, { force: true });
  }
  return dropped;
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
 * Yields every patient's resources, one bucket at a time, patients in a stable order within a bucket. A bucket
 * far over the aimed size (a huge export, or many large patients hashed together) is split again first.
 * Bucket files are deleted once read.
 */
export async function* patientGroups(
  bucketPaths: string[],
  dropped: ReadonlySet<string>,
  bucketBytes: number,
  depth = 0,
): AsyncGenerator<PatientGroup> {
  for (const path of bucketPaths) {
    const size = statSync(path).size;
    if (size > bucketBytes * RESPLIT_FACTOR && depth < MAX_RESPLIT_DEPTH) {
      const parts = await resplit(path, Math.ceil(size / bucketBytes), depth + 1);
      // A single part means one patient holds the whole bucket: nothing to split, read it as it is.
      if (parts.length > 1) yield* patientGroups(parts, dropped, bucketBytes, depth + 1);
      else for (const part of parts) yield* groupsOfBucket(part, dropped);
      continue;
    }
    yield* groupsOfBucket(path, dropped);
  }
}

function* groupsOfBucket(path: string, dropped: ReadonlySet<string>): Generator<PatientGroup> {
  const byPatient = new Map<string, LocatedResource[]>();
  const text = readFileSync(path, 'utf8');
  rmSync(path, { force: true });
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const t1 = text.indexOf('\t', start);
    const t2 = text.indexOf('\t', t1 + 1);
    const t3 = text.indexOf('\t', t2 + 1);
    const patient = text.slice(start, t1);
    const file = Number(text.slice(t1 + 1, t2));
    const line = Number(text.slice(t2 + 1, t3));
    start = end + 1;
    if (dropped.has(originKey(file, line))) continue;
    // Every line here was parsed and checked in the first pass.
    const resource = JSON.parse(text.slice(t3 + 1, end)) as Resource & { id: string };
    const list = byPatient.get(patient);
    const located = { resource, file, line };
    if (list) list.push(located);
    else byPatient.set(patient, [located]);
  }
  for (const patient of [...byPatient.keys()].sort()) {
    const resources = byPatient.get(patient)!;
    resources.sort((a, b) => compare(a.resource.resourceType, b.resource.resourceType) || compare(a.resource.id, b.resource.id) || a.file - b.file || a.line - b.line);
    yield { patient, resources };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits one bucket file by another hash of the patient, streaming; returns the new files (the old one is deleted). */
async function resplit(path: string, parts: number, salt: number): Promise<string[]> {
  const writers = new BucketFiles(dirname(path), `${basename(path, '.tsv')}.s${salt}`, parts);
  await readNdjsonLines(path, ({ text }) => {
    writers.write(bucketOf(text.slice(0, text.indexOf('\t')), parts, salt), `${text}\n`);
  });
  const out = writers.close();
  rmSync(path, { force: true });
  return out;
}
