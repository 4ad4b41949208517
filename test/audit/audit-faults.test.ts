// Bad input: each fault is counted and reported with its file and line (summary, faults.csv, report.html,
// the onFault callback the CLI prints from), and the rest of the audit goes on.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport, type AuditResult } from '../../src/audit/audit-export';
import type { InputFault } from '../../src/audit/faults';
import { administration, readCsv, removeDir, tempDir, testCatalog } from './export-fixture';
import { smallExportFiles } from './small-export';

let exportDir: string;
let outDir: string;
let result: AuditResult;
const reported: InputFault[] = [];

const line = (r: unknown) => `${JSON.stringify(r)}\n`;

beforeAll(async () => {
  exportDir = tempDir('faulty-export');
  outDir = tempDir('faulty-audit');
  const files = smallExportFiles();
  const [a1, a2, waste, a3, b1, c1] = files['MedicationAdministration.ndjson']!;
  const noSubject = administration('ma-nobody', 'x', 'enc-alpha-1', 'Medication/med-inf', 100, '2025-11-03');
  delete noSubject.subject;
  const gone = administration('ma-gone', 'pa-alpha-0001', 'enc-alpha-3', 'Medication/med-gone', 200, '2025-11-17', 30);
  const maLines = [
    line(a1), // 1
    line(a2), // 2
    'this is not json\n', // 3: invalid-json
    line(waste), // 4
    line({ resourceType: 'Observation', id: 'obs-stray', status: 'final', subject: { reference: 'Patient/pa-alpha-0001' } }), // 5: wrong-type
    line(a3), // 6
    line(b1), // 7
    line(c1), // 8
    '[1,2,3]\n', // 9: not-a-resource
    line(noSubject), // 10: patient-missing
    line(gone), // 11: reference-unresolved (Medication/med-gone)
  ];
  for (const [name, resources] of Object.entries(files)) {
    if (name !== 'MedicationAdministration.ndjson') writeFileSync(join(exportDir, name), resources.map(line).join(''));
  }
  writeFileSync(join(exportDir, 'MedicationAdministration.ndjson'), maLines.join(''));
  // A second file of the type: the same administration again (identical copy), then a line cut short.
  writeFileSync(join(exportDir, 'MedicationAdministration_part2.ndjson'), `${line(a3)}{"resourceType":"MedicationAdministration","id":"ma-cut","sta`);
  // The same Encounter id again, for another patient.
  const reused = { ...files['Encounter.ndjson']![0]!, subject: { reference: 'Patient/pc-gamma-0003' } };
  appendFileSync(join(exportDir, 'Encounter.ndjson'), line(reused)); // Encounter.ndjson:6
  const names = [...Object.keys(files), 'MedicationAdministration_part2.ndjson', 'Procedure-2.ndjson'];
  writeFileSync(
    join(exportDir, 'manifest.json'),
    JSON.stringify({
      transactionTime: '2026-01-02T00:00:00Z',
      request: 'https://ehr.example.org/fhir/$export',
      requiresAccessToken: true,
      output: names.map((name) => ({ type: name.replace(/[-_.].*$/, ''), url: `https://ehr.example.org/bulk/x/${name}` })),
      error: [],
    }),
  );
  result = await auditExport({ exportDir, outDir, catalog: testCatalog(), today: '2026-01-02', onFault: (f) => reported.push(f) });
});
afterAll(() => {
  removeDir(exportDir);
  removeDir(outDir);
});

const EXPECTED: Array<Pick<InputFault, 'kind' | 'file' | 'line'>> = [
  { kind: 'file-missing', file: 'Procedure-2.ndjson', line: 0 },
  { kind: 'invalid-json', file: 'MedicationAdministration.ndjson', line: 3 },
  { kind: 'wrong-type', file: 'MedicationAdministration.ndjson', line: 5 },
  { kind: 'not-a-resource', file: 'MedicationAdministration.ndjson', line: 9 },
  { kind: 'patient-missing', file: 'MedicationAdministration.ndjson', line: 10 },
  { kind: 'truncated-line', file: 'MedicationAdministration_part2.ndjson', line: 2 },
  { kind: 'duplicate-id', file: 'MedicationAdministration_part2.ndjson', line: 1 },
  { kind: 'duplicate-id', file: 'Encounter.ndjson', line: 6 },
  { kind: 'reference-unresolved', file: 'MedicationAdministration.ndjson', line: 11 },
];

const key = (f: Pick<InputFault, 'kind' | 'file' | 'line'>) => `${f.kind} ${f.file}:${f.line}`;

describe('audit of an export with faults', () => {
  it('reports each fault once, with its file and line, in the summary and to the caller', () => {
    expect(result.summary.tally.faults.counts).toEqual({
      'file-missing': 1,
      'invalid-json': 1,
      'wrong-type': 1,
      'not-a-resource': 1,
      'patient-missing': 1,
      'truncated-line': 1,
      'duplicate-id': 2,
      'reference-unresolved': 1,
    });
    expect(result.summary.tally.faults.samples.map(key).sort()).toEqual(EXPECTED.map(key).sort());
    expect(reported.map(key).sort()).toEqual(EXPECTED.map(key).sort());
  });

  it('says which copy of a duplicate is kept and what a dangling reference points at', () => {
    const samples = result.summary.tally.faults.samples;
    expect(samples.find((f) => f.kind === 'duplicate-id' && f.file === 'Encounter.ndjson')?.message).toBe(
      'Encounter/enc-alpha-1 appears again; the copy at Encounter.ndjson:1 is kept',
    );
    expect(samples.find((f) => f.kind === 'duplicate-id' && f.file.endsWith('part2.ndjson'))?.message).toContain('MedicationAdministration.ndjson:6 is kept');
    expect(samples.find((f) => f.kind === 'wrong-type')?.message).toBe('an Observation in a file of MedicationAdministration resources; left out');
    // JSON.parse's message is kept without the snippet of the line it quotes.
    expect(samples.find((f) => f.kind === 'invalid-json')?.message).toBe("not JSON: Unexpected token 'h', (...) is not valid JSON");
    expect(samples.find((f) => f.kind === 'reference-unresolved')).toMatchObject({
      resource: 'MedicationAdministration/ma-gone',
      message: 'MedicationAdministration/ma-gone refers to Medication/med-gone, which is not in the export',
    });
  });

  it('writes every fault to faults.csv and lists them in report.html', () => {
    const rows = readCsv(join(outDir, 'faults.csv'));
    expect(rows.map((r) => `${r.kind} ${r.file}:${r.line}`).sort()).toEqual(EXPECTED.map(key).sort());
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('MedicationAdministration.ndjson:3');
    expect(html).toContain('MedicationAdministration_part2.ndjson:2');
    expect(html).toContain('truncated-line');
  });

  it('audits everything else as if the faults were not there', () => {
    const t = result.summary.tally;
    // The five administrations of the clean export, plus ma-gone; the copy, the cut line and ma-nobody are out.
    expect(t.totals).toMatchObject({ patients: 3, encounters: 5, administrations: 6, wasteRecords: 1 });
    expect(t.byCode['waste-undocumented']?.count).toBe(2);
    // ma-gone's Medication is missing: the engine cannot identify it either.
    expect(t.byCode['drug-unmapped']?.count).toBe(2);
    expect(Number(t.waste.dollars).toFixed(2)).toBe('382.20');
    // The Encounter copy of another patient was dropped, so patient C's encounter list is unchanged.
    expect(t.worst.filter((w) => w.patient === 'Patient/pc-gamma-0003').map((w) => w.encounter)).toEqual(['Encounter/enc-gamma-1']);
  });

  it('reports the same faults at the same lines when each file is read in many pieces by three threads', async () => {
    const pieces = tempDir('faulty-audit-pieces');
    try {
      const again = await auditExport({ exportDir, outDir: pieces, catalog: testCatalog(), today: '2026-01-02', readPieceBytes: 64, workers: 3 });
      expect(again.summary.tally.faults).toEqual(result.summary.tally.faults);
      for (const name of ['faults.csv', 'findings.csv', 'lines.csv']) {
        expect(readFileSync(join(pieces, name), 'utf8'), name).toBe(readFileSync(join(outDir, name), 'utf8'));
      }
    } finally {
      removeDir(pieces);
    }
  });

  it('reports an export folder that cannot be read as an input error', async () => {
    await expect(auditExport({ exportDir: join(exportDir, 'no-such-folder'), outDir, catalog: testCatalog() })).rejects.toThrow(/cannot read the export folder/);
  });
});
