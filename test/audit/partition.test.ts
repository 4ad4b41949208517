import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDuplicates, PatientPartitioner, patientGroups, type PatientGroup } from '../../src/audit/partition';
import { removeDir, tempDir } from './export-fixture';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function partition(patients: number, perPatient: number, bucketCount: number): { dir: string; buckets: string[] } {
  const dir = tempDir('partition');
  dirs.push(dir);
  const p = new PatientPartitioner(dir, bucketCount);
  let line = 0;
  // Resources of all patients interleaved, as in a real MedicationAdministration file.
  for (let r = 0; r < perPatient; r++) {
    for (let i = 0; i < patients; i++) {
      const resource = { resourceType: 'MedicationAdministration', id: `ma-${i}-${r}`, subject: { reference: `Patient/p${i}` }, note: [{ text: 'x'.repeat(200) }] };
      p.add({ patient: `Patient/p${i}`, ref: `MedicationAdministration/${resource.id}`, type: 'MedicationAdministration', lastUpdated: '', bytes: Buffer.from(JSON.stringify(resource)), file: 0, line: ++line });
    }
  }
  return { dir, buckets: p.close().patientBuckets.map(([, path]) => path) };
}

async function collect(buckets: string[], bucketBytes: number, dropped = new Set<string>()): Promise<PatientGroup[]> {
  const out: PatientGroup[] = [];
  for await (const g of patientGroups(buckets, dropped, bucketBytes)) out.push(g);
  return out;
}

describe('partitioning by patient', () => {
  it('gives every patient all of their resources, sorted by type and id, once', async () => {
    const { dir, buckets } = partition(30, 5, 4);
    const groups = await collect(buckets, 1 << 20);
    expect(groups).toHaveLength(30);
    for (const g of groups) {
      const n = g.patient.slice('Patient/p'.length);
      expect(g.resources.map((r) => r.resource.id)).toEqual([0, 1, 2, 3, 4].map((r) => `ma-${n}-${r}`));
    }
    // Bucket files are removed once read.
    expect(readdirSync(dir).filter((f) => f.startsWith('patients-'))).toEqual([]);
  });

  it('splits a bucket far over the aimed size again, without losing or repeating anything', async () => {
    // One bucket of ~60 patients x 5 resources x ~300 bytes = ~90 kB, aimed at 4 kB: it must be split again.
    const { buckets } = partition(60, 5, 1);
    const whole = await collect(buckets, 1 << 20);
    const again = partition(60, 5, 1);
    const split = await collect(again.buckets, 4096);
    const byPatient = (gs: PatientGroup[]) => Object.fromEntries(gs.map((g) => [g.patient, g.resources.map((r) => r.resource.id)]));
    expect(byPatient(split)).toEqual(byPatient(whole));
    // One bucket read whole yields patients in sorted order; after splitting they come sub-bucket by sub-bucket.
    const order = split.map((g) => g.patient);
    expect(order).not.toEqual([...order].sort());
  });

  it('locates lines by bytes: ids and text outside ASCII come back exactly, with their file and line', async () => {
    // Multi-byte characters before and inside the JSON move every later byte offset away from the string's.
    const dir = tempDir('partition-utf8');
    dirs.push(dir);
    const p = new PatientPartitioner(dir, 1);
    const patients = ['Patient/Zoë-Ωmega', 'Patient/李-1', 'Patient/plain'];
    const expected = new Map<string, string[]>();
    let line = 0;
    for (const [i, patient] of patients.entries()) {
      for (const r of [0, 1]) {
        const resource = { resourceType: 'Procedure', id: `proc-${i}-${r}`, subject: { reference: patient }, note: [{ text: `näher 🩺 ${'é'.repeat(r + i)}` }] };
        p.add({ patient, ref: `Procedure/${resource.id}`, type: 'Procedure', lastUpdated: '', bytes: Buffer.from(JSON.stringify(resource)), file: 3, line: ++line });
        expected.set(patient, [...(expected.get(patient) ?? []), JSON.stringify(resource)]);
      }
    }
    const groups = await collect(p.close().patientBuckets.map(([, path]) => path), 1 << 20);
    expect(groups.map((g) => g.patient)).toEqual([...patients].sort());
    for (const g of groups) {
      expect(g.resources.map((r) => JSON.stringify(r.resource))).toEqual(expected.get(g.patient));
      expect(g.resources.every((r) => r.file === 3)).toBe(true);
    }
    expect(groups.flatMap((g) => g.resources.map((r) => r.line)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('leaves out the copies the duplicate check dropped', async () => {
    const { buckets } = partition(3, 2, 1);
    const groups = await collect(buckets, 1 << 20, new Set(['0:1', '0:5']));
    expect(groups.flatMap((g) => g.resources.map((r) => r.line)).sort((a, b) => a - b)).toEqual([2, 3, 4, 6]);
  });
});

describe('the duplicate check', () => {
  // Three copies of one id, read in every order from two index files: the newest is kept and each other copy is
  // reported against it, never against a copy that lost later.
  const rows = ['MedicationAdministration/a\t0\t4\t2026-01-01T00:00:00Z', 'MedicationAdministration/a\t1\t2\t2026-03-01T00:00:00Z', 'MedicationAdministration/a\t0\t9\t2026-02-01T00:00:00Z', 'Patient/p\t2\t1\t'];
  const orders = [[0, 1, 2, 3], [2, 1, 0, 3], [1, 3, 0, 2], [3, 2, 1, 0]];

  it.each(orders)('keeps the newest copy whatever the order the copies are read in (%j)', (...order) => {
    const dir = tempDir('dupes');
    dirs.push(dir);
    const first = join(dir, 'ids-f0-0.tsv');
    const second = join(dir, 'ids-f1-0.tsv');
    writeFileSync(first, `${order.slice(0, 2).map((i) => rows[i]).join('\n')}\n`);
    writeFileSync(second, `${order.slice(2).map((i) => rows[i]).join('\n')}\n`);
    const check = checkDuplicates([first, second], (i) => `file${i}.ndjson`);
    expect(check.dropped).toEqual(['0:4', '0:9']);
    expect(check.faults.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'file0.ndjson:4 MedicationAdministration/a appears again; the copy at file1.ndjson:2 is kept',
      'file0.ndjson:9 MedicationAdministration/a appears again; the copy at file1.ndjson:2 is kept',
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });
});
