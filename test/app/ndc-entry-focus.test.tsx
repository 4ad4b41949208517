// @vitest-environment happy-dom
// The NDC entry under an RxNorm-only drug: when what was typed is refused, focus goes to the field in error (as in
// the waste form), where its message is read out, rather than staying on the button.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { NdcEntry } from '../../src/ui/NdcEntry';

afterEach(() => cleanup());

/** Types `typed`, then presses the button as a keyboard user would: the button has the focus when it submits. */
function submitFromButton(typed: string): { field: HTMLElement; button: HTMLElement } {
  const field = screen.getByLabelText('NDC from the package of Infliximab 100 mg');
  fireEvent.input(field, { target: { value: typed } });
  const button = screen.getByRole('button', { name: 'Use this NDC' });
  button.focus();
  expect(document.activeElement).toBe(button);
  fireEvent.click(button);
  return { field, button };
}

describe('NDC entry: a refused NDC puts the focus on the field', () => {
  it.each([
    ['not an NDC at all', '1234', /That is not an NDC/],
    ['ten digits without hyphens (ambiguous)', '5789403001', /can be read several ways/],
  ])('%s', async (_, typed, message) => {
    let applied = 0;
    render(<NdcEntry id="ma1" drugLabel="Infliximab 100 mg" onApply={async () => void applied++} />);
    const { field } = submitFromButton(typed);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(message);
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(alert.id);
    expect(applied).toBe(0);
  });

  it('when the NDC cannot be looked up', async () => {
    render(
      <NdcEntry
        id="ma1"
        drugLabel="Infliximab 100 mg"
        onApply={() => Promise.reject(new Error('the app server did not answer'))}
      />,
    );
    const { field } = submitFromButton('57894-0030-01');
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be looked up: the app server did not answer/);
    await waitFor(() => expect(document.activeElement).toBe(field));
  });

  it('a valid NDC is applied and the focus is left to the caller', async () => {
    const applied: string[] = [];
    render(<NdcEntry id="ma1" drugLabel="Infliximab 100 mg" onApply={async (ndc) => void applied.push(ndc)} />);
    const { button } = submitFromButton('57894-0030-01');
    await waitFor(() => expect(applied).toEqual(['57894003001']));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
