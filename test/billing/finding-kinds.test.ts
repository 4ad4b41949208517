// src/billing/findings.ts: each finding's severity is the one docs/billing-rules.md section 7 gives it (an error
// blocks the draft Claim), unless the rule makes it depend on the date of service; the resources it names are listed
// once each, in order.
import { describe, expect, it } from 'vitest';
import { finding, FINDING_KINDS } from '../../src/billing/findings';

describe('the severity of each finding (docs/billing-rules.md section 7)', () => {
  it.each([
    'waste-undocumented',
    'drug-unmapped',
    'drug-ambiguous',
    'dose-missing',
    'dose-unconvertible',
    'route-missing',
    'code-inactive',
    'coverage-missing',
    'provider-missing',
    'container-unknown',
    'encounter-unknown',
  ] as const)('%s is an error: it blocks the claim', (code) => {
    expect(finding(code, 'm', []).severity).toBe('error');
  });

  it.each(['waste-inconsistent', 'ndc-missing', 'diagnosis-missing', 'infusion-time-missing', 'units-exceed-mue', 'admin-code-mismatch'] as const)(
    '%s is a warning: the draft is still written',
    (code) => {
      expect(finding(code, 'm', []).severity).toBe('warning');
    },
  );

  it('a severity given by the rule (container-unknown before 2023-07-01) wins over the usual one', () => {
    expect(finding('container-unknown', 'm', [], 'warning').severity).toBe('warning');
    expect(finding('administration-not-billed', 'm', [], 'error').severity).toBe('error');
  });

  it('carries the code, the message as written and the action of its kind', () => {
    expect(finding('dose-missing', 'No dose for a1.', ['MedicationAdministration/a1'])).toEqual({
      code: 'dose-missing',
      severity: 'error',
      message: 'No dose for a1.',
      action: FINDING_KINDS['dose-missing'].action,
      resources: ['MedicationAdministration/a1'],
    });
  });
});

describe('the resources a finding names', () => {
  it('each once, in the order first named', () => {
    expect(finding('waste-undocumented', 'm', ['MedicationAdministration/a2', 'MedicationAdministration/a1', 'MedicationAdministration/a2']).resources).toEqual([
      'MedicationAdministration/a2',
      'MedicationAdministration/a1',
    ]);
  });

  it('one or none as given, in a list of its own that a later change to the caller\'s list does not reach', () => {
    const one = ['Encounter/e1'];
    const f = finding('nothing-to-bill', 'm', one);
    one.push('Encounter/e2');
    expect(f.resources).toEqual(['Encounter/e1']);
    expect(finding('nothing-to-bill', 'm', []).resources).toEqual([]);
  });
});
