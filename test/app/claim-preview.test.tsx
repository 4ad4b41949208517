// @vitest-environment happy-dom
// The claim preview shows what the biller will see, read from the Claim the engine drafted for a sandbox sample
// under the sandbox's fee schedule, in the CMS-1500's terms: a header with patient, payer, date of service,
// providers and total; the diagnoses lettered A-L (box 21); a table of lines with pointers as letters (box 24E).
import { cleanup, render, screen } from '@testing-library/preact';
import type { Bundle, Claim, Coverage, Patient } from 'fhir/r4';
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

interface Sample {
  result: EncounterResult;
  patient: Patient;
  coverages: Coverage[];
}

function sample(id: string, billing: BillingSettings): Sample {
  const s = SAMPLE_CASES.find((c) => c.id === id)!;
  const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [...SHARED_RESOURCES, ...s.resources].map((resource) => ({ resource })) };
  const result = derive(bundle, new CatalogIndex(starterCatalog), billing, { today: '2026-11-27' }).results.find((r) => r.encounter === `Encounter/${s.encounter.id}`)!;
  return { result, patient: s.patient, coverages: s.resources.filter((r): r is Coverage => r.resourceType === 'Coverage') };
}

/** The text of each cell of each line of the lines table, keyed by the column's name. */
function lineCells(): Record<string, string>[] {
  return [...document.querySelectorAll('.claim-lines tbody tr')].map((tr) =>
    Object.fromEntries([...tr.querySelectorAll('[data-label]')].map((cell) => [cell.getAttribute('data-label')!, cell.textContent!])),
  );
}

function headerFacts(): Record<string, string> {
  return Object.fromEntries([...document.querySelectorAll('.claim-header > div')].map((d) => [d.querySelector('dt')!.textContent!, d.querySelector('dd')!.textContent!]));
}

describe('ClaimPreview', () => {
  it('header: patient, payer with member ID, date of service, rendering and billing provider with NPI, total', () => {
    const { result, patient, coverages } = sample('exact-vials', settings({ fees: { J9271: 58.75, 96413: 310 }, billingProviderTaxId: '12-3456789' }));
    render(<ClaimPreview claim={result.claim} findings={result.findings} patient={patient} coverages={coverages} />);
    expect(headerFacts()).toEqual({
      Patient: 'Walter Brooks',
      Payer: 'Medicare Part B, member ID 1EG4-TE5-MK73',
      'Date of service': '2026-11-24',
      'Rendering provider': 'Priya Raman MD, NPI 1245319599',
      'Billing provider': 'Riverside Infusion and Eye Clinic (sandbox), NPI 1987654328, tax id 12-3456789',
      'Place of service': '11',
      'Total charges': '$12,060.00',
    });
  });

  it('lines as a table: code, modifiers, units, NDC with quantity and unit, pointer letters, units x fee = charge', () => {
    const { result } = sample('exact-vials', settings({ fees: { J9271: 58.75, 96413: 310 } }));
    render(<ClaimPreview claim={result.claim} findings={result.findings} />);
    const [drug, admin, ...rest] = lineCells();
    expect(rest).toEqual([]);
    expect(drug!.Code).toContain('J9271');
    expect(drug!.Modifiers).toBe('JZ');
    expect(drug!.Units).toBe('200');
    expect(drug!.NDC).toBe('00006-3026-02, 8 ML');
    expect(drug!['Diagnosis pointers']).toBe('A');
    expect(drug!.Charge).toBe('200 × $58.75 = $11,750.00');
    expect(admin!.Code).toContain('96413');
    expect(admin!.Modifiers).toBe('none');
    expect(admin!.NDC).toBe('none');
    expect(admin!.Charge).toBe('1 × $310.00 = $310.00');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Line', 'Code', 'Modifiers', 'Units', 'NDC, quantity', 'Diagnosis pointers', 'Charge']);
    expect(document.querySelector('.claim-diagnoses')!.textContent).toBe('A C34.90 Malignant neoplasm of unspecified part of unspecified bronchus or lung');
    expect(screen.queryByRole('heading', { name: 'Check before billing' })).toBeNull();
  });

  it('12 diagnoses lettered A-L; the pointers the claim holds as 2, 1, 3, 4 read B, A, C, D, each to its own diagnosis', () => {
    const { result } = sample('many-conditions', settings({ fees: { J1756: 0.95 } }));
    const claim = result.claim!;
    render(<ClaimPreview claim={claim} findings={result.findings} />);
    const listed = [...document.querySelectorAll('.claim-diagnoses > li')];
    expect(listed.map((li) => li.querySelector('.dx-letter')!.textContent)).toEqual([...'ABCDEFGHIJKL']);
    // The FHIR Claim keeps its integers; only the display is lettered.
    expect(claim.item![0]!.diagnosisSequence).toEqual([2, 1, 3, 4]);
    const lines = lineCells();
    expect(lines[0]!['Diagnosis pointers']).toBe('B, A, C, D');
    // Each letter names the diagnosis the integer points at.
    const codeOfLetter = new Map(listed.map((li) => [li.querySelector('.dx-letter')!.textContent, li.querySelector('strong')!.textContent]));
    const codeOfSequence = new Map(claim.diagnosis!.map((d) => [d.sequence, d.diagnosisCodeableConcept!.coding![0]!.code]));
    expect(['B', 'A', 'C', 'D'].map((l) => codeOfLetter.get(l))).toEqual([2, 1, 3, 4].map((s) => codeOfSequence.get(s)));
    expect(lines[1]!.Charge).toBe('no fee in the fee schedule');
    expect(headerFacts()['Total charges']).toBe('$190.00 (1 line has no charge yet)');
    // Diagnoses left off are to be checked, not added: the heading says so.
    expect(screen.getByRole('heading', { name: 'Check before billing' })).toBeTruthy();
    const toAdd = document.querySelector('.claim-to-add')!.textContent!;
    expect(toAdd).toContain('96374');
    expect(toAdd).toContain('M17.0, Z79.4');
    expect(toAdd).toContain('billing.fees');
  });

  it('without the Patient or the Coverage read, the header names the references and says so', () => {
    const { result } = sample('exact-vials', settings({}));
    render(<ClaimPreview claim={result.claim} findings={result.findings} />);
    const facts = headerFacts();
    expect(facts.Patient).toBe('Patient/exact-vials (name not read from the EHR)');
    expect(facts.Payer).toBe('Coverage/exact-vials-coverage (not read from the EHR)');
  });

  it('a pointer to no listed diagnosis shows its number with a question mark, not a wrong letter', () => {
    const { result } = sample('exact-vials', settings({}));
    const claim: Claim = structuredClone(result.claim!);
    claim.item![0]!.diagnosisSequence = [1, 7];
    render(<ClaimPreview claim={claim} />);
    expect(lineCells()[0]!['Diagnosis pointers']).toBe('A, 7?');
  });

  it('lines on two days: the header gives the span of the dates of service', () => {
    const { result } = sample('exact-vials', settings({}));
    const claim: Claim = structuredClone(result.claim!);
    claim.item![1]!.servicedDate = '2026-11-25';
    render(<ClaimPreview claim={claim} />);
    expect(headerFacts()['Dates of service']).toBe('2026-11-24 to 2026-11-25');
  });

  it('shows nothing when there is no claim to preview', () => {
    const { container } = render(<ClaimPreview claim={null} findings={[]} />);
    expect(container.textContent).toBe('');
  });
});
