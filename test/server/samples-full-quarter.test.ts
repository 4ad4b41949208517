// Proof for issue 11: every sandbox sample patient derives the same lines and findings with the curated starter
// catalog and with the real CMS quarter merged over it (as `--cms-dir ../shared/data/cms` loads it). The full
// crosswalk maps one NDC to several codes (Epogen J0885/Q4081, saline bags J7030/J7040/J7050) where a curated
// subset could hide it; docs/billing-rules.md 1.2 must settle each the same way. Skipped, with the reason printed,
// where the CMS folder is absent.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Bundle } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { EncounterResult } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { loadCatalog } from '../../src/catalog/load';
import { starterCatalog } from '../../src/catalog/starter';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { SAMPLE_CASES, SHARED_RESOURCES, type SampleCase } from '../../server/sandbox/samples';

const cmsDir = path.resolve(process.cwd(), '../shared/data/cms');
const present = existsSync(cmsDir);
if (!present) console.log(`skipping the sample patients on the real CMS quarter: ${cmsDir} does not exist`);

function deriveCase(sample: SampleCase, catalog: CatalogIndex): EncounterResult {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [...SHARED_RESOURCES, ...sample.resources].map((resource) => ({ resource })),
  };
  const result = derive(bundle, catalog, defaultBillingSettings, { today: '2026-11-27' }).results.find((r) => r.encounter === `Encounter/${sample.encounter.id}`);
  if (!result) throw new Error(`no result for ${sample.id}`);
  return result;
}

/** What a biller compares: each line's code, modifiers, units and NDC quantity, and each finding's code and severity. */
function billed(r: EncounterResult) {
  return {
    lines: r.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} x${l.units} ${l.ndc ?? ''} ${l.ndcQuantity ? `${l.ndcQuantity.value} ${l.ndcQuantity.unit}` : ''}`).sort(),
    findings: r.findings.map((f) => `${f.severity} ${f.code}`).sort(),
    claim: r.claim !== null,
  };
}

describe.skipIf(!present)('sample patients: starter catalog and the real CMS quarter derive alike', () => {
  const starter = new CatalogIndex(starterCatalog);
  let quarter: CatalogIndex;
  beforeAll(async () => {
    const loaded = await loadCatalog({ cmsDir });
    expect(loaded.report.quarter).toBe('2025-Q4 (CMS October 2025 files)');
    quarter = loaded.index;
  }, 120_000);

  it.each(SAMPLE_CASES.map((sample) => [sample.id, sample] as const))('%s', (_id, sample) => {
    const withStarter = billed(deriveCase(sample, starter));
    const withQuarter = billed(deriveCase(sample, quarter));
    expect(withQuarter).toEqual(withStarter);
  });

  it('the Epogen patient is billed J0885 on both, although the quarter also maps its NDC to Q4081', () => {
    const sample = SAMPLE_CASES.find((c) => c.id === 'multi-dose-vial')!;
    expect(quarter.productsOfNdc('55513047810').map((p) => p.hcpcs).sort()).toEqual(['J0885', 'Q4081']);
    const r = deriveCase(sample, quarter);
    expect(r.lines.filter((l) => l.kind === 'drug').map((l) => l.code)).toEqual(['J0885']);
    expect(r.lines.find((l) => l.code === 'J0885')?.explanation).toMatch(/ESRD on dialysis only/);
  });
});
