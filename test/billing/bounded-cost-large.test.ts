// 10,000 distinct doses in one Bundle (issue 11, "Bad input"): each day's line and waste check, at a cost that does
// not grow with the doses. A file of its own so that the mutation run (vitest.mutation.config.ts) can leave out its
// several seconds, which every mutant of the drug lines would otherwise pay again. Subcutaneous, so the test is
// about the drug lines and the container check rather than the timing of 10,000 infusions.
import type { MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { admin, codes, medication, NDC, run, wasteRecord } from './fixtures';

const opdivo = () => medication('opdivo', [{ system: NDC, code: '00003-3774-12' }]); // J9299 1 mg; 100 and 240 mg vials

describe('10,000 distinct doses in one Bundle', () => {
  it('10,000 distinct doses, each on its own day with its own waste record, each get their lines', () => {
    const days = 10_000;
    const resources: Resource[] = [opdivo()];
    for (let i = 0; i < days; i++) {
      const date = new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
      const end = `${date}T10:00:00Z`;
      const ma: MedicationAdministration = admin({ id: `a${i}`, med: 'opdivo', dose: 1_000_000 + i, route: 'sc', start: `${date}T09:00:00Z`, end });
      const w = wasteRecord(`w${i}`, `a${i}`, 'opdivo', 20 - (i % 20));
      resources.push(ma, w);
    }
    const r = run(resources);
    expect(r.findings.map((f) => f.message).join('\n')).not.toMatch(/could not be derived/);
    const drug = r.lines.filter((l) => l.kind === 'drug' && l.modifiers.length === 0);
    expect(drug).toHaveLength(days);
    expect(drug.map((l) => l.units)).toEqual(Array.from({ length: days }, (_, i) => 1_000_000 + i));
    // dose + waste = 1,000,020 mg every day: a multiple of 20 and above every gap of 100/240 mg vials.
    expect(codes(r)).not.toContain('waste-inconsistent');
  });
});
