// The starter catalog's ASP payment limits: each one the CMS October 2025 pricing file's figure (checked against
// the real file when ../shared/data/cms holds it), used only when no CMS quarter is loaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load';
import { starterCatalog } from '../../src/catalog/starter';
import { STARTER_PAYMENT_LIMITS, STARTER_PRICES_SOURCE } from '../../src/catalog/starter-prices';

const pricingFile = path.resolve(process.cwd(), '../shared/data/cms/2025-10-asp-pricing.csv');
const havePricing = fs.existsSync(pricingFile);

describe('starter payment limits', () => {
  it('price only codes of the starter catalog, as decimal strings', () => {
    const codes = new Set(starterCatalog.codes.map((c) => c.code));
    for (const [code, limit] of Object.entries(STARTER_PAYMENT_LIMITS)) {
      expect(codes.has(code), code).toBe(true);
      expect(limit, code).toMatch(/^\d+\.\d{3}$/);
    }
  });

  it('are set by loadCatalog() without a CMS folder, with their source', async () => {
    const { entries, index } = await loadCatalog();
    expect(entries.pricing).toBe(STARTER_PRICES_SOURCE);
    expect(index.code('J1745')?.paymentLimit).toBe('31.090');
    expect(index.code('J9312')?.paymentLimit).toBe('75.220');
    // Terminated: the quarter prices it no more.
    expect(index.code('J1300')?.paymentLimit).toBeUndefined();
  });

  it('are not used when a CMS quarter is loaded: its own pricing file is the source', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jcode-prices-'));
    try {
      // A quarter folder holding a pricing file of one code only: every other code stays unpriced.
      fs.writeFileSync(
        path.join(dir, '2026-01-asp-pricing.csv'),
        'Payment Allowance Limits for Medicare Part B Drugs\n\n"Effective January 1, 2026 through March 31, 2026"\n\n\n\n\n\nHCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit,Co-insurance Percentage\nJ9299,"Injection, nivolumab",1 MG,33.100,20.000\n',
      );
      const { entries, index } = await loadCatalog({ cmsDir: dir });
      expect(index.code('J9299')?.paymentLimit).toBe('33.1');
      expect(index.code('J1745')?.paymentLimit).toBeUndefined();
      expect(entries.pricing).toContain('2026-01-asp-pricing.csv');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!havePricing)('are the Payment Limit of the October 2025 ASP pricing file, for every starter code it prices', () => {
    const rows = parse(fs.readFileSync(pricingFile, 'latin1'), { relaxColumnCount: true, skipEmptyLines: true }) as string[][];
    const header = rows.findIndex((r) => r[0] === 'HCPCS Code');
    const limits = new Map(rows.slice(header + 1).map((r) => [r[0]!, r[3]!]));
    for (const code of starterCatalog.codes) {
      expect(STARTER_PAYMENT_LIMITS[code.code], code.code).toBe(limits.get(code.code));
    }
  });
});
