import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { derive } from '../../src/billing/derive';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { assertValidR4 } from '../support/validate-r4';
import { admin, bundle, compact, context, medication, NDC, run, testCatalog, wasteRecord } from './fixtures';

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);
const infusion = () => ({ ...admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:30:00-05:00' }), performer: [{ actor: { reference: 'Practitioner/rn1' } }] });
const nurse = { resourceType: 'Practitioner', id: 'rn1', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1922334455' }] } as Resource;

describe('the draft Claim (docs/design.md "Claim identity and content")', () => {
  // Derived on first use inside a test, not while the file is collected: a mutation run switches its mutant on only
  // when the tests start, so a result computed in the describe body would never see it.
  let cached: ReturnType<typeof run> | undefined;
  const derived = () => (cached ??= run([remicade, nurse, infusion(), wasteRecord('w1', 'a1', 'remicade', 50)]));

  it('is valid R4 (and the validator does reject a broken Claim)', () => {
    const claim = derived().claim!;
    expect(() => assertValidR4(claim)).not.toThrow();
    expect(() => assertValidR4({ ...claim, status: undefined, priority: 'x' } as never)).toThrow();
  });

  it('is a professional draft with patient, provider, insurance and an identifier derived from the encounter', () => {
    const claim = derived().claim!;
    expect(claim).toMatchObject({
      status: 'draft',
      use: 'claim',
      patient: { reference: 'Patient/p1' },
      // The clinic's NPI travels with the draft in a contained Organization (docs/billing-rules.md 8).
      provider: { reference: '#billing-provider', identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }, display: 'Clinic' },
      contained: [{ resourceType: 'Organization', id: 'billing-provider', name: 'Clinic', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }] }],
      created: '2026-03-03',
      insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov1' } }],
      identifier: [{ system: 'https://jcode-assist.dev/fhir/NamingSystem/draft-claim', value: 'draft-Encounter-e1' }],
    });
    const again = run([remicade, nurse, infusion(), wasteRecord('w1', 'a1', 'remicade', 20)]);
    expect(again.claim?.identifier).toEqual(claim.identifier);
  });

  it('carries HCPCS and CPT items with modifiers, units, the NDC in detail, the encounter and diagnosis pointers', () => {
    const r = derived();
    const claim = r.claim!;
    const items = claim.item!.map((i) => ({
      code: i.productOrService.coding![0]!.code,
      system: i.productOrService.coding![0]!.system,
      modifiers: (i.modifier ?? []).map((m) => m.coding![0]!.code),
      units: i.quantity?.value,
      ndc: i.detail?.[0]?.productOrService.coding?.[0]?.code,
      ndcQuantity: i.detail?.[0]?.quantity,
    }));
    expect(items).toEqual([
      { code: 'J1745', system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', modifiers: [], units: 35, ndc: '57894003001', ndcQuantity: { value: 3.5, unit: 'UN', system: 'https://codesystem.x12.org/005010/355', code: 'UN' } },
      { code: 'J1745', system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', modifiers: ['JW'], units: 5, ndc: '57894003001', ndcQuantity: { value: 0.5, unit: 'UN', system: 'https://codesystem.x12.org/005010/355', code: 'UN' } },
      { code: '96413', system: 'http://www.ama-assn.org/go/cpt', modifiers: [], units: 1, ndc: undefined, ndcQuantity: undefined },
      { code: '96415', system: 'http://www.ama-assn.org/go/cpt', modifiers: [], units: 1, ndc: undefined, ndcQuantity: undefined },
    ]);
    expect(claim.item![0]!.encounter).toEqual([{ reference: 'Encounter/e1' }]);
    expect(claim.item![0]!.diagnosisSequence).toEqual([1]);
    expect(claim.diagnosis![0]!.diagnosisCodeableConcept!.coding![0]!.code).toBe('K50.90');
    expect(claim.item![0]!.locationCodeableConcept!.coding![0]!.code).toBe('11');
    expect(claim.supportingInfo![0]!.valueReference).toEqual({ reference: 'MedicationAdministration/a1' });
    // The nurse who gave the drug is never the rendering provider; the encounter names no physician here.
    expect(claim.careTeam).toBeUndefined();
    expect(r.findings.map((f) => f.code)).toContain('rendering-provider-missing');
  });

  it('every line says where it came from and which rule produced it', () => {
    const r = derived();
    for (const line of r.lines) {
      expect(line.sources.length).toBeGreaterThan(0);
      expect(line.rule).toMatch(/^[a-z]+\./);
      expect(line.explanation.length).toBeGreaterThan(20);
    }
  });
});

describe('claims: false (the audit reads lines and findings only)', () => {
  it('leaves every claim null and changes nothing else but the findings about the claim content', () => {
    const input = bundle([...context(), remicade, nurse, infusion(), wasteRecord('w1', 'a1', 'remicade', 50)]);
    const drafted = derive(input, testCatalog, defaultBillingSettings, { today: '2026-03-03' });
    const unclaimed = derive(input, testCatalog, defaultBillingSettings, { today: '2026-03-03', claims: false });
    expect(drafted.results[0]!.claim).not.toBeNull();
    expect(unclaimed.results.map((x) => x.claim)).toEqual([null]);
    // No fee schedule and no physician on the encounter: the draft's own gaps, which an audit does not report.
    const claimContent = ['charge-missing', 'rendering-provider-missing', 'diagnosis-truncated', 'npi-invalid'];
    expect(drafted.results[0]!.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['charge-missing', 'rendering-provider-missing']));
    const withoutClaimContent = drafted.results.map(({ claim, ...rest }) => ({ ...rest, findings: rest.findings.filter((f) => !claimContent.includes(f.code)) }));
    expect(unclaimed.results.map(({ claim, ...rest }) => rest)).toEqual(withoutClaimContent);
  });
});

describe('encounter-level findings', () => {
  const withoutType = (type: string) => context().filter((x) => x.resourceType !== type);

  it('no Coverage -> coverage-missing, claim null', () => {
    const out = derive(bundle([...withoutType('Coverage'), remicade, infusion(), wasteRecord('w1', 'a1', 'remicade', 50)]), testCatalog, defaultBillingSettings, { today: '2026-03-03' });
    expect(out.results[0]!.findings.map((f) => f.code)).toContain('coverage-missing');
    expect(out.results[0]!.claim).toBeNull();
  });

  it('no service provider and none configured -> provider-missing; configured -> used', () => {
    const noProvider = context().map((x) => (x.resourceType === 'Encounter' ? { ...x, serviceProvider: undefined } : x)) as Resource[];
    const input = bundle([...noProvider, remicade, infusion(), wasteRecord('w1', 'a1', 'remicade', 50)]);
    const missing = derive(input, testCatalog, defaultBillingSettings, { today: '2026-03-03' }).results[0]!;
    expect(missing.findings.map((f) => f.code)).toContain('provider-missing');
    const configured = derive(input, testCatalog, { ...defaultBillingSettings, billingProvider: 'Organization/billing' }, { today: '2026-03-03' }).results[0]!;
    expect(configured.claim?.provider).toEqual({ reference: 'Organization/billing' });
  });

  it('no diagnosis is a warning: the claim is still drafted', () => {
    const noDx = context().map((x) => (x.resourceType === 'Encounter' ? { ...x, diagnosis: undefined } : x)) as Resource[];
    const result = derive(bundle([...noDx, remicade, infusion(), wasteRecord('w1', 'a1', 'remicade', 50)]), testCatalog, defaultBillingSettings, { today: '2026-03-03' }).results[0]!;
    expect(result.findings.find((f) => f.code === 'diagnosis-missing')?.severity).toBe('warning');
    expect(result.claim).not.toBeNull();
    expect(() => assertValidR4(result.claim!)).not.toThrow();
  });

  it('claim is null exactly when an error finding exists', () => {
    const blocked = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:00:00-05:00' })]);
    expect(blocked.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(blocked.claim).toBeNull();
  });

  it('MUE: units above the practitioner MUE on one date of service are flagged (J1745 = 150)', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 1600, route: 'iv', end: '2026-03-02T11:00:00-05:00' })]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x160']);
    expect(r.findings.find((f) => f.code === 'units-exceed-mue')).toMatchObject({ severity: 'warning' });
  });

  it('an administration with no context joins the encounter whose period contains it; otherwise a null encounter', () => {
    const noContext = { ...infusion(), context: undefined };
    const joined = derive(bundle([...context(), remicade, noContext, wasteRecord('w1', 'a1', 'remicade', 50)]), testCatalog, defaultBillingSettings, { today: '2026-03-03' });
    expect(joined.results.map((x) => x.encounter)).toEqual(['Encounter/e1']);
    const outside = { ...noContext, effectivePeriod: { start: '2026-03-05T09:00:00-05:00', end: '2026-03-05T10:00:00-05:00' } };
    const orphan = derive(bundle([...context(), remicade, outside]), testCatalog, defaultBillingSettings, { today: '2026-03-03' });
    const nullResult = orphan.results.find((x) => x.encounter === null)!;
    expect(nullResult.findings.map((f) => f.code)).toContain('encounter-unknown');
    expect(nullResult.claim).toBeNull();
  });

  it('a Bundle with no administrations gives results without lines', () => {
    const out = derive(bundle(context()), testCatalog, defaultBillingSettings, { today: '2026-03-03' });
    expect(out.results).toHaveLength(1);
    expect(out.results[0]!.lines).toEqual([]);
  });

  it('never throws on input that is not a Bundle', () => {
    for (const input of [null, 42, 'x', [], {}, { resourceType: 'Bundle' }, { resourceType: 'Bundle', entry: 'x' }, { resourceType: 'Bundle', entry: [null, 1, { resource: 5 }] }]) {
      expect(() => derive(input, testCatalog, defaultBillingSettings, { today: '2026-03-03' })).not.toThrow();
    }
  });

  it('findings list errors before warnings before info', () => {
    const r = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv' })]);
    const order = r.findings.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
    expect(order).toEqual([...order].sort());
  });
});
