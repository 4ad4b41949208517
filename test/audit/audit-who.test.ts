// Who must fix what: the performer, the location and the drug on every row, and the report's money by drug,
// location and performer, on a small export whose answers are worked out by hand. The names are hostile: commas,
// quotes, a line break, a formula, a full-width formula, markup; one performer and one location are references
// to nothing in the export.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExport, type AuditResult } from '../../src/audit/audit-export';
import { administration, coverage, encounter, INFLIXIMAB_NDC, medication, NIVOLUMAB_NDC, patient, readCsv, removeDir, tempDir, testCatalog, TOCILIZUMAB_NDC, writeExport } from './export-fixture';

const LOCATIONS = {
  infusion: 'Infusion, 2nd floor "East"',
  formula: '=HYPERLINK("http://evil.example","x")',
  fullWidth: '＝1+1',
  lineBreak: 'Oncology\nClinic <b>B</b>',
};

function withPerformer(ma: Record<string, unknown>, reference: string): Record<string, unknown> {
  return { ...ma, performer: [{ actor: { reference } }] };
}

function at(enc: Record<string, unknown>, location: string): Record<string, unknown> {
  return { ...enc, location: [{ location: { reference: location } }] };
}

let exportDir: string;
let outDir: string;
let result: AuditResult;

beforeAll(async () => {
  exportDir = tempDir('who-export');
  outDir = tempDir('who-audit');
  // Two patients, four encounters; prices (test catalog): J1745 $7.512, J3262 $4.308, J9299 $29.871 per unit.
  // e1 (Infusion, Ana Lopez): infliximab 350 mg, no waste record: 5 units, $37.56.
  // e2 (formula location, Sam Nurse): tocilizumab 320 mg from 200 mg vials, no record: 80 units, $344.64.
  // e3 (full-width location, performer not in the export): nivolumab 230 mg from a 240 mg vial, no record:
  //     A = 230, W = 240 - 230 = 10 units, $298.71.
  // e4 (location not in the export, Sam Nurse): nivolumab 240 mg, exact: JZ, no finding.
  // e5 (line-break location, Ana Lopez): infliximab 300 mg, exact (3 vials): JZ, no finding.
  writeExport(exportDir, {
    'Patient.ndjson': [patient('p1'), patient('p2')],
    'Coverage.ndjson': [coverage('p1'), coverage('p2')],
    'Encounter.ndjson': [
      at(encounter('e1', 'p1', '2025-11-03'), 'Location/infusion'),
      at(encounter('e2', 'p1', '2025-11-04'), 'Location/formula'),
      at(encounter('e3', 'p2', '2025-11-05'), 'Location/full-width'),
      at(encounter('e4', 'p2', '2025-11-06'), 'Location/gone'),
      at(encounter('e5', 'p2', '2025-11-07'), 'Location/line-break'),
    ],
    'MedicationAdministration.ndjson': [
      withPerformer(administration('a1', 'p1', 'e1', 'Medication/inf', 350, '2025-11-03'), 'Practitioner/ana'),
      withPerformer(administration('a2', 'p1', 'e2', 'Medication/toc', 320, '2025-11-04', 60), 'Practitioner/sam'),
      withPerformer(administration('a3', 'p2', 'e3', 'Medication/nivo', 230, '2025-11-05', 30), 'Practitioner/nobody'),
      withPerformer(administration('a4', 'p2', 'e4', 'Medication/nivo', 240, '2025-11-06', 30), 'Practitioner/sam'),
      withPerformer(administration('a5', 'p2', 'e5', 'Medication/inf', 300, '2025-11-07'), 'PractitionerRole/ana-infusion'),
    ],
    'Medication.ndjson': [medication('inf', INFLIXIMAB_NDC, 'Remicade'), medication('toc', TOCILIZUMAB_NDC, 'Actemra'), medication('nivo', NIVOLUMAB_NDC, 'Opdivo')],
    'Organization.ndjson': [{ resourceType: 'Organization', id: 'clinic', name: 'Test Clinic' }, { resourceType: 'Organization', id: 'payer', name: 'Payer' }],
    'Location.ndjson': [
      { resourceType: 'Location', id: 'infusion', name: LOCATIONS.infusion },
      { resourceType: 'Location', id: 'formula', name: LOCATIONS.formula },
      { resourceType: 'Location', id: 'full-width', name: LOCATIONS.fullWidth },
      { resourceType: 'Location', id: 'line-break', name: LOCATIONS.lineBreak },
    ],
    'Practitioner.ndjson': [
      { resourceType: 'Practitioner', id: 'ana', name: [{ given: ['Ana'], family: 'Lopez' }] },
      { resourceType: 'Practitioner', id: 'sam', name: [{ use: 'old', family: 'Old' }, { use: 'official', given: ['Sam'], family: 'Nurse' }] },
    ],
    'PractitionerRole.ndjson': [{ resourceType: 'PractitionerRole', id: 'ana-infusion', practitioner: { reference: 'Practitioner/ana' } }],
    'Procedure.ndjson': [],
  });
  result = await auditExport({ exportDir, outDir, catalog: testCatalog(), today: '2026-01-02' });
});
afterAll(() => {
  removeDir(exportDir);
  removeDir(outDir);
});

describe('who must fix what', () => {
  it('puts the drug, the performer and the location on every findings.csv row, formulas neutralised', () => {
    const rows = readCsv(join(outDir, 'findings.csv'));
    expect(rows.map((r) => [r.encounter, r.code, r.drug, r.ndc, r.hcpcs, r.performer, r.performer_id, r.location, r.location_id, r.waste_dollars])).toEqual([
      ['Encounter/e1', 'waste-undocumented', 'infliximab, excludes biosimilar, 10 mg', '57894-0030-01', 'J1745', 'Ana Lopez', 'Practitioner/ana', LOCATIONS.infusion, 'Location/infusion', '37.56'],
      // A spreadsheet would run these as formulas: a leading apostrophe makes them text.
      ['Encounter/e2', 'waste-undocumented', 'tocilizumab, 1 mg', '50242-0136-01', 'J3262', 'Sam Nurse', 'Practitioner/sam', `'${LOCATIONS.formula}`, 'Location/formula', '344.64'],
      // The performer is a reference to nothing: its id is kept, it has no name.
      ['Encounter/e3', 'waste-undocumented', 'nivolumab, 1 mg', '00003-3734-13', 'J9299', '', 'Practitioner/nobody', `'${LOCATIONS.fullWidth}`, 'Location/full-width', '298.71'],
    ]);
  });

  it('puts the drug, the performer and the location on every lines.csv row', () => {
    const drugLines = readCsv(join(outDir, 'lines.csv')).filter((r) => r.kind === 'drug');
    expect(drugLines.map((r) => [r.encounter, r.code, r.modifiers, r.drug, r.ndc, r.performer, r.location, r.location_id])).toEqual([
      ['Encounter/e4', 'J9299', 'JZ', 'nivolumab, 1 mg', '00003-3734-13', 'Sam Nurse', '', 'Location/gone'],
      // The name with a line break and markup comes back exactly (quoted), the performer through her role.
      ['Encounter/e5', 'J1745', 'JZ', 'infliximab, excludes biosimilar, 10 mg', '57894-0030-01', 'Ana Lopez', LOCATIONS.lineBreak, 'Location/line-break'],
    ]);
  });

  it('reports the references to nothing as input faults, and audits on', () => {
    const unresolved = readCsv(join(outDir, 'faults.csv')).filter((f) => f.kind === 'reference-unresolved').map((f) => f.message);
    expect(unresolved).toHaveLength(2);
    expect(unresolved).toEqual(expect.arrayContaining([expect.stringContaining('Practitioner/nobody'), expect.stringContaining('Location/gone')]));
    expect(result.summary.tally.totals.administrations).toBe(5);
  });

  it('adds up money and errors by drug, by location and by performer, each ordered by money', () => {
    const t = result.summary.tally;
    const rows = (table: Record<string, { label: string; wasteDollars: string; errors: number; encounters: number; worst: { encounter: string }[] }>) =>
      Object.values(table)
        .filter((g) => g.encounters > 0)
        .sort((a, b) => Number(b.wasteDollars) - Number(a.wasteDollars))
        .map((g) => [g.label, g.wasteDollars, g.errors, g.worst.map((w) => w.encounter)]);
    expect(rows(t.byDrug)).toEqual([
      ['J3262 tocilizumab, 1 mg', '344.64', 1, ['Encounter/e2']],
      ['J9299 nivolumab, 1 mg', '298.71', 1, ['Encounter/e3']],
      ['J1745 infliximab, excludes biosimilar, 10 mg', '37.56', 1, ['Encounter/e1']],
    ]);
    expect(rows(t.byLocation)).toEqual([
      [LOCATIONS.formula, '344.64', 1, ['Encounter/e2']],
      [LOCATIONS.fullWidth, '298.71', 1, ['Encounter/e3']],
      [LOCATIONS.infusion, '37.56', 1, ['Encounter/e1']],
    ]);
    expect(rows(t.byPerformer)).toEqual([
      ['Sam Nurse', '344.64', 1, ['Encounter/e2']],
      ['(performer not in the export)', '298.71', 1, ['Encounter/e3']],
      ['Ana Lopez', '37.56', 1, ['Encounter/e1']],
    ]);
    expect(t.worst.map((w) => [w.encounter, w.drugs, w.location, w.performers])).toEqual([
      ['Encounter/e2', ['J3262'], LOCATIONS.formula, ['Sam Nurse']],
      ['Encounter/e3', ['J9299'], LOCATIONS.fullWidth, ['(performer not in the export)']],
      ['Encounter/e1', ['J1745'], LOCATIONS.infusion, ['Ana Lopez']],
    ]);
  });

  it('shows the tables in report.html ordered by money, each row linking to its encounters, every name escaped', () => {
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    const section = (title: string) => html.slice(html.indexOf(`>${title}</h2>`), html.indexOf('</table>', html.indexOf(`>${title}</h2>`)));
    const byLocation = section('Money at risk by location');
    const order = ['HYPERLINK', '＝1+1', 'Infusion, 2nd floor'].map((name) => byLocation.indexOf(name));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(byLocation).toContain('$344.64');
    expect(byLocation).toContain('<a href="#location-0">1</a>');
    expect(html).toContain('id="location-0"');
    expect(html).toContain('Infusion, 2nd floor &quot;East&quot;');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)');
    expect(html).not.toMatch(/href="http/);
    const byPerformer = section('Money at risk by performer');
    expect(byPerformer.indexOf('Sam Nurse')).toBeLessThan(byPerformer.indexOf('Ana Lopez'));
    // The headline: the value and what it is based on.
    expect(html).toContain('<div class="k">money at risk</div><div class="v">$680.91</div>');
    expect(html).toContain('times the ASP payment limit per unit, from the ASP payment limits of test quarter');
  });
});
