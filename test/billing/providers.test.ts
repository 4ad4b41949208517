// Who the claim names (docs/billing-rules.md 8; Medicare Benefit Policy Manual ch.15 s60, incident-to): the rendering
// provider is the encounter's physician or NPP with an NPI (participant type PPRF, then ATND, then SPRF) or the
// configured one, never a nurse; the billing provider carries its NPI and tax id from the record or configuration.
import type { Encounter, Organization, Practitioner, PractitionerRole, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { BillingSettings, EncounterResult } from '../../src/billing/types';
import { admin, context, medication, NDC, NPI, participant, PARTICIPATION, runExactly, TAX_ID } from './fixtures';

// Made-up NPIs that pass the CMS check digit (Luhn over 80840 + the first nine digits).
const NPI_A = '1245319599';
const NPI_B = '1234567893';
const NPI_C = '1000000004';
const zofran = medication('zofran', [{ system: NDC, code: '00409-4755-03' }]);
const push = admin({ id: 'a1', med: 'zofran', dose: 4, route: 'iv', start: '2026-03-02T09:00:00-05:00' });

const practitioner = (id: string, npi?: string, extra: Partial<Practitioner> = {}): Practitioner => ({
  resourceType: 'Practitioner',
  id,
  name: [{ text: `Dr ${id}` }],
  ...(npi ? { identifier: [{ system: NPI, value: npi }] } : {}),
  ...extra,
});

/** The fixture context with the encounter and the clinic patched, plus these resources. */
function runWith(encounter: Partial<Encounter>, resources: Resource[], settings: Partial<BillingSettings> = {}, clinic: Partial<Organization> = {}): EncounterResult {
  const base = context().map((r) => {
    if (r.resourceType === 'Encounter') return { ...r, ...encounter } as Resource;
    if (r.resourceType === 'Organization' && r.id === 'clinic') return { ...r, ...clinic } as Resource;
    return r;
  });
  return runExactly([...base, ...resources, zofran, push], { containerType: { J2405: 'multi-dose' }, ...settings });
}
const rendering = (r: EncounterResult) => r.claim!.careTeam?.[0]?.provider;
const codes = (r: EncounterResult) => r.findings.map((f) => f.code);

describe('the rendering provider', () => {
  it('primary performer before attender before secondary performer, whatever their order on the encounter', () => {
    const people = [practitioner('s', NPI_A), practitioner('a', NPI_B), practitioner('p', NPI_C)];
    const all = [participant('SPRF', 'Practitioner/s'), participant('ATND', 'Practitioner/a'), participant('PPRF', 'Practitioner/p')];
    expect(rendering(runWith({ participant: all }, people))).toEqual({ reference: 'Practitioner/p', identifier: { system: NPI, value: NPI_C }, display: 'Dr p' });
    expect(rendering(runWith({ participant: all.slice(0, 2) }, people))?.reference).toBe('Practitioner/a');
    expect(rendering(runWith({ participant: all.slice(0, 1) }, people))?.reference).toBe('Practitioner/s');
  });

  it('a participant of another type (a consultant, a referrer), or without an individual, is not the rendering provider', () => {
    const r = runWith({ participant: [participant('CON', 'Practitioner/c'), participant('REF', 'Practitioner/c'), { type: [{ coding: [{ system: PARTICIPATION, code: 'PPRF' }] }] }, participant('ATND', 'Practitioner/a')] }, [practitioner('c', NPI_A), practitioner('a', NPI_B)]);
    expect(rendering(r)?.reference).toBe('Practitioner/a');
    const onlyOthers = runWith({ participant: [participant('CON', 'Practitioner/c')] }, [practitioner('c', NPI_A)]);
    expect(onlyOthers.claim!.careTeam).toBeUndefined();
    expect(codes(onlyOthers)).toContain('rendering-provider-missing');
  });

  it('a participant without a type is not the rendering provider; one typed PPRF among other types is', () => {
    const untyped = { individual: { reference: 'Practitioner/x' } };
    expect(rendering(runWith({ participant: [untyped, participant('ATND', 'Practitioner/a')] }, [practitioner('x', NPI_A), practitioner('a', NPI_B)]))?.reference).toBe('Practitioner/a');
    const twoTypes = { type: [{ coding: [{ system: PARTICIPATION, code: 'PART' }] }, { coding: [{ system: PARTICIPATION, code: 'PPRF' }] }], individual: { reference: 'Practitioner/x' } };
    expect(rendering(runWith({ participant: [participant('ATND', 'Practitioner/a'), twoTypes] }, [practitioner('x', NPI_A), practitioner('a', NPI_B)]))?.reference).toBe('Practitioner/x');
  });

  it('an Organization named as performer is not the rendering provider, even with an NPI', () => {
    const org = { resourceType: 'Organization', id: 'group', identifier: [{ system: NPI, value: NPI_A }] } as Resource;
    const r = runWith({ participant: [participant('PPRF', 'Organization/group')] }, [org]);
    expect(r.claim!.careTeam).toBeUndefined();
  });

  it('a practitioner without any NPI is passed over without an npi-invalid finding (none is not an invalid one)', () => {
    const r = runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [practitioner('a')]);
    expect(r.claim!.careTeam).toBeUndefined();
    expect(codes(r)).not.toContain('npi-invalid');
    expect(codes(r)).toContain('rendering-provider-missing');
  });

  it('a nurse whose qualification carries a nursing code beside a local one is still a nurse', () => {
    const rn = practitioner('rn', NPI_A, { qualification: [{ code: { coding: [{ system: 'http://example.org/local', code: 'X1' }, { system: 'http://snomed.info/sct', code: '224535009' }] } }] });
    expect(runWith({ participant: [participant('PPRF', 'Practitioner/rn')] }, [rn]).claim!.careTeam).toBeUndefined();
  });

  it('a participant type in another code system does not count', () => {
    const r = runWith({ participant: [{ type: [{ coding: [{ system: 'http://example.org/roles', code: 'PPRF' }] }], individual: { reference: 'Practitioner/p' } }] }, [practitioner('p', NPI_A)]);
    expect(r.claim!.careTeam).toBeUndefined();
  });

  it('passed over for the next: a participant not in the record, without an NPI, a nurse, or not a practitioner', () => {
    const nurseByTaxonomy = practitioner('rn', NPI_A, { qualification: [{ code: { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '163W00000X' }] } }] });
    const lpn = practitioner('lpn', NPI_A, { qualification: [{ code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360', code: 'LPN' }] } }] });
    const device = { resourceType: 'Device', id: 'pump' } as Resource;
    for (const [first, extra] of [
      ['Practitioner/missing', []],
      ['Practitioner/nonpi', [practitioner('nonpi')]],
      ['Practitioner/rn', [nurseByTaxonomy]],
      ['Practitioner/lpn', [lpn]],
      ['Device/pump', [device]],
    ] as [string, Resource[]][]) {
      const r = runWith({ participant: [participant('PPRF', first), participant('ATND', 'Practitioner/a')] }, [...extra, practitioner('a', NPI_B)]);
      expect(rendering(r)?.reference, first).toBe('Practitioner/a');
      const alone = runWith({ participant: [participant('PPRF', first)] }, extra);
      expect(alone.claim!.careTeam, first).toBeUndefined();
      expect(alone.findings.find((f) => f.code === 'rendering-provider-missing')?.message, first).toContain(first);
    }
  });

  it('a nurse practitioner (NUCC 363L) with an NPI renders, and an RN coded in another system is not taken for a nurse', () => {
    const np = practitioner('np', NPI_A, { qualification: [{ code: { coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '363L00000X' }] } }] });
    expect(rendering(runWith({ participant: [participant('PPRF', 'Practitioner/np')] }, [np]))?.reference).toBe('Practitioner/np');
    const rnV2 = practitioner('rn', NPI_A, { qualification: [{ code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360', code: 'RN' }] } }] });
    expect(runWith({ participant: [participant('PPRF', 'Practitioner/rn')] }, [rnV2]).claim!.careTeam).toBeUndefined();
    const rnElsewhere = practitioner('x', NPI_A, { qualification: [{ code: { coding: [{ system: 'http://example.org/degrees', code: 'RN' }] } }] });
    expect(rendering(runWith({ participant: [participant('PPRF', 'Practitioner/x')] }, [rnElsewhere]))?.reference).toBe('Practitioner/x');
  });

  it('a PractitionerRole: the role NPI wins over the practitioner one; the claim names the practitioner', () => {
    const role = (npi?: string): PractitionerRole => ({
      resourceType: 'PractitionerRole',
      id: 'role',
      practitioner: { reference: 'Practitioner/dr' },
      code: [{ coding: [{ system: 'http://nucc.org/provider-taxonomy', code: '207R00000X' }] }],
      ...(npi ? { identifier: [{ system: NPI, value: npi }] } : {}),
    });
    const dr = practitioner('dr', NPI_B);
    const enc = { participant: [participant('PPRF', 'PractitionerRole/role')] };
    expect(rendering(runWith(enc, [role(NPI_A), dr]))).toEqual({ reference: 'Practitioner/dr', identifier: { system: NPI, value: NPI_A }, display: 'Dr dr' });
    // The role's NPI beside another identifier of the role still wins.
    const withStaffId = { ...role(NPI_A), identifier: [{ system: 'http://example.org/staff', value: 'S1' }, { system: NPI, value: NPI_A }] };
    expect(rendering(runWith(enc, [withStaffId, dr]))?.identifier).toEqual({ system: NPI, value: NPI_A });
    expect(rendering(runWith(enc, [role(), dr]))).toEqual({ reference: 'Practitioner/dr', identifier: { system: NPI, value: NPI_B }, display: 'Dr dr' });
    // A role whose practitioner is not in the record: the role itself, with its NPI.
    expect(rendering(runWith(enc, [role(NPI_A)]))).toEqual({ reference: 'PractitionerRole/role', identifier: { system: NPI, value: NPI_A } });
    // Neither has an NPI, or the role has none and its practitioner is not in the record: passed over.
    expect(runWith(enc, [role()]).claim!.careTeam).toBeUndefined();
    const none = runWith(enc, [role(), practitioner('dr')]);
    expect(none.claim!.careTeam).toBeUndefined();
    expect(none.findings.find((f) => f.code === 'rendering-provider-missing')?.message).toContain('PractitionerRole/role has no valid NPI');
  });

  it('a PractitionerRole of a nurse, by its code or by its practitioner qualification, is never the rendering provider', () => {
    const dr = practitioner('dr', NPI_B);
    const nurseQualified = practitioner('dr', NPI_B, { qualification: [{ code: { coding: [{ system: 'http://snomed.info/sct', code: '224535009' }] } }] });
    const role = (code: string): PractitionerRole => ({ resourceType: 'PractitionerRole', id: 'role', practitioner: { reference: 'Practitioner/dr' }, identifier: [{ system: NPI, value: NPI_A }], code: [{ coding: [{ system: 'http://snomed.info/sct', code }] }] });
    const enc = { participant: [participant('PPRF', 'PractitionerRole/role')] };
    for (const [label, resources] of [
      ['enrolled nurse role', [role('224565004'), dr]],
      ['professional nurse role', [role('106292003'), dr]],
      ['practitioner qualified as a registered nurse', [role('309343006'), nurseQualified]],
    ] as [string, Resource[]][]) {
      const r = runWith(enc, resources);
      expect(r.claim!.careTeam, label).toBeUndefined();
    }
    expect(rendering(runWith(enc, [role('309343006'), dr]))?.reference).toBe('Practitioner/dr');
    // A practitioner behind the role with a broken qualification entry is read past, not a crash.
    const brokenQualification = practitioner('dr', NPI_B, { qualification: [null as never] });
    expect(rendering(runWith(enc, [role('309343006'), brokenQualification]))?.reference).toBe('Practitioner/dr');
    // A role with no code at all is not a nursing role.
    const uncoded: PractitionerRole = { resourceType: 'PractitionerRole', id: 'role', practitioner: { reference: 'Practitioner/dr' } };
    expect(rendering(runWith(enc, [uncoded, dr]))?.reference).toBe('Practitioner/dr');
  });

  it('configured rendering provider: used only when the encounter names none, with its reference and name', () => {
    const configured = { renderingProvider: { npi: NPI_C, reference: 'Practitioner/cfg', name: 'Dr Configured' } };
    expect(rendering(runWith({}, [], configured))).toEqual({ reference: 'Practitioner/cfg', identifier: { system: NPI, value: NPI_C }, display: 'Dr Configured' });
    expect(rendering(runWith({}, [], { renderingProvider: { npi: NPI_C } }))).toEqual({ identifier: { system: NPI, value: NPI_C } });
    expect(rendering(runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [practitioner('a', NPI_B)], configured))?.reference).toBe('Practitioner/a');
  });

  it("a practitioner's name from given, family and suffix when it has no text", () => {
    const named = practitioner('a', NPI_B, { name: [{ given: ['Ana', 'M'], family: 'Ruiz', suffix: ['MD'] }] });
    expect(rendering(runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [named]))?.display).toBe('Ana M Ruiz MD');
    const unnamed = practitioner('a', NPI_B, { name: [{}] });
    expect(rendering(runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [unnamed]))).toEqual({ reference: 'Practitioner/a', identifier: { system: NPI, value: NPI_B } });
  });
});

describe('bad records are passed over, never a crash', () => {
  it('a null participant, identifier or qualification coding; a practitioner without a name', () => {
    const odd = practitioner('a', undefined, {
      name: undefined,
      identifier: [null as never, { system: NPI, value: NPI_B }],
      qualification: [{ code: { coding: [null as never] } }, {} as never, null as never],
    });
    const brokenType = { type: [{ coding: [null as never] }], individual: { reference: 'Practitioner/a' } };
    const r = runWith({ participant: [null as never, brokenType, participant('ATND', 'Practitioner/a')] }, [odd]);
    expect(rendering(r)).toEqual({ reference: 'Practitioner/a', identifier: { system: NPI, value: NPI_B } });
  });

  it('an NPI identifier whose value is null is no NPI', () => {
    const r = runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [practitioner('a', undefined, { identifier: [{ system: NPI, value: null as never }, { system: NPI, value: NPI_B }] })]);
    expect(rendering(r)?.identifier).toEqual({ system: NPI, value: NPI_B });
    expect(codes(r)).not.toContain('npi-invalid');
  });

  it("an Organization's tax id after a null identifier or one with a number value is still found", () => {
    const clinic = { identifier: [null as never, { system: 'http://example.org/other', value: 5 as never }, { system: TAX_ID, value: '11-1111111' }, { system: NPI, value: NPI_B }] };
    const org = runWith({}, [], { billingProviderTaxId: '98-7654321' }, clinic).claim!.contained![0] as Organization;
    expect(org.identifier!.map((i) => i.value)).toEqual([NPI_B, '11-1111111']);
  });

  it('an Organization name that is not text gives no name', () => {
    const r = runWith({}, [], {}, { name: 42 as never });
    expect(r.claim!.provider).toEqual({ reference: '#billing-provider', identifier: { system: NPI, value: NPI_B } });
  });

  it('a tax id that is not a string, or a null identifier on the Organization, is passed over for the configured one', () => {
    const clinic = { identifier: [null as never, { system: TAX_ID, value: 123456789 as never }, { system: NPI, value: NPI_B }] };
    const r = runWith({}, [], { billingProviderTaxId: '98-7654321' }, clinic);
    const org = r.claim!.contained![0] as Organization;
    expect(org.identifier!.map((i) => i.value)).toEqual([NPI_B, '98-7654321']);
  });
});

describe('the NPI of a record', () => {
  it('the same NPI written twice (once with spaces) is one NPI; an identifier without a value is not an NPI', () => {
    const twice = practitioner('a', undefined, { identifier: [{ system: NPI, value: NPI_B }, { system: NPI, value: ` ${NPI_B} ` }, { system: NPI }] });
    const r = runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [twice]);
    expect(rendering(r)?.identifier).toEqual({ system: NPI, value: NPI_B });
    expect(codes(r)).not.toContain('npi-invalid');
  });

  it('two different NPIs or a failing check digit: npi-invalid, a warning about that record, and the NPI is not used', () => {
    for (const identifier of [[{ system: NPI, value: NPI_A }, { system: NPI, value: NPI_B }], [{ system: NPI, value: '1245319598' }]]) {
      const r = runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [practitioner('a', undefined, { identifier })]);
      expect(r.findings.filter((f) => f.code === 'npi-invalid')).toMatchObject([{ severity: 'warning', resources: ['Practitioner/a'] }]);
      expect(r.claim!.careTeam).toBeUndefined();
    }
  });

  it("an identifier of another system is not read as the NPI", () => {
    const other = practitioner('a', undefined, { identifier: [{ system: 'http://example.org/staff', value: NPI_B }] });
    expect(runWith({ participant: [participant('ATND', 'Practitioner/a')] }, [other]).claim!.careTeam).toBeUndefined();
  });
});

describe('the billing provider', () => {
  const contained = (r: EncounterResult) => r.claim!.contained?.[0] as Organization | Practitioner | undefined;

  it("the Organization's NPI wins over the configured one; the configured tax id fills in", () => {
    const r = runWith({}, [], { billingProviderNpi: NPI_A, billingProviderTaxId: '98-7654321' });
    expect(contained(r)?.identifier).toEqual([
      { system: NPI, value: NPI_B },
      { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'TAX' }] }, system: TAX_ID, value: '98-7654321' },
    ]);
  });

  it("the Organization's tax id, found by its system or by its type TAX, wins over the configured one", () => {
    const bySystem = { identifier: [{ system: TAX_ID, value: '11-1111111' }] };
    const byType = { identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'TAX' }] }, system: 'http://example.org/ein', value: '22-2222222' }] };
    const notTax = { identifier: [{ system: 'http://example.org/other', value: '33-3333333' }] };
    const taxOf = (clinic: Partial<Organization>) => contained(runWith({}, [], { billingProviderTaxId: '98-7654321' }, clinic))?.identifier?.find((i) => i.system === TAX_ID)?.value;
    expect(taxOf(bySystem)).toBe('11-1111111');
    expect(taxOf(byType)).toBe('22-2222222');
    expect(taxOf(notTax)).toBe('98-7654321');
  });

  it('an Organization NPI that fails its check digit: npi-invalid, and the configured NPI is used', () => {
    const r = runWith({}, [], { billingProviderNpi: NPI_A }, { identifier: [{ system: NPI, value: '1234567890' }] });
    expect(r.findings.filter((f) => f.code === 'npi-invalid')).toMatchObject([{ severity: 'warning', resources: ['Organization/clinic'] }]);
    expect(r.claim!.provider?.identifier).toEqual({ system: NPI, value: NPI_A });
  });

  it('no service provider on the encounter: the configured billing provider, else provider-missing blocks the claim', () => {
    const configured = runWith({ serviceProvider: undefined }, [], { billingProvider: 'Organization/clinic' });
    expect(configured.claim!.provider).toEqual({ reference: '#billing-provider', identifier: { system: NPI, value: NPI_B }, display: 'Clinic' });
    const none = runWith({ serviceProvider: undefined }, []);
    expect(none.claim).toBeNull();
    expect(none.findings.find((f) => f.code === 'provider-missing')?.severity).toBe('error');
  });

  it('a billing provider not in the record is named by its reference, with the configured NPI and tax id', () => {
    const r = runWith({ serviceProvider: { reference: 'Organization/elsewhere' } }, [], { billingProviderNpi: NPI_A, billingProviderTaxId: '98-7654321' });
    expect(r.claim!.provider).toEqual({ reference: '#billing-provider', identifier: { system: NPI, value: NPI_A } });
    expect(contained(r)).toMatchObject({ resourceType: 'Organization', id: 'billing-provider' });
    const bare = runWith({ serviceProvider: { reference: 'Organization/elsewhere' } }, []);
    expect(bare.claim!.provider).toEqual({ reference: 'Organization/elsewhere' });
  });

  it('a Practitioner billing in their own name is contained as a Practitioner with their name', () => {
    const solo = practitioner('solo', NPI_A, { name: [{ given: ['Ana'], family: 'Ruiz' }] });
    const r = runWith({ serviceProvider: { reference: 'Practitioner/solo' } }, [solo]);
    expect(contained(r)).toEqual({ resourceType: 'Practitioner', id: 'billing-provider', identifier: [{ system: NPI, value: NPI_A }], name: [{ text: 'Ana Ruiz' }] });
  });
});
