// Input faults are told (and printed by the CLI on stderr) in file and line order within each file, although the
// id check and the audit run one job per hash bucket, on several threads, finishing in any order. Each phase's
// jobs are in hand together, so their faults are ordered before they are told; faults.csv is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport } from '../../src/audit/audit-export';
import type { InputFault } from '../../src/audit/faults';
import { administration, encounter, medication, INFLIXIMAB_NDC, patient, readCsv, removeDir, tempDir, testCatalog, writeExport } from './export-fixture';

const PATIENTS = 120;
let exportDir: string;
let outDir: string;
const told: InputFault[] = [];

beforeAll(async () => {
  exportDir = tempDir('fault-order-export');
  outDir = tempDir('fault-order-audit');
  const ids = Array.from({ length: PATIENTS }, (_, i) => `p-${String(i).padStart(4, '0')}`);
  const administrations = ids.flatMap((p, i) => {
    const ma = administration(`ma-${p}`, p, `enc-${p}`, i % 2 === 0 ? 'Medication/med-inf' : `Medication/med-gone-${i}`, 100, '2025-11-03');
    // Every third patient's administration is in the file twice, with different content: duplicate-id.
    return i % 3 === 0 ? [ma, { ...ma, note: [{ text: 'copy' }] }] : [ma];
  });
  writeExport(exportDir, {
    'Patient.ndjson': ids.map((p) => patient(p)),
    'Encounter.ndjson': ids.map((p) => encounter(`enc-${p}`, p, '2025-11-03')),
    'Medication.ndjson': [medication('med-inf', INFLIXIMAB_NDC, 'Remicade 100 mg')],
    'MedicationAdministration.ndjson': administrations,
  });
  // Small buckets, two threads: the faults come from many jobs, which finish in bucket (hash) order.
  await auditExport({ exportDir, outDir, catalog: testCatalog(), today: '2026-01-02', workers: 2, bucketBytes: 4096, onFault: (f) => told.push(f) });
}, 120_000);
afterAll(() => {
  removeDir(exportDir);
  removeDir(outDir);
});

/** The lines of one kind's faults in the order they were told, per file. */
const linesTold = (kind: InputFault['kind']) => told.filter((f) => f.kind === kind).map((f) => `${f.file}:${f.line}`);
const inOrder = (places: string[]) =>
  [...places].sort((a, b) => a.split(':')[0]!.localeCompare(b.split(':')[0]!) || Number(a.split(':')[1]) - Number(b.split(':')[1]));

describe('input faults told in file and line order', () => {
  it('references to missing resources, found bucket by bucket in the audit pass', () => {
    const places = linesTold('reference-unresolved');
    expect(places.length).toBeGreaterThan(10);
    expect(places).toEqual(inOrder(places));
  });

  it('duplicate ids, found bucket by bucket in the id check', () => {
    const places = linesTold('duplicate-id');
    expect(places.length).toBeGreaterThan(10);
    expect(places).toEqual(inOrder(places));
  });

  it('faults.csv still holds every one of them', () => {
    const rows = readCsv(`${outDir}/faults.csv`);
    for (const kind of ['reference-unresolved', 'duplicate-id'] as const) {
      expect(rows.filter((r) => r.kind === kind)).toHaveLength(told.filter((f) => f.kind === kind).length);
    }
  });
});
