import { describe, expect, it } from 'vitest';
import { quarterFromDate, quarterFromFileName, quarterFromText, quarterKey, quarterLabel } from '../../src/catalog/import/quarter';

describe('quarters of CMS files', () => {
  it.each([
    ['"     Effective October 1, 2025 through December 31, 2025"', '2025-Q4'],
    ['October 2025 ASP NDC - HCPCS Crosswalk for Medicare Part B Drugs', '2025-Q4'],
    ['Payment Allowance Limits Effective July 1, 2025 through September 30, 2025 ... based on 2Q25 ASP data', '2025-Q3'],
    ['Comments on the file may be sent to us. Effective January 1, 2026', '2026-Q1'],
  ])('from title text %s', (text, key) => {
    const quarter = quarterFromText(text);
    expect(quarter && quarterKey(quarter)).toBe(key);
  });

  it.each([
    ['2025-10-asp-ndc-hcpcs-crosswalk.csv', '2025-Q4'],
    ['2026-04-mue-practitioner-J-Q.csv', '2026-Q2'],
    ['HCPC2025_OCT_ANWEB.xlsx', '2025-Q4'],
    ['MCR_MUE_PractitionerServices_Eff_04-01-2026.csv', '2026-Q2'],
    ['October 2025 ASP Pricing File.csv', '2025-Q4'],
    ['asp_20250701.csv', '2025-Q3'],
  ])('from the file name %s', (name, key) => {
    const quarter = quarterFromFileName(name);
    expect(quarter && quarterKey(quarter)).toBe(key);
  });

  it('finds nothing where nothing is said', () => {
    expect(quarterFromText('The ASP crosswalks are maintained by the Division of Data Analysis')).toBeUndefined();
    expect(quarterFromFileName('crosswalk.csv')).toBeUndefined();
  });

  it('labels a quarter after its first month', () => {
    expect(quarterLabel({ year: 2025, quarter: 4 })).toBe('2025-Q4 (CMS October 2025 files)');
    expect(quarterLabel({ year: 2026, quarter: 2 })).toBe('2026-Q2 (CMS April 2026 files)');
    expect(quarterFromDate('2025-03-31')).toEqual({ year: 2025, quarter: 1 });
  });
});
