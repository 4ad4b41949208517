// The audit of a small export whose answers are worked out by hand (test/audit/small-export.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport, type AuditResult } from '../../src/audit/audit-export';
import { starterCatalog } from '../../src/catalog/starter';
import { readCsv, removeDir, tempDir, testCatalog } from './export-fixture';
import { writeSmallExport } from './small-export';

let exportDir: string;
let outDir: string;
let result: AuditResult;

beforeAll(async () => {
  exportDir = tempDir('small-export');
  outDir = tempDir('small-audit');
  writeSmallExport(exportDir);
  result = await auditExport({ exportDir, outDir, catalog: testCatalog(), today: '2026-01-02' });
});
afterAll(() => {
  removeDir(exportDir);
  removeDir(outDir);
});

describe('audit of a small export with known answers', () => {
  it('counts patients, encounters, administrations and waste records', () => {
    expect(result.summary.tally.totals).toEqual({
      patients: 3,
      encounters: 5,
      // Patient B (no coverage, undocumented waste), A1 (undocumented waste), C (unmapped drug).
      encountersBlocked: 3,
      administrations: 5,
      wasteRecords: 1,
      // A1: 96413 + 96415 (no drug line: waste undocumented); A2: J1745 x35, J1745-JW x5, 96413, 96415;
      // A3: J9299-JZ, 96413; B1: 96413 (no drug line); C1: nothing.
      lines: 9,
      // C1's nothing-to-bill follows from its drug-unmapped: counted apart (tally.consequences), not here.
      findings: { error: 4, warning: 0, info: 0 },
    });
  });

  it('counts findings per code', () => {
    const byCode = Object.fromEntries(Object.entries(result.summary.tally.byCode).map(([code, c]) => [code, c.count]));
    expect(byCode).toEqual({ 'waste-undocumented': 2, 'coverage-missing': 1, 'drug-unmapped': 1 });
    expect(result.summary.tally.consequences).toEqual({ 'nothing-to-bill': { count: 1, causes: { 'drug-unmapped': 1 } } });
  });

  it('prices undocumented waste: 5 x $7.512 (infliximab) + 80 x $4.308 (tocilizumab) = $382.20', () => {
    const waste = result.summary.tally.waste;
    expect(waste).toMatchObject({ findings: 2, estimated: 2, units: 85, unpriced: 0 });
    expect(Number(waste.dollars).toFixed(2)).toBe('382.20');
    expect(result.summary.tally.byDrug.J1745).toMatchObject({ administrations: 2, wasteUndocumented: 1, wasteUnits: 5, wasteDollars: '37.56' });
    expect(result.summary.tally.byDrug.J3262).toMatchObject({ administrations: 1, wasteUndocumented: 1, wasteUnits: 80, wasteDollars: '344.64' });
  });

  it('writes one findings.csv row per finding with patient, encounter, date, drug and HCPCS', () => {
    const rows = readCsv(join(outDir, 'findings.csv'));
    expect(rows).toHaveLength(5);
    const infliximab = rows.find((r) => r.code === 'waste-undocumented' && r.hcpcs === 'J1745');
    expect(infliximab).toMatchObject({
      patient: 'Patient/pa-alpha-0001',
      encounter: 'Encounter/enc-alpha-1',
      date: '2025-11-03',
      severity: 'error',
      caused_by: '',
      drug: 'infliximab, excludes biosimilar, 10 mg',
      // 5-4-2 with hyphens: text to a spreadsheet, leading zeros kept.
      ndc: '57894-0030-01',
      resources: 'MedicationAdministration/ma-alpha-1',
      waste_units: '5',
      waste_dollars: '37.56',
    });
    expect(rows.find((r) => r.code === 'drug-unmapped')).toMatchObject({ patient: 'Patient/pc-gamma-0003', date: '2025-11-05', hcpcs: '', ndc: '', drug: 'pembrolizumab <b>100 MG</b> & more' });
    // Still listed, with its cause, so nothing is lost; only the counts leave it out.
    expect(rows.find((r) => r.code === 'nothing-to-bill')).toMatchObject({ encounter: 'Encounter/enc-gamma-1', caused_by: 'drug-unmapped' });
  });

  it('writes every derived line to lines.csv, JW line included', () => {
    const rows = readCsv(join(outDir, 'lines.csv'));
    expect(rows).toHaveLength(9);
    const a2 = rows.filter((r) => r.encounter === 'Encounter/enc-alpha-2' && r.kind === 'drug');
    expect(a2.map((r) => [r.code, r.modifiers, r.units, r.ndc, r.ndc_quantity, r.ndc_unit])).toEqual([
      ['J1745', '', '35', '57894-0030-01', '3.5', 'UN'],
      ['J1745', 'JW', '5', '57894-0030-01', '0.5', 'UN'],
    ]);
    expect(rows.find((r) => r.code === 'J9299')).toMatchObject({ modifiers: 'JZ', units: '240', service_date: '2025-11-17', drug: 'nivolumab, 1 mg', ndc: '00003-3734-13' });
  });

  it('puts the worst encounters first, and only encounters with findings', () => {
    expect(result.summary.tally.worst.map((w) => w.encounter)).toEqual([
      'Encounter/enc-beta-1', // blocked, $344.64 of undocumented waste
      'Encounter/enc-alpha-1', // blocked, $37.56
      'Encounter/enc-gamma-1', // blocked (drug-unmapped; its nothing-to-bill is not counted again), no waste
    ]);
  });

  it('writes a self-contained report.html with every export text escaped', () => {
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('$382.20');
    expect(html).toContain('waste-undocumented');
    expect(html).toContain('J3262 tocilizumab, 1 mg');
    // No script, no external asset of any kind.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(|@import/i);
    expect(html).not.toMatch(/href="https?:/i);
    // The RxNorm-only drug's name carries markup in the export: it must arrive as text.
    expect(html).toContain('pembrolizumab &lt;b&gt;100 MG&lt;/b&gt; &amp; more');
    expect(html).not.toContain('<b>100 MG</b>');
  });

  it('says the value is not priced, and how to price it, when the catalog has no ASP prices', async () => {
    const unpriced = tempDir('small-audit-unpriced');
    try {
      const { summary } = await auditExport({ exportDir, outDir: unpriced, catalog: { ...starterCatalog }, today: '2026-01-02' });
      expect(summary.pricing).toBeUndefined();
      expect(summary.tally.waste).toMatchObject({ units: 85, dollars: '0', unpriced: 2 });
      const html = readFileSync(join(unpriced, 'report.html'), 'utf8');
      expect(html).toContain('<div class="k">money at risk</div><div class="v">not priced</div><div class="muted">no ASP prices: run with --cms-dir &lt;your CMS quarter folder&gt;</div>');
      expect(html).not.toContain('$0.00</div>');
    } finally {
      removeDir(unpriced);
    }
  });

  it('filters by date of service with --since/--until', async () => {
    const filtered = tempDir('small-audit-range');
    try {
      const { summary } = await auditExport({ exportDir, outDir: filtered, catalog: testCatalog(), today: '2026-01-02', since: '2025-11-04', until: '2025-11-10' });
      // In range: B1 (11-04), C1 (11-05), A2 (11-10, with its waste record). Out: A1 (11-03), A3 (11-17).
      expect(summary.tally.totals).toMatchObject({ encounters: 3, administrations: 3, wasteRecords: 1, patients: 3 });
      expect(readCsv(join(filtered, 'findings.csv')).map((r) => r.date).sort()).toEqual(['2025-11-04', '2025-11-04', '2025-11-05', '2025-11-05']);
      expect(readCsv(join(filtered, 'lines.csv')).every((r) => (r.service_date ?? '') >= '2025-11-04' && (r.service_date ?? '') <= '2025-11-10')).toBe(true);
    } finally {
      removeDir(filtered);
    }
  });
});
