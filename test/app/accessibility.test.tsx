// @vitest-environment happy-dom
// The pages a nurse sees, checked with axe-core (WCAG 2.1 A/AA rules that can be judged without layout; colour
// contrast needs a real renderer and is left to the browser run), and the keyboard path through them.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import axe from 'axe-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { LaunchProblem } from '../../src/fhir/launch-problem';
import { ProblemPage } from '../../src/ui/ProblemPage';
import { ReadingProgress } from '../../src/ui/ReadingProgress';
import { appConfig, appServerHandlers, sandboxEhrOptions } from './support/fixtures';
import { sandboxLaunch } from './support/harness';
import { QuirkyEhr } from './support/quirky-ehr';
import { mswServer } from './support/msw-server';

const server = mswServer();
let ehr: QuirkyEhr;

beforeEach(async () => {
  ehr = await QuirkyEhr.create(sandboxEhrOptions('epic'));
  server.resetHandlers(...ehr.handlers(), ...appServerHandlers(() => appConfig([ehr])));
});

async function violations(root: Element): Promise<string[]> {
  const result = await axe.run(root, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  it('the encounter page, with findings, the waste form open and a rule shown, has no axe violations', async () => {
    await sandboxLaunch(ehr);
    fireEvent.click(await screen.findByRole('button', { name: /Record waste for/ }));
    const form = await screen.findByRole('form', { name: /Record the discarded amount/ });
    expect(document.activeElement).toBe(within(form).getByRole('heading', { level: 3 }));
    fireEvent.click(within(form).getByLabelText('Yes, an amount was discarded'));
    expect(await violations(document.body)).toEqual([]);

    fireEvent.input(within(form).getByLabelText('Discarded amount'), { target: { value: '50' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save waste record' }));
    const saved = await screen.findByText(/Waste record for .* saved:/);
    await waitFor(() => expect(document.activeElement).toBe(saved));
    const why = screen.getByRole('button', { name: 'Why? J1745-JW' });
    expect(why.getAttribute('aria-expanded')).toBe('false');
    const detail = document.getElementById(why.getAttribute('aria-controls')!)!;
    expect(detail.hidden).toBe(true);
    fireEvent.click(why);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    expect(detail.hidden).toBe(false);
    expect(detail.textContent).toMatch(/^Rule \S+: /);
    expect(await violations(document.body)).toEqual([]);
  });

  it('the problem page and the progress page have no axe violations', async () => {
    render(<ProblemPage problem={new LaunchProblem('expired', 'the access token is no longer accepted (401)')} onRetry={() => undefined} />);
    expect(await violations(document.body)).toEqual([]);
    cleanup();
    render(<ReadingProgress state={{ step: 'reading', asked: 7, answered: 3 }} />);
    expect(screen.getByRole('status').textContent).toContain('3 of 7 requests answered');
    expect(await violations(document.body)).toEqual([]);
  });

  it('every control on the encounter page is reachable by keyboard: native buttons, inputs and links only', async () => {
    await sandboxLaunch(ehr);
    await screen.findByRole('button', { name: /Record waste for/ });
    const clickable = [...document.querySelectorAll('[onclick], [role="button"]')].filter((el) => !['BUTTON', 'A', 'INPUT'].includes(el.tagName));
    expect(clickable).toEqual([]);
    for (const button of document.querySelectorAll('button')) expect(button.getAttribute('tabindex')).not.toBe('-1');
  });
});
