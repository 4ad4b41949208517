// The importers on the real CMS files of the October 2025 quarter (and the April 2026 practitioner MUE table),
// read in place from ../shared/data/cms; skipped, with the reason printed, where that folder is absent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type LoadedCatalog } from '../../src/catalog/load';

const cmsDir = path.resolve(process.cwd(), '../shared/data/cms');
const present = existsSync(cmsDir);
if (!present) console.log(`skipping the real CMS file checks: ${cmsDir} does not exist`);

describe.skipIf(!present)('the real CMS quarter', () => {
  let cms: LoadedCatalog;
  let merged: LoadedCatalog;
  beforeAll(async () => {
    // Alone (no starter facts) to count what the files hold, and merged as the doors load it.
    cms = await loadCatalog({ cmsDir, starter: { quarter: 'none', codes: [], products: [] } });
    merged = await loadCatalog({ cmsDir });
  }, 60_000);

  it('recognises all four files by their headers, each with its quarter', () => {
    expect(cms.report.quarter).toBe('2025-Q4 (CMS October 2025 files)');
    expect(cms.report.files.map((file) => [file.file, file.kind, file.quarter, file.used, file.problems.length])).toEqual([
      ['2025-10-asp-ndc-hcpcs-crosswalk.csv', 'crosswalk', '2025-Q4', true, 0],
      ['2025-10-asp-pricing.csv', 'pricing', '2025-Q4', true, 0],
      ['2026-04-mue-practitioner-J-Q.csv', 'mue', '2026-Q2', true, 0],
      ['HCPC2025_OCT_ANWEB.xlsx', 'hcpcs', '2025-Q4', true, 0],
    ]);
    expect(cms.report).toMatchObject({ usable: true, missing: [], problems: [] });
  });

  it('counts the rows, the skipped non-NDC ids, the codes and the NDCs', () => {
    const crosswalk = cms.report.files.find((file) => file.kind === 'crosswalk');
    expect(crosswalk?.rows).toBe(8245);
    expect(crosswalk?.skipped).toEqual([{ reason: 'product id is not an NDC', count: 1284 }]);
    expect(cms.report.files.find((file) => file.kind === 'hcpcs')?.skipped).toEqual([{ reason: 'modifier (RECID 7)', count: 383 }]);
    // 8,463 RECID 3 codes, plus CPT codes that only the crosswalk, ASP or MUE files name.
    expect(cms.report.codes).toBe(8497);
    expect(cms.report.products).toBe(6961);
    expect(cms.report.ndcs).toBe(6789);
    const multiCode = new Map<string, Set<string>>();
    for (const product of cms.entries.products) {
      multiCode.set(product.ndc, (multiCode.get(product.ndc) ?? new Set()).add(product.hcpcs));
    }
    expect([...multiCode.values()].filter((codes) => codes.size > 1)).toHaveLength(133);
  });

  it('reads descriptors, MUEs and dates of the codes the billing rules name', () => {
    const code = (hcpcs: string) => cms.index.code(hcpcs);
    expect(code('J1745')).toMatchObject({ descriptor: { amount: '10', unit: 'mg' }, mue: { units: 150, adjudication: 3 } });
    expect(code('J1300')).toMatchObject({ addDate: '2008-01-01', termDate: '2025-03-31' });
    expect(code('J1200')?.descriptor).toEqual({ amount: '50', unit: 'mg', upTo: true });
    expect(code('J0885')?.descriptor).toEqual({ amount: '1000', unit: 'unit' });
    expect(code('J2778')?.descriptor).toEqual({ amount: '0.1', unit: 'mg' });
    expect(code('J9299')?.descriptor).toEqual({ amount: '1', unit: 'mg' });
    expect(code('J9041')?.descriptor).toEqual({ amount: '0.1', unit: 'mg' }); // bortezomib, not doxorubicin
    expect(code('J0881')?.descriptor).toEqual({ amount: '1', unit: 'mcg' });
    expect(code('J2505')?.termDate).toBe('2021-12-31');
    expect(code('J1745')?.paymentLimit).toMatch(/^\d+(\.\d+)?$/);
  });

  it('maps NDC 57894-0030-01 to J1745 with 10 billing units a vial (10 x 10 mg = 100 mg)', () => {
    const [remicade, ...others] = cms.index.productsOfNdc('57894003001');
    expect(others).toEqual([]);
    expect(remicade).toMatchObject({ hcpcs: 'J1745', billUnits: '10', name: 'Remicade', packageQuantity: '1' });
    expect(cms.index.code('J1745')?.descriptor?.amount).toBe('10');
  });

  it('merged over the starter facts, keeps their administration class and container type', () => {
    expect(merged.report.quarter).toBe('2025-Q4 (CMS October 2025 files)');
    expect(merged.index.code('J1745')).toMatchObject({ mue: { units: 150, adjudication: 3 }, source: 'HCPC2025_OCT_ANWEB.xlsx' });
    expect(merged.index.code('J1745')?.administrationClass).toBeDefined();
    expect(merged.index.productsOfNdc('57894003001')[0]).toMatchObject({ billUnits: '10', containerType: 'single-dose' });
    expect(merged.report.codes).toBeGreaterThanOrEqual(cms.report.codes);
  });
});
