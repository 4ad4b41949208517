import { describe, expect, it } from 'vitest';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { catalogEntriesFor, catalogOfAnswer } from '../../src/catalog/entries-for';
import type { CatalogEntries } from '../../src/catalog/types';

const entries: CatalogEntries = {
  quarter: '2025-Q4 (CMS October 2025 files)',
  codes: [
    { code: 'J1745', description: 'Injection, infliximab, excludes biosimilar, 10 mg', descriptor: { amount: '10', unit: 'mg' } },
    { code: 'J0881', description: 'Injection, darbepoetin alfa, 1 microgram (non-esrd use)', descriptor: { amount: '1', unit: 'mcg' } },
    { code: 'J0882', description: 'Injection, darbepoetin alfa, 1 microgram (for esrd on dialysis)', descriptor: { amount: '1', unit: 'mcg' } },
    { code: 'J2778', description: 'Injection, ranibizumab, 0.1 mg', descriptor: { amount: '0.1', unit: 'mg' } },
    { code: 'J9045', description: 'Injection, carboplatin, 50 mg', descriptor: { amount: '50', unit: 'mg' } },
  ],
  products: [
    { ndc: '57894003001', hcpcs: 'J1745', billUnits: '10' },
    { ndc: '57894016001', hcpcs: 'J1745', billUnits: '10' },
    { ndc: '55513002501', hcpcs: 'J0881', billUnits: '25' },
    { ndc: '55513002501', hcpcs: 'J0882', billUnits: '25' },
    { ndc: '55513005701', hcpcs: 'J0882', billUnits: '200' },
    { ndc: '00002759701', hcpcs: 'J2778', billUnits: '5' },
    { ndc: '00703424401', hcpcs: 'J9045', billUnits: '1' },
    { ndc: '00703424601', hcpcs: 'J9045', billUnits: '3' },
  ],
};
const index = new CatalogIndex(entries);
const codesOf = (answer: ReturnType<typeof catalogEntriesFor>) => catalogOfAnswer(answer).codes.map((code) => code.code);
const ndcsOf = (answer: ReturnType<typeof catalogEntriesFor>) => catalogOfAnswer(answer).products.map((p) => `${p.ndc} ${p.hcpcs}`);

describe('catalogEntriesFor (GET /api/catalog)', () => {
  it('answers an NDC with its code and every container size of that code', () => {
    const answer = catalogEntriesFor(index, { ndcs: ['57894-0030-01'], codes: [] });
    expect(answer.catalog).toBe('2025-Q4 (CMS October 2025 files)');
    expect(answer.unknown).toEqual([]);
    expect(codesOf(answer)).toEqual(['J1745']);
    expect(ndcsOf(answer)).toEqual(['57894003001 J1745', '57894016001 J1745']);
    // One entry per code, with all its products; the browser builds its own index from it.
    expect(answer.entries.map((e) => [e.hcpcs, e.products.length])).toEqual([['J1745', 2]]);
    expect(new CatalogIndex(catalogOfAnswer(answer)).code('J1745')?.descriptor).toEqual({ amount: '10', unit: 'mg' });
  });

  it('gives every code an NDC maps to, with those codes\' products', () => {
    const answer = catalogEntriesFor(index, { ndcs: ['55513-0025-01'], codes: [] });
    expect(codesOf(answer)).toEqual(['J0881', 'J0882']);
    expect(ndcsOf(answer)).toEqual(['55513002501 J0881', '55513002501 J0882', '55513005701 J0882']);
  });

  it('looks an unhyphenated 10-digit NDC up in every padding', () => {
    // 0002759701 is 4-4-2 for Lucentis (00002-7597-01); the other paddings are unknown.
    const answer = catalogEntriesFor(index, { ndcs: ['0002759701'], codes: [] });
    expect(codesOf(answer)).toEqual(['J2778']);
    expect(answer.unknown).toEqual([]);
  });

  it('answers codes asked for directly, in any case, and lists what it does not know as given', () => {
    const answer = catalogEntriesFor(index, { ndcs: ['12345-6789-01', 'not-an-ndc'], codes: ['j9045', 'J9999'] });
    expect(codesOf(answer)).toEqual(['J9045']);
    expect(ndcsOf(answer)).toEqual(['00703424401 J9045', '00703424601 J9045']);
    expect(answer.unknown).toEqual(['12345-6789-01', 'not-an-ndc', 'J9999']);
  });

  it('lists each code and product once when an NDC and its code are both asked for', () => {
    const answer = catalogEntriesFor(index, { ndcs: ['57894003001', '57894016001'], codes: ['J1745'] });
    expect(codesOf(answer)).toEqual(['J1745']);
    expect(ndcsOf(answer)).toEqual(['57894003001 J1745', '57894016001 J1745']);
  });

  it('answers an empty request with empty entries', () => {
    expect(catalogEntriesFor(index, { ndcs: [], codes: [] })).toEqual({
      catalog: entries.quarter,
      entries: [],
      unknown: [],
    });
  });
});
