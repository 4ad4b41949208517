// Every sample patient of the sandbox EHR is valid R4 and derives, with only the starter catalog, to the lines
// and findings written here by hand from docs/billing-rules.md (not copied from the engine's output).
import { validateResource } from '@medplum/core';
import type { Bundle, MedicationAdministration, Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { EncounterResult } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { starterCatalog } from '../../src/catalog/starter';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { loadFhirDefinitions } from '../../server/sandbox/fhir/definitions';
import { SAMPLE_CASES, SHARED_RESOURCES, type SampleCase } from '../../server/sandbox/samples';
import { discarded, mg } from '../../server/sandbox/samples/fhir-builders';
import { peopleOf, wasteRecordSummary } from '../../src/ui/waste-words';

const catalog = new CatalogIndex(starterCatalog);

function deriveCase(sample: SampleCase, extra: Resource[] = []): EncounterResult {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [...SHARED_RESOURCES, ...sample.resources, ...extra].map((resource) => ({ resource })),
  };
  const out = derive(bundle, catalog, defaultBillingSettings, { today: '2026-11-27' });
  const result = out.results.find((r) => r.encounter === `Encounter/${sample.encounter.id}`);
  if (!result) throw new Error(`no result for ${sample.id}`);
  return result;
}

/** "CODE-MODIFIER x units", the way a coder reads a claim line. */
const lines = (r: EncounterResult) => r.lines.map((l) => `${[l.code, ...l.modifiers].join('-')} x${l.units}`).sort();
const errors = (r: EncounterResult) => r.findings.filter((f) => f.severity === 'error').map((f) => f.code).sort();
const ndcQuantity = (r: EncounterResult, code: string, modifier?: string) =>
  r.lines.find((l) => l.code === code && (modifier ? l.modifiers.includes(modifier) : !l.modifiers.some((m) => m === 'JW')))?.ndcQuantity;
const byId = (id: string) => {
  const found = SAMPLE_CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no sample ${id}`);
  return found;
};

beforeAll(() => loadFhirDefinitions());

describe('sample patients', () => {
  it('cover the cases the issue lists, each with its own patient and visit', () => {
    expect(SAMPLE_CASES.map((c) => c.id)).toEqual([
      'waste-missing', 'waste-documented', 'exact-vials', 'multi-dose-vial', 'chemo-antiemetic',
      'sequential-chemo', 'intravitreal', 'rxnorm-only', 'no-coverage', 'many-conditions',
    ]);
    const ids = [...SHARED_RESOURCES, ...SAMPLE_CASES.flatMap((c) => c.resources)].map((r) => `${r.resourceType}/${r.id}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('are valid FHIR R4 (medplum validateResource)', () => {
    for (const resource of [...SHARED_RESOURCES, ...SAMPLE_CASES.flatMap((c) => c.resources)]) {
      expect(() => validateResource(resource as Parameters<typeof validateResource>[0]), `${resource.resourceType}/${resource.id}`).not.toThrow();
    }
  });

  it('waste missing: infliximab 350 mg from four 100 mg vials, no waste record -> waste-undocumented, no JW/JZ, no claim', () => {
    const r = deriveCase(byId('waste-missing'));
    expect(errors(r)).toContain('waste-undocumented');
    expect(r.lines.some((l) => l.modifiers.includes('JW') || l.modifiers.includes('JZ'))).toBe(false);
    // 130 minutes of chemo-class infusion: 96413 + one additional hour (ceil((130 - 90) / 60) = 1).
    expect(lines(r).filter((l) => l.startsWith('96'))).toEqual(['96413 x1', '96415 x1']);
    expect(r.claim).toBeNull();
  });

  it('waste missing, once the nurse records 50 mg discarded -> J1745 x35 + J1745-JW x5 (3.5 + 0.5 vials)', () => {
    const sample = byId('waste-missing');
    const infusion = sample.resources.find((r) => r.resourceType === 'MedicationAdministration') as MedicationAdministration;
    const record = discarded(infusion, { id: 'nurse-entry', amount: mg(50), at: '2026-11-24T12:15:00-06:00' });
    const r = deriveCase(sample, [record]);
    expect(lines(r)).toEqual(['96413 x1', '96415 x1', 'J1745 x35', 'J1745-JW x5']);
    expect(ndcQuantity(r, 'J1745')).toEqual({ value: 3.5, unit: 'UN' });
    expect(ndcQuantity(r, 'J1745', 'JW')).toEqual({ value: 0.5, unit: 'UN' });
    expect(errors(r)).toEqual([]);
    expect(r.claim?.item?.map((i) => i.productOrService.coding?.[0]?.code)).toEqual(expect.arrayContaining(['J1745', '96413', '96415']));
  });

  it('waste documented: bortezomib 2.6 mg SC, 0.9 mg discarded from a 3.5 mg vial -> J9041 x26 + JW x9, 96401', () => {
    // A = ceil(2.6 / 0.1) = 26; W = floor(3.5 / 0.1) - 26 = 9; chemo by SC injection is 96401.
    const r = deriveCase(byId('waste-documented'));
    expect(lines(r)).toEqual(['96401 x1', 'J9041 x26', 'J9041-JW x9']);
    expect(errors(r)).toEqual([]);
    expect(r.claim).not.toBeNull();
  });

  it('waste documented: the app names the sample nurse who discarded the 0.9 mg, as it would a nurse who recorded it', () => {
    const waste = byId('waste-documented').resources.find((r) => r.id === 'waste-documented-bortezomib-waste') as MedicationAdministration;
    expect(waste.status).toBe('not-done');
    expect(peopleOf(waste).by).toBe('Dana Okafor');
    expect(wasteRecordSummary(waste)).toBe('0.9 mg discarded at 2026-11-23 09:14 by Dana Okafor');
    expect(waste.performer?.[0]?.actor.reference).toBe('Practitioner/sandbox-nurse');
  });

  it('exact vials: pembrolizumab 200 mg from two 100 mg/4 mL vials over 30 min -> J9271-JZ x200 (8 mL), 96413', () => {
    const r = deriveCase(byId('exact-vials'));
    expect(lines(r)).toEqual(['96413 x1', 'J9271-JZ x200']);
    expect(ndcQuantity(r, 'J9271', 'JZ')).toEqual({ value: 8, unit: 'ML' });
    expect(errors(r)).toEqual([]);
    expect(r.claim).not.toBeNull();
  });

  it('multi-dose vial: epoetin alfa 14,000 units SC -> J0885 x14 with no JW/JZ, 96372', () => {
    const r = deriveCase(byId('multi-dose-vial'));
    expect(lines(r)).toEqual(['96372 x1', 'J0885 x14']);
    // 14,000 units of a 20,000 units/mL product is 0.7 mL.
    expect(ndcQuantity(r, 'J0885')).toEqual({ value: 0.7, unit: 'ML' });
    expect(errors(r)).toEqual([]);
  });

  it('chemo day with an anti-emetic push: gemcitabine infusion is the initial service, ondansetron push 96375', () => {
    // Initial by hierarchy (chemo infusion), not by clock order: the push came first but is the sequential one.
    const r = deriveCase(byId('chemo-antiemetic'));
    expect(lines(r)).toEqual(['96375 x1', '96413 x1', 'J2405-JZ x8', 'J9201-JZ x10']);
    expect(errors(r)).toEqual([]);
  });

  it('two sequential chemo infusions: 3 h paclitaxel then carboplatin -> 96413, 96415 x2, 96417', () => {
    // 180 minutes: ceil((180 - 90) / 60) = 2 additional hours; the second chemo infusion is sequential (96417).
    const r = deriveCase(byId('sequential-chemo'));
    expect(lines(r)).toEqual(['96413 x1', '96415 x2', '96417 x1', 'J9045 x9', 'J9267 x300']);
    expect(errors(r)).toEqual([]);
  });

  it('intravitreal: aflibercept 2 mg into the right eye -> J0178-JZ x2, 67028-RT', () => {
    const r = deriveCase(byId('intravitreal'));
    expect(lines(r)).toEqual(['67028-RT x1', 'J0178-JZ x2']);
    expect(errors(r)).toEqual([]);
  });

  it('RxNorm-only contained Medication: drug-unmapped, no line guessed from the name', () => {
    const r = deriveCase(byId('rxnorm-only'));
    expect(errors(r)).toContain('drug-unmapped');
    expect(r.lines).toEqual([]);
    expect(r.claim).toBeNull();
  });

  it('no Coverage: the lines are derived but coverage-missing blocks the claim', () => {
    // 15 minutes is a push (docs/billing-rules.md 5): therapeutic IV push initial 96374.
    const r = deriveCase(byId('no-coverage'));
    expect(lines(r)).toEqual(['96374 x1', 'J1756-JZ x200']);
    expect(errors(r)).toEqual(['coverage-missing']);
    expect(r.claim).toBeNull();
  });
});
