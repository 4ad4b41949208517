// @vitest-environment happy-dom
// The claim preview shows what the biller will see, read from the Claim the engine drafted for a sandbox sample
// under the sandbox's fee schedule: lines with charges, NDC and pointers, the total, the providers, what to add.
import { cleanup, render, screen } from '@testing-library/preact';
import type { Bundle } from 'fhir/r4';
import { afterEach, describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import type { BillingSettings, EncounterResult } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { starterCatalog } from '../../src/catalog/starter';
import { parseSmartConfig } from '../../src/config/smart-config';
import { ClaimPreview } from '../../src/ui/ClaimPreview';
import { SAMPLE_CASES, SHARED_RESOURCES } from '../../server/sandbox/samples';

afterEach(() => cleanup());

const settings = (billing: Record<string, unknown>): BillingSettings => parseSmartConfig({ billing }).billing;

function sampleResult(id: string, billing: BillingSettings): EncounterResult {
  const sample = SAMPLE_CASES.find((c) => c.id === id)!;
  const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [...SHARED_RESOURCES, ...sample.resources].map((resource) => ({ resource })) };
  return derive(bundle, new CatalogIndex(starterCatalog), billing, { today: '2026-11-27' }).results.find((r) => r.encounter === `Encounter/${sample.encounter.id}`)!;
}

describe('ClaimPreview', () => {
  it('per line: code and modifiers, units, units x fee = charge, NDC with its quantity unit code, pointers; then the total', () => {
    const r = sampleResult('exact-vials', settings({ fees: { J9271: 58.75, 96413: 310 }, billingProviderTaxId: '12-3456789' }));
    render(<ClaimPreview claim={r.claim} findings={r.findings} />);
    const items = document.querySelectorAll('.claim-items > li');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('J9271-JZ');
    expect(items[0]!.textContent).toContain('200 × $58.75 = $11,750.00');
    expect(items[0]!.textContent).toContain('00006-3026-02, 8 ML');
    expect(items[0]!.textContent).toContain('Diagnosis pointers1');
    expect(items[1]!.textContent).toContain('1 × $310.00 = $310.00');
    expect(screen.getByText(/Total charges: \$12,060\.00/)).toBeTruthy();
    expect(document.querySelector('.claim-parties')!.textContent).toContain('Riverside Infusion and Eye Clinic (sandbox), NPI 1987654328, tax id 12-3456789');
    expect(document.querySelector('.claim-parties')!.textContent).toContain('Priya Raman MD, NPI 1245319599');
    expect(document.querySelector('.claim-diagnoses')!.textContent).toContain('C34.90');
    expect(screen.queryByRole('heading', { name: 'Check before billing' })).toBeNull();
  });

  it('a line without a fee says so, the total counts the rest, and the finding says what to add', () => {
    const r = sampleResult('many-conditions', settings({ fees: { J1756: 0.95 } }));
    render(<ClaimPreview claim={r.claim} findings={r.findings} />);
    const items = document.querySelectorAll('.claim-items > li');
    expect(items[1]!.textContent).toContain('no fee in the fee schedule');
    expect(document.querySelector('.claim-total')!.textContent).toBe('Total charges: $190.00 (1 line has no charge yet)');
    // Diagnoses left off are to be checked, not added: the heading says so.
    expect(screen.getByRole('heading', { name: 'Check before billing' })).toBeTruthy();
    const toAdd = document.querySelector('.claim-to-add')!.textContent!;
    expect(toAdd).toContain('96374');
    expect(toAdd).toContain('M17.0, Z79.4');
    expect(toAdd).toContain('billing.fees');
    expect(document.querySelectorAll('.claim-diagnoses > li')).toHaveLength(12);
    expect(items[0]!.textContent).toContain('Diagnosis pointers2, 1, 3, 4');
  });

  it('shows nothing when there is no claim to preview', () => {
    const { container } = render(<ClaimPreview claim={null} findings={[]} />);
    expect(container.textContent).toBe('');
  });
});
