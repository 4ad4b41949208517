// The draft Claim's billing content (docs/billing-rules.md 8): charges from the fee schedule, diagnoses and pointers,
// rendering and billing providers, the NDC unit code; each bad input a finding, never a crash or a wrong charge.
import type { Practitioner, PractitionerRole } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { feeFor } from '../../src/billing/charges';
import { isValidNpi } from '../../src/billing/npi';
import { assertValidR4 } from '../support/validate-r4';
import { admin, condition, context, contextWith, ICD10, medication, NDC, NPI, participant, runExactly, wasteRecord } from './fixtures';

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);
const infusion = (extra = {}) => admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: '2026-03-02T11:30:00-05:00', extra });
const waste = wasteRecord('w1', 'a1', 'remicade', 50);
// Made-up NPIs that pass the check digit (computed by hand: Luhn over 80840 + the first 9 digits).
const DR_NPI = '1245319599';
const doctor: Practitioner = { resourceType: 'Practitioner', id: 'dr1', name: [{ family: 'Lee', given: ['Sam'], suffix: ['MD'] }], identifier: [{ system: NPI, value: DR_NPI }] };
const rnNoNpi: Practitioner = { resourceType: 'Practitioner', id: 'rn2', name: [{ family: 'Okafor', given: ['Dana'] }] };


const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('the NPI check digit', () => {
  it('accepts the CMS example and rejects a changed digit, wrong lengths and non-digits', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi(DR_NPI)).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678931')).toBe(false);
    expect(isValidNpi('12345678a3')).toBe(false);
  });
});

describe('charges from the fee schedule', () => {
  const fees = { J1745: 96.01, 96413: 310, 96415: 67.5 };
  const base = () => [...contextWith({ participant: [participant('ATND', 'Practitioner/dr1')] }), doctor, remicade, infusion(), waste];

  it('each item carries unitPrice and net = units x fee, and Claim.total is their sum to the cent', () => {
    const r = runExactly(base(), { fees });
    const claim = r.claim!;
    const items = claim.item!.map((i) => [i.productOrService.coding![0]!.code, i.quantity!.value, i.unitPrice?.value, i.net?.value]);
    // J1745 x35 and J1745-JW x5 at 96.01; 96413 x1 at 310; 96415 x1 at 67.50.
    expect(items).toEqual([
      ['J1745', 35, 96.01, 3360.35],
      ['J1745', 5, 96.01, 480.05],
      ['96413', 1, 310, 310],
      ['96415', 1, 67.5, 67.5],
    ]);
    expect(claim.total).toEqual({ value: 4217.9, currency: 'USD' });
    expect(claim.item![0]!.net!.currency).toBe('USD');
    expect(codes(r.findings)).not.toContain('charge-missing');
    expect(() => assertValidR4(claim)).not.toThrow();
  });

  it('a modifier-specific fee wins over the code own fee', () => {
    expect(feeFor({ code: '67028', modifiers: ['50'] }, { 67028: 210, '67028-50': 420 })).toBe(420);
    expect(feeFor({ code: '67028', modifiers: ['RT'] }, { 67028: 210, '67028-50': 420 })).toBe(210);
    const r = runExactly([...base()], { fees: { ...fees, 'J1745-JW': 1 } });
    expect(r.claim!.item![1]!.net).toEqual({ value: 5, currency: 'USD' });
  });

  it('a code without a fee: charge-missing naming it, that line without a charge, the total of the rest', () => {
    const r = runExactly(base(), { fees: { J1745: 96 } });
    const missing = r.findings.find((f) => f.code === 'charge-missing');
    expect(missing?.severity).toBe('warning');
    expect(missing?.message).toContain('96413');
    expect(missing?.message).toContain('96415');
    expect(r.claim!.item![2]!.unitPrice).toBeUndefined();
    expect(r.claim!.item![2]!.net).toBeUndefined();
    expect(r.claim!.total).toEqual({ value: 3840, currency: 'USD' });
  });

  it('no fee schedule at all: no charge is made up (never from ASP), and no total', () => {
    const r = runExactly(base());
    expect(r.claim!.item!.every((i) => i.unitPrice === undefined && i.net === undefined)).toBe(true);
    expect(r.claim!.total).toBeUndefined();
    expect(codes(r.findings)).toContain('charge-missing');
  });

  it('a fee that slipped past validation (negative, text, not finite) is no fee, never a negative charge', () => {
    const bad = { J1745: -5, 96413: 'abc', 96415: Number.POSITIVE_INFINITY } as unknown as Record<string, number>;
    const r = runExactly(base(), { fees: bad });
    expect(r.claim!.item!.every((i) => i.net === undefined)).toBe(true);
    expect(codes(r.findings)).toContain('charge-missing');
  });
});

describe('charges of absurd units', () => {
  it('1e15 mg of infliximab: units stay exact, but a charge no JSON number states to the cent is not made up', () => {
    const huge = admin({ id: 'a1', med: 'remicade', dose: 1e15, route: 'iv', end: '2026-03-02T11:30:00-05:00' });
    const r = runExactly([...context(), remicade, huge], { fees: { J1745: 96.01, 96413: 310, 96415: 67.5 } });
    const drug = r.claim!.item!.find((i) => i.productOrService.coding![0]!.code === 'J1745')!;
    expect(drug.quantity!.value).toBe(1e14);
    expect(drug.net).toBeUndefined();
    expect(r.findings.find((f) => f.code === 'charge-missing')?.message).toContain('J1745-JZ (units x fee) is too large to state exactly');
    // The administration lines keep their charges, and the total is theirs.
    expect(r.claim!.total).toEqual({ value: 310 + 67.5 * (r.claim!.item!.find((i) => i.productOrService.coding![0]!.code === '96415')?.quantity?.value ?? 0), currency: 'USD' });
  });
});

describe('diagnoses: at most 12, by rank, then reasons, then the rest; at most 4 pointers per item', () => {
  it('orders by the encounter rank, then the administration reasons, then other encounter conditions', () => {
    const dx = ['A01.0', 'B02.0', 'C03.0'].map((c, i) => condition(`c${i}`, c));
    const reason = condition('why', 'K50.90');
    const charted = condition('other', 'Z79.899', { encounter: { reference: 'Encounter/e1' } });
    const resources = [
      ...contextWith({
        // Ranks out of order in the record; c2 has no rank, so it counts with the other conditions.
        diagnosis: [{ condition: { reference: 'Condition/c1' }, rank: 2 }, { condition: { reference: 'Condition/c2' } }, { condition: { reference: 'Condition/c0' }, rank: 1 }],
      }),
      ...dx, reason, charted, remicade, infusion({ reasonReference: [{ reference: 'Condition/why' }] }), waste,
    ].filter((r) => !(r.resourceType === 'Condition' && r.id === 'dx1'));
    const r = runExactly(resources);
    const claimCodes = r.claim!.diagnosis!.map((d) => d.diagnosisCodeableConcept!.coding![0]!.code);
    expect(claimCodes).toEqual(['A01.0', 'B02.0', 'K50.90', 'C03.0', 'Z79.899']);
    // The drug's own reason (sequence 3) first, then the leading diagnoses to fill up to 4.
    expect(r.claim!.item![0]!.diagnosisSequence).toEqual([3, 1, 2, 4]);
  });

  it('more than 12: the first 12 go on the claim, diagnosis-truncated names those left out, no item points past 12', () => {
    const many = Array.from({ length: 14 }, (_, i) => condition(`m${i}`, `M${String(i + 10).padStart(2, '0')}.0`));
    const resources = [
      ...contextWith({ diagnosis: many.map((c, i) => ({ condition: { reference: `Condition/${c.id}` }, rank: i + 1 })) }),
      ...many, remicade, infusion({ reasonReference: [{ reference: 'Condition/m13' }] }), waste,
    ];
    const r = runExactly(resources);
    expect(r.claim!.diagnosis).toHaveLength(12);
    const truncated = r.findings.find((f) => f.code === 'diagnosis-truncated');
    expect(truncated?.severity).toBe('warning');
    expect(truncated?.message).toContain('M22.0');
    expect(truncated?.message).toContain('M23.0');
    expect(truncated?.message).not.toContain('M21.0');
    for (const item of r.claim!.item!) {
      expect(item.diagnosisSequence!.length).toBeLessThanOrEqual(4);
      expect(Math.max(...item.diagnosisSequence!)).toBeLessThanOrEqual(12);
    }
    expect(() => assertValidR4(r.claim!)).not.toThrow();
  });

  it('refuted or entered-in-error conditions are left off; a reasonCode counts as a reason', () => {
    const refuted = condition('gone', 'R99', { verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'refuted' }] } });
    const r = runExactly([...context(), refuted, remicade, infusion({ reasonReference: [{ reference: 'Condition/gone' }], reasonCode: [{ coding: [{ system: ICD10, code: 'L40.50' }] }] }), waste]);
    const claimCodes = r.claim!.diagnosis!.map((d) => d.diagnosisCodeableConcept!.coding![0]!.code);
    expect(claimCodes).toEqual(['L40.50', 'K50.90']);
    expect(r.claim!.item![0]!.diagnosisSequence).toEqual([1, 2]);
  });
});

describe('providers', () => {
  it('the rendering provider is the encounter attending physician with the NPI, not the nurse who gave the drug', () => {
    const nurseWithNpi: Practitioner = { resourceType: 'Practitioner', id: 'rn1', identifier: [{ system: NPI, value: '1234567893' }] };
    const resources = [
      ...contextWith({ participant: [participant('PART', 'Practitioner/rn1'), participant('ATND', 'Practitioner/dr1')] }),
      doctor, nurseWithNpi, remicade, infusion({ performer: [{ actor: { reference: 'Practitioner/rn1' } }] }), waste,
    ];
    const r = runExactly(resources);
    expect(r.claim!.careTeam).toEqual([
      {
        sequence: 1,
        provider: { reference: 'Practitioner/dr1', identifier: { system: NPI, value: DR_NPI }, display: 'Sam Lee MD' },
        responsible: true,
        role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole', code: 'primary' }] },
      },
    ]);
    expect(r.claim!.item!.every((i) => i.careTeamSequence?.[0] === 1)).toBe(true);
    expect(codes(r.findings)).not.toContain('rendering-provider-missing');
  });

  it('an encounter whose only participant is a nurse: rendering-provider-missing, still a draft, no nurse on it', () => {
    const role: PractitionerRole = {
      resourceType: 'PractitionerRole',
      id: 'rn-role',
      practitioner: { reference: 'Practitioner/dr1' },
      code: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/practitioner-role', code: 'nurse' }] }],
    };
    for (const [who, extra] of [['Practitioner/rn2', rnNoNpi], ['PractitionerRole/rn-role', role]] as const) {
      const resources = [...contextWith({ participant: [participant('PPRF', who)] }), doctor, extra, remicade, infusion(), waste];
      const r = runExactly(resources);
      const missing = r.findings.find((f) => f.code === 'rendering-provider-missing');
      expect(missing?.severity, who).toBe('warning');
      expect(missing?.message, who).toContain(who);
      expect(r.claim, who).not.toBeNull();
      expect(r.claim!.careTeam, who).toBeUndefined();
    }
  });

  it('a Practitioner with two NPIs, or an NPI failing its check digit: npi-invalid, not used; configuration fills in', () => {
    const twoNpis: Practitioner = { ...doctor, identifier: [{ system: NPI, value: DR_NPI }, { system: NPI, value: '1234567893' }] };
    const badDigit: Practitioner = { ...doctor, identifier: [{ system: NPI, value: '1245319598' }] };
    for (const dr of [twoNpis, badDigit]) {
      const resources = [...contextWith({ participant: [participant('ATND', 'Practitioner/dr1')] }), dr, remicade, infusion(), waste];
      const r = runExactly(resources);
      expect(codes(r.findings)).toEqual(expect.arrayContaining(['npi-invalid', 'rendering-provider-missing']));
      expect(r.claim!.careTeam).toBeUndefined();
      const configured = runExactly(resources, { renderingProvider: { npi: '1234567893', name: 'Dr Configured' } });
      expect(configured.claim!.careTeam![0]!.provider).toEqual({ identifier: { system: NPI, value: '1234567893' }, display: 'Dr Configured' });
      expect(codes(configured.findings)).not.toContain('rendering-provider-missing');
    }
  });

  it('the billing provider carries NPI and tax id: from the Organization, else from configuration', () => {
    const taxed = context().map((r) =>
      r.resourceType === 'Organization' && r.id === 'clinic'
        ? { ...r, identifier: [{ system: NPI, value: '1234567893' }, { system: 'urn:oid:2.16.840.1.113883.4.4', value: '12-3456789' }] }
        : r,
    );
    const fromRecord = runExactly([...taxed, remicade, infusion(), waste]);
    expect(fromRecord.claim!.contained).toEqual([
      expect.objectContaining({ resourceType: 'Organization', identifier: expect.arrayContaining([expect.objectContaining({ value: '12-3456789' })]) }),
    ]);
    const bare = context().map((r) => (r.resourceType === 'Organization' && r.id === 'clinic' ? { ...r, identifier: [] } : r));
    const fromConfig = runExactly([...bare, remicade, infusion(), waste], {
      billingProviderNpi: '1234567893',
      billingProviderTaxId: '98-7654321',
    });
    const org = fromConfig.claim!.contained![0] as unknown as { identifier: { system: string; value: string }[] };
    expect(org.identifier.map((i) => [i.system, i.value])).toEqual([
      [NPI, '1234567893'],
      ['urn:oid:2.16.840.1.113883.4.4', '98-7654321'],
    ]);
    expect(fromConfig.claim!.provider).toEqual({ reference: '#billing-provider', identifier: { system: NPI, value: '1234567893' }, display: 'Clinic' });
    expect(() => assertValidR4(fromConfig.claim!)).not.toThrow();
  });
});
