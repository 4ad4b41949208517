import { describe, expect, it } from 'vitest';
import type { MedicationAdministration } from 'fhir/r4';
import { admin, codes, compact, HCPCS, medication, NDC, run } from './fixtures';

describe('identifying the drug (docs/billing-rules.md section 1)', () => {
  it.each([
    ['57894-0030-01', '5-4-2 hyphenated'],
    ['57894003001', '11 digits'],
    ['5789403001', '10 digits without hyphens, resolved because only one padding exists in the crosswalk'],
  ])('finds infliximab from NDC %s (%s)', (ndc) => {
    const r = run([medication('m', [{ system: NDC, code: ndc }]), admin({ id: 'a1', med: 'm', dose: 400, route: 'iv', end: '2026-03-02T11:00:00-05:00' })]);
    expect(compact(r, 'drug')).toEqual(['J1745-JZ x40']);
    expect(r.lines[0]!.ndc).toBe('57894003001');
  });

  it('an NDC that maps to several codes is drug-ambiguous unless the Medication names the HCPCS code', () => {
    const ambiguous = run([medication('m', [{ system: NDC, code: '44444-5555-66' }]), admin({ id: 'a1', med: 'm', dose: 100, route: 'iv', end: '2026-03-02T10:00:00-05:00' })]);
    expect(codes(ambiguous)).toContain('drug-ambiguous');
    expect(ambiguous.claim).toBeNull();
    const chosen = run([
      medication('m', [{ system: NDC, code: '44444-5555-66' }, { system: HCPCS, code: 'J1745' }]),
      admin({ id: 'a1', med: 'm', dose: 100, route: 'iv', end: '2026-03-02T10:00:00-05:00' }),
    ]);
    expect(compact(chosen, 'drug')).toEqual(['J1745-JZ x10']);
  });

  it('falls back to an HCPCS coding (http or https) when there is no NDC, and says the NDC is missing', () => {
    const r = run([
      medication('m', [{ system: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J2405' }]),
      admin({ id: 'a1', med: 'm', dose: 4, route: 'iv' }),
    ], { containerType: { J2405: 'multi-dose' } });
    expect(compact(r, 'drug')).toEqual(['J2405 x4']);
    expect(codes(r)).toContain('ndc-missing');
    expect(r.claim).not.toBeNull();
  });

  it('RxNorm only is drug-unmapped, never a guess from the name; its administration code goes too', () => {
    const r = run([
      medication('m', [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1594660', display: 'Infliximab 100 MG Injection' }]),
      admin({ id: 'a1', med: 'm', dose: 100, route: 'iv', end: '2026-03-02T10:00:00-05:00' }),
    ]);
    expect(compact(r)).toEqual([]);
    expect(r.findings[0]).toMatchObject({ code: 'drug-unmapped', severity: 'error', resources: ['MedicationAdministration/a1'] });
    // nothing-to-bill follows from the unmapped drug: it names its cause, so one mistake is counted once.
    expect(r.findings.find((f) => f.code === 'nothing-to-bill')?.causedBy).toEqual(['drug-unmapped']);
    expect(r.findings.find((f) => f.code === 'drug-unmapped')?.causedBy).toBeUndefined();
  });

  it('reads a contained Medication', () => {
    const ma: MedicationAdministration = {
      ...admin({ id: 'a1', med: 'x', dose: 400, route: 'iv', end: '2026-03-02T11:00:00-05:00' }),
      contained: [medication('inline', [{ system: NDC, code: '57894-0030-01' }])],
      medicationReference: { reference: '#inline' },
    };
    expect(compact(run([ma]), 'drug')).toEqual(['J1745-JZ x40']);
  });

  it('a referenced Medication missing from the record is drug-unmapped', () => {
    const r = run([admin({ id: 'a1', med: 'gone', dose: 400, route: 'iv' })]);
    expect(codes(r)).toContain('drug-unmapped');
    expect(r.findings.find((f) => f.code === 'drug-unmapped')!.message).toContain('Medication/gone');
  });

  it('a code not active on the date of service is code-inactive (J1300 ended 2025-03-31)', () => {
    const r = run([medication('m', [{ system: HCPCS, code: 'J1300' }]), admin({ id: 'a1', med: 'm', dose: 300, route: 'iv', end: '2026-03-02T10:00:00-05:00' })]);
    expect(r.findings.find((f) => f.code === 'code-inactive')!.message).toContain('2025-03-31');
    expect(compact(r, 'drug')).toEqual([]);
  });

  it('unclassified codes bill one unit and ask for the NDC, name and dose', () => {
    const r = run([medication('m', [{ system: HCPCS, code: 'J9999' }]), admin({ id: 'a1', med: 'm', dose: 30, route: 'iv', end: '2026-03-02T10:00:00-05:00' })]);
    expect(compact(r, 'drug')).toEqual(['J9999 x1']);
    expect(r.findings.find((f) => f.code === 'unclassified-code')!.message).toContain('the NDC');
  });
});

describe('doses the engine will not guess', () => {
  const remicade = medication('m', [{ system: NDC, code: '57894-0030-01' }]);
  it.each([
    [{ value: 5, unit: 'mg/kg', code: 'mg/kg' }, 'dose-unconvertible'],
    [{ value: 1, unit: 'tab', code: '{tab}' }, 'dose-unconvertible'],
    [{ value: 0, unit: 'mg', code: 'mg' }, 'dose-missing'],
    [{ value: -5, unit: 'mg', code: 'mg' }, 'dose-missing'],
    [{ value: 2, unit: 'mL', code: 'mL' }, 'dose-unconvertible'], // powder: no concentration known
    [undefined, 'dose-missing'],
  ])('%j -> %s', (dose, code) => {
    const ma = admin({ id: 'a1', med: 'm', route: 'iv', end: '2026-03-02T10:00:00-05:00' });
    ma.dosage = { ...ma.dosage, ...(dose ? { dose } : {}) };
    const r = run([remicade, ma]);
    expect(codes(r)).toContain(code);
    expect(compact(r, 'drug')).toEqual([]);
    expect(r.claim).toBeNull();
  });

  it('in-progress administrations are shown but not billed; entered-in-error and not-done bill nothing', () => {
    const r = run([
      remicade,
      admin({ id: 'a1', med: 'm', dose: 400, route: 'iv', status: 'in-progress' }),
      admin({ id: 'a2', med: 'm', dose: 400, route: 'iv', status: 'entered-in-error' }),
      admin({ id: 'a3', med: 'm', dose: 400, route: 'iv', status: 'not-done' }),
    ]);
    expect(compact(r)).toEqual([]);
    expect(codes(r)).toEqual(expect.arrayContaining(['administration-in-progress', 'administration-not-billed', 'nothing-to-bill']));
    // With no error behind it, the administrations' own findings are its cause.
    expect(r.findings.find((f) => f.code === 'nothing-to-bill')?.causedBy).toEqual(expect.arrayContaining(['administration-in-progress', 'administration-not-billed']));
  });
});
