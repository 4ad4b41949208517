// @vitest-environment happy-dom
// Components on hand-made lines and findings: errors before warnings, the rule behind a line on demand.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BillingLine, Finding } from '../../src/billing/types';
import { FindingsList } from '../../src/ui/FindingsList';
import { LinesTable } from '../../src/ui/LinesTable';

afterEach(() => cleanup());

const finding = (code: Finding['code'], severity: Finding['severity'], message: string): Finding => ({ code, severity, message, action: `Do something about ${code}.`, resources: [] });

describe('FindingsList', () => {
  it('puts errors before warnings before notes, each with what to do, and counts what blocks the claim', () => {
    render(
      <FindingsList
        findings={[finding('ndc-missing', 'warning', 'No NDC.'), finding('admin-class-assumed', 'info', 'Assumed.'), finding('waste-undocumented', 'error', 'No waste.')]}
        actionsFor={() => null}
      />,
    );
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'Must fix: No waste.What to do: Do something about waste-undocumented.',
      'Check: No NDC.What to do: Do something about ndc-missing.',
      'Note: Assumed.What to do: Do something about admin-class-assumed.',
    ]);
    expect(screen.getByText('1 problem blocks the draft claim.')).toBeTruthy();
  });

  it('one problem, one message: an unmapped drug is not repeated as "nothing to bill", and record ids are folded away', () => {
    const unmapped: Finding = {
      ...finding('drug-unmapped', 'error', 'infliximab (MedicationAdministration/rx-1) cannot be billed: it carries neither an NDC nor an HCPCS code.'),
      resources: ['MedicationAdministration/rx-1'],
    };
    render(<FindingsList findings={[unmapped, finding('nothing-to-bill', 'error', 'No line could be derived.')]} actionsFor={() => null} />);
    expect(screen.getByText('1 problem blocks the draft claim.')).toBeTruthy();
    const [item, ...rest] = screen.getAllByRole('listitem');
    expect(rest).toHaveLength(0);
    expect(item!.querySelector('p')!.textContent).toBe('Must fix: infliximab cannot be billed: it carries neither an NDC nor an HCPCS code.');
    const folded = within(item!).getByText('Records in the EHR').closest('details')!;
    expect(folded.open).toBe(false);
    expect(folded.textContent).toContain('MedicationAdministration/rx-1');
  });

  it('keeps "nothing to bill" when it is the only problem', () => {
    render(<FindingsList findings={[finding('nothing-to-bill', 'error', 'No line could be derived.')]} actionsFor={() => null} />);
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it('says so when nothing needs attention', () => {
    render(<FindingsList findings={[]} actionsFor={() => null} />);
    expect(screen.getByText('Nothing needs attention: the lines below are complete.')).toBeTruthy();
  });
});

describe('LinesTable', () => {
  const lines: BillingLine[] = [
    {
      kind: 'drug', code: 'J1745', description: 'Injection, infliximab, 10 mg', modifiers: ['JW'], units: 5, ndc: '57894003001',
      ndcQuantity: { value: 0.5, unit: 'UN' }, serviceDate: '2026-03-02', sources: ['MedicationAdministration/ma1'], rule: 'waste.jw',
      explanation: '50 mg discarded from single-dose vials: 5 units (CMS Claims Processing Manual ch.17 s40).', pairedWith: ['96413'],
    },
    {
      kind: 'administration', code: '96413', modifiers: [], units: 1, serviceDate: '2026-03-02', sources: ['MedicationAdministration/ma1'],
      rule: 'admin.initial', explanation: 'Chemotherapy infusion, first hour.', pairedWith: ['J1745'],
    },
  ];

  it('shows code, modifiers, units, NDC 5-4-2 and the paired code; the NDC quantity only in the folded detail', () => {
    render(<LinesTable lines={lines} />);
    const [drug] = screen.getAllByRole('row').filter((r) => r.querySelector('th[scope="row"]'));
    expect([...drug!.children].map((c) => c.textContent)).toEqual([
      'J1745 drug', 'Injection, infliximab, 10 mg', 'JW', '5', '57894-0030-01', '96413', 'Why? J1745-JW',
    ]);
    const detail = document.getElementById(screen.getByRole('button', { name: 'Why? J1745-JW' }).getAttribute('aria-controls')!)!;
    expect(detail.textContent).toContain('NDC quantity on the claim: 0.5 UN (units (containers)).');
  });

  it('shows a drug line waiting for its discarded amount, so the paired administration code points at it', () => {
    render(<LinesTable lines={[lines[1]!]} pending={[{ code: 'J1745', text: 'Infliximab, 350 mg given - waiting for the discarded amount', administration: 'MedicationAdministration/ma1' }]} />);
    const rows = screen.getAllByRole('row').filter((r) => r.querySelector('th[scope="row"]'));
    expect(rows.map((r) => r.textContent)).toEqual(['J1745 drugInfliximab, 350 mg given - waiting for the discarded amount', '96413 administration1J1745Why? 96413']);
  });

  it('shows the rule behind a line on demand', () => {
    render(<LinesTable lines={lines} />);
    const button = screen.getByRole('button', { name: 'Why? 96413' });
    fireEvent.click(button);
    const detail = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(within(detail).getByText('Chemotherapy infusion, first hour.')).toBeTruthy();
    expect(detail.textContent).toContain('Rule admin.initial: ');
    fireEvent.click(button);
    expect(detail.hidden).toBe(true);
  });
});
