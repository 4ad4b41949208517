// What each part of the draft Claim says (docs/billing-rules.md 8, docs/design.md "Claim identity and content"):
// every item's code system, modifiers and their systems, units, place of service, pointers, charge, rendering
// provider, supporting administrations and NDC detail; the Claim's own fields; the billing provider as the
// contained resource that carries its NPI and tax id. Expected values are written out by hand.
import type { ClaimItem, Practitioner, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { buildClaim, type ClaimInput } from '../../src/billing/claim';
import { chargeLines } from '../../src/billing/charges';
import { isValidNpi } from '../../src/billing/npi';
import type { BillingLine } from '../../src/billing/types';
import { assertValidR4 } from '../support/validate-r4';
import { admin, contextWith, HCPCS, intravitreal, medication, NDC, NPI, run, runExactly, TAX_ID, wasteRecord } from './fixtures';

const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const X12_UNIT = 'https://codesystem.x12.org/005010/355';
const DR_NPI = '1245319599';
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);
const lucentis = medication('luc', [{ system: NDC, code: '50242-0080-01' }]);
const doctor: Practitioner = { resourceType: 'Practitioner', id: 'dr1', name: [{ text: 'Dr Sam Lee' }], identifier: [{ system: NPI, value: DR_NPI }] };
const attending = { participant: [{ type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }], individual: { reference: 'Practitioner/dr1' } }] };
const withAttending = (): Resource[] => [doctor, ...contextWith(attending)];


/** The parts of an item a biller reads, with the display left out (wording). */
function billed(item: ClaimItem) {
  const { productOrService, ...rest } = item;
  return { code: productOrService.coding!.map((c) => ({ system: c.system, code: c.code })), ...rest };
}

describe('the items of an infusion with waste, fees, an attending physician and place of service 22', () => {
  const fees = { J1745: 96.01, 'J1745-JW': 90, 96413: 310, 96415: 67.5 };
  // Derived inside each test: StrykerJS switches a mutant on when a test file starts running, after the
  // describe bodies were collected, so a result computed here would never see a mutant.
  const withDoctor = () => runExactly([...withAttending(), remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: t('11:30') }), wasteRecord('w1', 'a1', 'remicade', 50)], {
    fees,
    placeOfService: '22',
  });

  it('each item carries its code system, units, place of service, encounter, pointer, charge and supporting administration', () => {
    const claim = withDoctor().claim!;
    const common = { careTeamSequence: [1], servicedDate: '2026-03-02', locationCodeableConcept: { coding: [{ system: POS, code: '22' }] }, encounter: [{ reference: 'Encounter/e1' }], diagnosisSequence: [1], informationSequence: [1] };
    expect(claim.item!.map(billed)).toEqual([
      {
        sequence: 1,
        code: [{ system: HCPCS, code: 'J1745' }],
        quantity: { value: 35 },
        unitPrice: { value: 96.01, currency: 'USD' },
        net: { value: 3360.35, currency: 'USD' },
        detail: [{ sequence: 1, productOrService: { coding: [{ system: NDC, code: '57894003001' }] }, quantity: { value: 3.5, unit: 'UN', system: X12_UNIT, code: 'UN' } }],
        ...common,
      },
      {
        sequence: 2,
        code: [{ system: HCPCS, code: 'J1745' }],
        modifier: [{ coding: [{ system: HCPCS, code: 'JW' }] }],
        quantity: { value: 5 },
        // The modifier-specific fee wins over the code's own.
        unitPrice: { value: 90, currency: 'USD' },
        net: { value: 450, currency: 'USD' },
        detail: [{ sequence: 1, productOrService: { coding: [{ system: NDC, code: '57894003001' }] }, quantity: { value: 0.5, unit: 'UN', system: X12_UNIT, code: 'UN' } }],
        ...common,
      },
      { sequence: 3, code: [{ system: CPT_SYSTEM, code: '96413' }], quantity: { value: 1 }, unitPrice: { value: 310, currency: 'USD' }, net: { value: 310, currency: 'USD' }, ...common },
      { sequence: 4, code: [{ system: CPT_SYSTEM, code: '96415' }], quantity: { value: 1 }, unitPrice: { value: 67.5, currency: 'USD' }, net: { value: 67.5, currency: 'USD' }, ...common },
    ]);
    // 3360.35 + 450 + 310 + 67.50, to the cent.
    expect(claim.total).toEqual({ value: 4187.85, currency: 'USD' });
    expect(() => assertValidR4(claim)).not.toThrow();
  });

  it('the rendering provider is the attending physician, careTeam 1, responsible, primary', () => {
    expect(withDoctor().claim!.careTeam).toEqual([
      {
        sequence: 1,
        provider: { reference: 'Practitioner/dr1', identifier: { system: NPI, value: DR_NPI }, display: 'Dr Sam Lee' },
        responsible: true,
        role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claimcareteamrole', code: 'primary' }] },
      },
    ]);
  });

  it('each item shows the code with the description of its line', () => {
    const r = withDoctor();
    r.claim!.item!.forEach((item, i) => {
      expect(item.productOrService.coding![0]!.display).toBe(r.lines[i]!.description);
    });
  });

  it('the Claim is a professional, normal-priority draft for the encounter, with the administrations as supporting information', () => {
    const claim = withDoctor().claim!;
    expect(claim).toMatchObject({
      resourceType: 'Claim',
      status: 'draft',
      use: 'claim',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
      priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
      patient: { reference: 'Patient/p1' },
      created: '2026-03-03',
      insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov1' } }],
      diagnosis: [{ sequence: 1, diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'K50.90' }] } }],
    });
    // The waste record w1 is not an administration of its own: one supporting entry.
    expect(claim.supportingInfo).toEqual([
      {
        sequence: 1,
        category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claiminformationcategory', code: 'info' }] },
        valueReference: { reference: 'MedicationAdministration/a1' },
      },
    ]);
  });
});

describe('modifiers: CPT modifiers (25, 50, 59) under CPT, Level II modifiers (RT, LT, JW, JZ) under HCPCS', () => {
  const eye = (id: string, snomed: string, start: string) => intravitreal(id, t(start), { coding: [{ system: 'http://snomed.info/sct', code: snomed }] });

  it('both eyes as 67028-50: modifier 50 in the CPT system; the drug line JZ in HCPCS', () => {
    const r = run([lucentis, eye('right', '18944008', '10:00'), eye('left', '8966001', '10:05')]);
    const items = r.claim!.item!;
    expect(items.map((i) => [i.productOrService.coding![0]!.code, i.modifier])).toEqual([
      ['J2778', [{ coding: [{ system: HCPCS, code: 'JZ' }] }]],
      ['67028', [{ coding: [{ system: CPT_SYSTEM, code: '50' }] }]],
    ]);
    // Both administrations support both lines, in the order they were given.
    expect(items.map((i) => i.informationSequence)).toEqual([[1, 2], [1, 2]]);
    expect(r.claim!.supportingInfo!.map((s) => s.valueReference!.reference)).toEqual(['MedicationAdministration/right', 'MedicationAdministration/left']);
  });

  it('right and left eye as RT and LT: each in the HCPCS system, each line pointing to its own administration', () => {
    const r = run([lucentis, eye('right', '18944008', '10:00'), eye('left', '8966001', '10:05')], { bilateralIntravitreal: 'rt-lt' });
    const admins = r.claim!.item!.filter((i) => i.productOrService.coding![0]!.code === '67028');
    expect(admins.map((i) => [i.modifier, i.informationSequence])).toEqual([
      [[{ coding: [{ system: HCPCS, code: 'RT' }] }], [1]],
      [[{ coding: [{ system: HCPCS, code: 'LT' }] }], [2]],
    ]);
  });
});

describe('without a rendering provider', () => {
  it('no careTeam, and no item points to one', () => {
    const out = run([remicade, admin({ id: 'a1', med: 'remicade', dose: 350, route: 'iv', end: t('11:30') }), wasteRecord('w1', 'a1', 'remicade', 50)]);
    expect(out.claim!.careTeam).toBeUndefined();
    expect(out.claim!.item!.every((i) => i.careTeamSequence === undefined)).toBe(true);
  });
});

/** A drug line and an administration line as the engine makes them, for the claim builder itself. */
const line = (patch: Partial<BillingLine>): BillingLine => ({
  kind: 'drug',
  code: 'J1745',
  description: 'Injection, infliximab, 10 mg',
  modifiers: [],
  units: 35,
  serviceDate: '2026-03-02',
  sources: ['MedicationAdministration/a1'],
  rule: 'test',
  explanation: 'test',
  ...patch,
} as BillingLine);

function input(patch: Partial<ClaimInput> = {}): ClaimInput {
  const lines = patch.lines ?? [line({ ndc: '57894003001', ndcQuantity: { value: 3.5, unit: 'UN' } } as Partial<BillingLine>)];
  return {
    encounterRef: 'Encounter/e1',
    encounter: undefined,
    patient: 'Patient/p1',
    coverage: { resourceType: 'Coverage', id: 'cov1', status: 'active', beneficiary: { reference: 'Patient/p1' }, payor: [{ reference: 'Organization/payer' }] },
    billingProvider: { reference: 'Organization/clinic' },
    renderingProvider: undefined,
    diagnoses: [],
    lines,
    pointers: lines.map(() => []),
    charges: lines.map(() => undefined),
    total: undefined,
    administrations: ['MedicationAdministration/a1'],
    placeOfService: '11',
    today: '2026-03-03',
    ...patch,
  };
}

describe('the claim builder', () => {
  it('the identifier is derived from the encounter alone: draft-Encounter-<id>', () => {
    expect(buildClaim(input()).identifier).toEqual([{ system: 'https://jcode-assist.dev/fhir/NamingSystem/draft-claim', value: 'draft-Encounter-e1' }]);
    expect(buildClaim(input({ encounterRef: 'Encounter/e-2' })).identifier![0]!.value).toBe('draft-Encounter-e-2');
  });

  it('a billing provider without NPI or tax id is referenced as it is, with nothing contained', () => {
    const claim = buildClaim(input({ billingProvider: { reference: 'Organization/clinic', name: 'Clinic' } }));
    expect(claim.provider).toEqual({ reference: 'Organization/clinic', display: 'Clinic' });
    expect(claim.contained).toBeUndefined();
  });

  it('a billing provider that is a Practitioner travels as a contained Practitioner with NPI, tax id and name', () => {
    const claim = buildClaim(input({ billingProvider: { reference: 'Practitioner/solo', npi: DR_NPI, taxId: '12-3456789', name: 'Dr Solo' } }));
    expect(claim.contained).toEqual([
      {
        resourceType: 'Practitioner',
        id: 'billing-provider',
        identifier: [
          { system: NPI, value: DR_NPI },
          { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'TAX' }] }, system: TAX_ID, value: '12-3456789' },
        ],
        name: [{ text: 'Dr Solo' }],
      },
    ]);
    expect(claim.provider).toEqual({ reference: '#billing-provider', identifier: { system: NPI, value: DR_NPI }, display: 'Dr Solo' });
    expect(() => assertValidR4(claim)).not.toThrow();
  });

  it('a billing provider known only by its configured NPI is contained as an Organization', () => {
    const claim = buildClaim(input({ billingProvider: { npi: '1234567893' } }));
    expect(claim.contained).toEqual([{ resourceType: 'Organization', id: 'billing-provider', identifier: [{ system: NPI, value: '1234567893' }] }]);
    expect(claim.provider).toEqual({ reference: '#billing-provider', identifier: { system: NPI, value: '1234567893' } });
  });

  it('an Organization with an NPI and a name is contained with both', () => {
    const claim = buildClaim(input({ billingProvider: { reference: 'Organization/clinic', npi: '1234567893', name: 'Clinic' } }));
    expect(claim.contained).toEqual([{ resourceType: 'Organization', id: 'billing-provider', identifier: [{ system: NPI, value: '1234567893' }], name: 'Clinic' }]);
  });

  it('an Organization with a tax id only is contained with it; without a name, none is made up', () => {
    const claim = buildClaim(input({ billingProvider: { reference: 'Organization/clinic', taxId: '12-3456789' } }));
    expect(claim.contained).toEqual([
      {
        resourceType: 'Organization',
        id: 'billing-provider',
        identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'TAX' }] }, system: TAX_ID, value: '12-3456789' }],
      },
    ]);
    expect(claim.provider).toEqual({ reference: '#billing-provider' });
    const practitioner = buildClaim(input({ billingProvider: { reference: 'Practitioner/solo', npi: DR_NPI } }));
    expect(practitioner.contained).toEqual([{ resourceType: 'Practitioner', id: 'billing-provider', identifier: [{ system: NPI, value: DR_NPI }] }]);
  });

  it('no diagnoses, no administrations, no charges: those parts are left out rather than empty', () => {
    const claim = buildClaim(input({ administrations: [], pointers: [] }));
    expect(claim.diagnosis).toBeUndefined();
    expect(claim.supportingInfo).toBeUndefined();
    expect(claim.total).toBeUndefined();
    expect(claim.careTeam).toBeUndefined();
    const item = claim.item![0]!;
    expect(item.modifier).toBeUndefined();
    expect(item.diagnosisSequence).toBeUndefined();
    expect(item.informationSequence).toBeUndefined();
    expect(item.unitPrice).toBeUndefined();
    expect(item.net).toBeUndefined();
    expect(item.careTeamSequence).toBeUndefined();
  });

  it('a drug line without an NDC has no detail; one without an NDC quantity has the NDC alone', () => {
    const noNdc = buildClaim(input({ lines: [line({})] }));
    expect(noNdc.item![0]!.detail).toBeUndefined();
    const noQuantity = buildClaim(input({ lines: [line({ ndc: '57894003001' } as Partial<BillingLine>)] }));
    expect(noQuantity.item![0]!.detail).toEqual([{ sequence: 1, productOrService: { coding: [{ system: NDC, code: '57894003001' }] } }]);
    // An administration line never carries an NDC detail, even if one were set on it.
    const adminLine = buildClaim(input({ lines: [line({ kind: 'administration', code: '96413', ndc: '57894003001' } as Partial<BillingLine>)] }));
    expect(adminLine.item![0]!.detail).toBeUndefined();
    expect(adminLine.item![0]!.productOrService.coding).toEqual([{ system: CPT_SYSTEM, code: '96413', display: 'Injection, infliximab, 10 mg' }]);
  });

  it('a line without a description carries its code alone', () => {
    const claim = buildClaim(input({ lines: [line({ description: undefined } as Partial<BillingLine>)] }));
    expect(claim.item![0]!.productOrService.coding).toEqual([{ system: HCPCS, code: 'J1745' }]);
  });

  it("a line's pointers are copied, not shared with the caller", () => {
    const pointers = [[2, 1]];
    const claim = buildClaim(input({ diagnoses: [{ text: 'a', coding: [{ code: 'A' }] }, { text: 'b', coding: [{ code: 'B' }] }], pointers }));
    expect(claim.item![0]!.diagnosisSequence).toEqual([2, 1]);
    pointers[0]!.push(3);
    expect(claim.item![0]!.diagnosisSequence).toEqual([2, 1]);
  });

  it('a source that is not an administration (a waste record) gives no supporting-information pointer', () => {
    const claim = buildClaim(input({ lines: [line({ sources: ['MedicationAdministration/w1', 'MedicationAdministration/a1'] })], administrations: ['MedicationAdministration/a0', 'MedicationAdministration/a1'] }));
    expect(claim.item![0]!.informationSequence).toEqual([2]);
  });

  it('an administration listed twice is pointed to at its first supporting entry', () => {
    const claim = buildClaim(input({ administrations: ['MedicationAdministration/a1', 'MedicationAdministration/a0', 'MedicationAdministration/a1'] }));
    expect(claim.supportingInfo!.map((s) => s.sequence)).toEqual([1, 2, 3]);
    expect(claim.item![0]!.informationSequence).toEqual([1]);
  });
});

describe('charges', () => {
  it('a JSON number states cents exactly up to 2^53 cents: a charge just past it is refused, one at it is kept', () => {
    const limit = 2 ** 53 / 100; // 90,071,992,547,409.92 dollars
    const lines = [line({ units: 1 })];
    expect(chargeLines(lines, { J1745: limit }, []).perLine).toEqual([{ unitPrice: limit, net: limit }]);
    const over = chargeLines(lines, { J1745: limit + 0.02 }, ['Encounter/e1']);
    expect(over.perLine).toEqual([undefined]);
    expect(over.total).toBeUndefined();
    expect(over.findings).toMatchObject([{ code: 'charge-missing', severity: 'warning', resources: ['Encounter/e1'] }]);
  });

  it('lines whose sum would pass the limit: the line that would carry the total past it gets no charge', () => {
    const half = 2 ** 52 / 100;
    const lines = [line({ units: 1 }), line({ units: 1, modifiers: ['JW'] }), line({ units: 1, code: 'J9999' })];
    const out = chargeLines(lines, { J1745: half, J9999: 1 }, []);
    expect(out.perLine).toEqual([{ unitPrice: half, net: half }, { unitPrice: half, net: half }, undefined]);
    expect(out.total).toBe(2 ** 53 / 100);
    expect(out.findings.map((f) => f.code)).toEqual(['charge-missing']);
  });

  it('a fee of zero is a fee (a free line charges 0), not a missing one', () => {
    const out = chargeLines([line({ units: 3 })], { J1745: 0 }, []);
    expect(out.perLine).toEqual([{ unitPrice: 0, net: 0 }]);
    expect(out.total).toBe(0);
    expect(out.findings).toEqual([]);
  });

  it('a code missing from the schedule is named once, however many lines it has', () => {
    const out = chargeLines([line({}), line({}), line({ code: '96413', kind: 'administration' })], {}, []);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.message).toContain('J1745, 96413');
    expect(out.findings[0]!.message.match(/J1745/g)).toHaveLength(1);
  });

  it('a fee inherited from Object.prototype is no fee', () => {
    const out = chargeLines([line({ code: 'toString' })], {}, []);
    expect(out.perLine).toEqual([undefined]);
  });
});

describe('the NPI check digit (CMS: Luhn over 80840 + the first nine digits)', () => {
  it('every changed check digit of a valid NPI fails; values that are not 10 digits fail', () => {
    for (const valid of ['1234567893', DR_NPI, withCheckDigit('192233445'), withCheckDigit('100000000')]) {
      expect(isValidNpi(valid), valid).toBe(true);
      for (let d = 0; d <= 9; d++) {
        const changed = valid.slice(0, 9) + String(d);
        if (changed !== valid) expect(isValidNpi(changed), changed).toBe(false);
      }
    }
    for (const bad of [1234567893, undefined, null, '', ' 1234567893', '1234567893 ', '123456789３']) expect(isValidNpi(bad)).toBe(false);
  });

  it('a digit doubled to 10 or more has 9 taken off (the Luhn rule), which a changed digit in any place would break', () => {
    // 1999999990: the doubled 9s give 18 - 9 = 9.
    const npi = withCheckDigit('199999999');
    expect(isValidNpi(npi)).toBe(true);
    for (let i = 0; i < 9; i++) {
      const swapped = npi.slice(0, i) + String((Number(npi[i]) + 1) % 10) + npi.slice(i + 1);
      expect(isValidNpi(swapped), swapped).toBe(false);
    }
  });
});

/** The check digit by the CMS worked method, written out independently of the module. */
function withCheckDigit(first9: string): string {
  const digits = `80840${first9}`.split('').map(Number);
  let sum = 0;
  digits.reverse().forEach((d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    sum += v > 9 ? v - 9 : v;
  });
  return first9 + String((10 - (sum % 10)) % 10);
}
