// The draft Claim of every sandbox sample, item by item, under the sandbox's own configuration (the repository's
// smart-config.json and its fee schedule): charges = units x fee, total = their sum, at most 4 pointers led by the
// administration's own reason, the attending physician as rendering provider, the clinic with NPI and tax id.
import Big from 'big.js';
import type { Bundle, Claim, Condition, MedicationAdministration, Resource } from 'fhir/r4';
import { beforeAll, describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { BillingSettings, EncounterResult } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { starterCatalog } from '../../src/catalog/starter';
import { loadSmartConfig } from '../../src/config/load';
import { SAMPLE_CASES, SHARED_RESOURCES, type SampleCase } from '../../server/sandbox/samples';
import { discarded, mg } from '../../server/sandbox/samples/fhir-builders';
import { assertValidR4 } from '../support/validate-r4';

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const catalog = new CatalogIndex(starterCatalog);
let settings: BillingSettings;

beforeAll(async () => {
  settings = (await loadSmartConfig('smart-config.json')).billing;
});

function deriveCase(sample: SampleCase, extra: Resource[] = []): EncounterResult {
  const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [...SHARED_RESOURCES, ...sample.resources, ...extra].map((resource) => ({ resource })) };
  return derive(bundle, catalog, settings, { today: '2026-11-27' }).results.find((r) => r.encounter === `Encounter/${sample.encounter.id}`)!;
}

/** The claim of each sample that drafts one; waste-missing once the nurse has recorded the 50 mg discarded. */
function drafted(): { sample: SampleCase; result: EncounterResult; claim: Claim }[] {
  return SAMPLE_CASES.flatMap((sample) => {
    let extra: Resource[] = [];
    if (sample.id === 'waste-missing') {
      const infusion = sample.resources.find((r) => r.resourceType === 'MedicationAdministration') as MedicationAdministration;
      extra = [discarded(infusion, { id: 'nurse-entry', amount: mg(50), at: '2026-11-24T12:15:00-06:00' })];
    }
    const result = deriveCase(sample, extra);
    return result.claim ? [{ sample, result, claim: result.claim }] : [];
  });
}

const codeOf = (cc: { coding?: { code?: string }[] } | undefined) => cc?.coding?.[0]?.code;

describe('the draft Claim of every sandbox sample (docs/billing-rules.md 8)', () => {
  it('every sample but the blocked ones drafts a claim, and each is valid R4', () => {
    const ids = drafted().map((d) => d.sample.id);
    expect(ids).toEqual(['waste-missing', 'waste-documented', 'exact-vials', 'multi-dose-vial', 'chemo-antiemetic', 'sequential-chemo', 'intravitreal', 'many-conditions']);
    for (const { claim, sample } of drafted()) expect(() => assertValidR4(claim), sample.id).not.toThrow();
  });

  it('each item: unitPrice is the fee for its code (or code-modifier), net = units x fee, total = the sum of nets', () => {
    for (const { claim, result, sample } of drafted()) {
      let sum = new Big(0);
      claim.item!.forEach((item, i) => {
        const line = result.lines[i]!;
        expect(codeOf(item.productOrService), sample.id).toBe(line.code);
        const fee = line.modifiers.map((m) => settings.fees![`${line.code}-${m}`]).find((f) => f !== undefined) ?? settings.fees![line.code];
        expect(fee, `${sample.id} ${line.code}: the sandbox fee schedule prices every code the samples bill`).toBeDefined();
        expect(item.unitPrice, `${sample.id} ${line.code}`).toEqual({ value: fee, currency: 'USD' });
        expect(item.net, `${sample.id} ${line.code}`).toEqual({ value: new Big(fee!).times(line.units).toNumber(), currency: 'USD' });
        sum = sum.plus(new Big(item.net!.value!));
      });
      expect(claim.total, sample.id).toEqual({ value: sum.toNumber(), currency: 'USD' });
      expect(result.findings.map((f) => f.code), sample.id).not.toContain('charge-missing');
    }
  });

  it('hand-checked charges: bortezomib J9041 26 x 42.50 + JW 9 x 42.50 + 96401 120.00 = 1,607.50', () => {
    const documented = drafted().find((d) => d.sample.id === 'waste-documented')!.claim;
    expect(documented.item!.map((i) => [codeOf(i.productOrService), i.net?.value])).toEqual([
      ['J9041', 1105],
      ['J9041', 382.5],
      ['96401', 120],
    ]);
    expect(documented.total?.value).toBe(1607.5);
    // Epoetin J0885 14 units at 14.20 is 198.80, where binary floating point gives 198.79999999999998.
    const epoetin = drafted().find((d) => d.sample.id === 'multi-dose-vial')!.claim;
    expect(epoetin.item!.find((i) => codeOf(i.productOrService) === 'J0885')?.net?.value).toBe(198.8);
  });

  it('each item points to at most 4 diagnoses on the claim, its own administration reason first', () => {
    for (const { claim, result, sample } of drafted()) {
      const onClaim = claim.diagnosis!.map((d) => codeOf(d.diagnosisCodeableConcept));
      expect(onClaim.length, sample.id).toBeLessThanOrEqual(12);
      claim.item!.forEach((item, i) => {
        const pointers = item.diagnosisSequence!;
        expect(pointers.length, sample.id).toBeGreaterThan(0);
        expect(pointers.length, sample.id).toBeLessThanOrEqual(4);
        expect(new Set(pointers).size, sample.id).toBe(pointers.length);
        for (const p of pointers) expect(p, sample.id).toBeLessThanOrEqual(onClaim.length);
        // The reason of the administration this line came from is the first diagnosis it points to.
        const administration = sample.resources.find((r) => r.resourceType === 'MedicationAdministration' && result.lines[i]!.sources.includes(`MedicationAdministration/${r.id}`)) as MedicationAdministration;
        const reason = sample.resources.find((r) => `Condition/${r.id}` === administration.reasonReference![0]!.reference) as Condition;
        expect(onClaim[pointers[0]! - 1], `${sample.id} item ${i + 1}`).toBe(codeOf(reason.code));
      });
    }
  });

  it('the rendering provider is the attending physician with her NPI, never the nurse; the clinic bills with NPI and tax id', () => {
    for (const { claim, result, sample } of drafted()) {
      expect(claim.careTeam, sample.id).toEqual([
        expect.objectContaining({ sequence: 1, provider: { reference: 'Practitioner/sandbox-physician', identifier: { system: NPI, value: '1245319599' }, display: 'Priya Raman MD' } }),
      ]);
      expect(JSON.stringify(claim.careTeam)).not.toContain('sandbox-nurse');
      expect(claim.provider, sample.id).toEqual({ reference: '#billing-provider', identifier: { system: NPI, value: '1987654328' }, display: 'Riverside Infusion and Eye Clinic (sandbox)' });
      const billing = claim.contained![0] as unknown as { identifier: { system: string; value: string }[] };
      expect(billing.identifier.map((i) => i.value), sample.id).toEqual(['1987654328', '12-3456789']);
      expect(result.findings.map((f) => f.code), sample.id).not.toContain('rendering-provider-missing');
      expect(claim.item!.every((i) => i.locationCodeableConcept?.coding?.[0]?.code === '11'), sample.id).toBe(true);
    }
  });

  it('the NDC quantity carries its unit as a code (UN for powders, ML for liquids)', () => {
    for (const { claim, result, sample } of drafted()) {
      claim.item!.forEach((item, i) => {
        const line = result.lines[i]!;
        if (!line.ndcQuantity) return;
        expect(item.detail![0]!.quantity, sample.id).toEqual({ value: line.ndcQuantity.value, unit: line.ndcQuantity.unit, system: 'https://codesystem.x12.org/005010/355', code: line.ndcQuantity.unit });
      });
    }
    const remicade = drafted().find((d) => d.sample.id === 'waste-missing')!.claim.item![0]!.detail![0]!.quantity;
    expect(remicade?.code).toBe('UN');
  });

  it('more than 12 conditions: the 12 top-ranked on the claim, diagnosis-truncated names the two left off', () => {
    const { claim, result } = drafted().find((d) => d.sample.id === 'many-conditions')!;
    expect(claim.diagnosis!.map((d) => codeOf(d.diagnosisCodeableConcept))).toEqual([
      'N18.4', 'D63.1', 'D50.9', 'E11.22', 'I12.9', 'I50.32', 'I48.20', 'E78.5', 'M10.9', 'J44.9', 'E11.42', 'E03.9',
    ]);
    const truncated = result.findings.find((f) => f.code === 'diagnosis-truncated')!;
    expect(truncated.message).toContain('M17.0, Z79.4');
    // Iron sucrose for anaemia of CKD (rank 2): that first, then ranks 1, 3 and 4.
    expect(claim.item!.map((i) => i.diagnosisSequence)).toEqual([
      [2, 1, 3, 4],
      [2, 1, 3, 4],
    ]);
  });
});
