// Real FHIR shapes (HL7 R4 spec examples and Oracle Health documentation payloads; ../shared/data/fhir-examples):
// RxNorm-only codes, contained Medications, rateRatio, no period. None carries an NDC or a J-code, so every
// completed administration must come out drug-unmapped: never a guess from the drug's name.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { starterCatalog } from '../../src/catalog/starter';
import { defaultBillingSettings } from '../../src/config/smart-config';

const root = resolve(process.cwd(), '../shared/data/fhir-examples');
const present = existsSync(root);
if (!present) console.log(`skipping real FHIR examples: ${root} is not there`);

function resourcesIn(file: string): Resource[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Resource & { entry?: { resource: Resource }[] };
  return json.resourceType === 'Bundle' ? (json.entry ?? []).map((e) => e.resource) : [json];
}

describe.skipIf(!present)('real FHIR examples through derive', () => {
  const catalog = new CatalogIndex(starterCatalog);
  const files = present ? readdirSync(root).flatMap((dir) => (dir.endsWith('.md') ? [] : readdirSync(join(root, dir)).map((f) => join(root, dir, f)))) : [];
  const medications = files.filter((f) => /Medication-med/.test(f)).flatMap(resourcesIn);

  it('finds the example files', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  for (const file of files) {
    it(`${file.split('/').slice(-1)[0]} derives without a crash`, () => {
      const resources = [...resourcesIn(file), ...medications];
      const out = derive({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }, catalog, defaultBillingSettings, { today: '2026-03-03' });
      const administrations = resourcesIn(file).filter((r): r is MedicationAdministration => r.resourceType === 'MedicationAdministration');
      for (const ma of administrations.filter((m) => m.status === 'completed')) {
        const about = out.results.flatMap((r) => r.findings).filter((f) => f.resources.includes(`MedicationAdministration/${ma.id}`));
        expect(about.map((f) => f.code)).toContain('drug-unmapped');
      }
      expect(out.results.flatMap((r) => r.lines).filter((l) => l.kind === 'drug')).toEqual([]);
    });
  }
});
