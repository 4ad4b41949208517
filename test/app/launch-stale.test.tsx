// @vitest-environment happy-dom
// Launch errors name the real cause (issue 13, item 5): an unknown or expired launch code, answered by the sandbox
// EHR's own authorization endpoint, says to launch the app again from the EHR, not to check the registration.
import { screen } from '@testing-library/preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOfOAuthError } from '../../src/fhir/launch-problem';
import { mswServer } from './support/msw-server';
import { sandboxEhr, type SandboxEhr } from './support/sandbox-ehr';

const server = mswServer();
let ehr: SandboxEhr;
beforeAll(async () => {
  ehr = await sandboxEhr();
}, 30_000);
afterAll(() => ehr?.close());

describe('a launch the EHR no longer knows', () => {
  it('an expired or unknown launch code from the sandbox: "launch the app again from the EHR"', async () => {
    server.resetHandlers(...ehr.handlers);
    await ehr.launch('waste-missing', {}, { launchCode: 'expired-launch-code' });
    await screen.findByRole('heading', { level: 1, name: 'This launch is no longer valid' }, { timeout: 10_000 });
    expect(document.body.textContent).toContain('What to do: Launch the app again from the EHR.');
    expect(document.body.textContent).not.toMatch(/client id|registration/);
  });

  it('a registration problem is still named as one', () => {
    expect(problemOfOAuthError('invalid_client', 'Unknown client').kind).toBe('wrong-client');
    expect(problemOfOAuthError('invalid_request', 'redirect_uri does not match').kind).toBe('wrong-client');
    expect(problemOfOAuthError('invalid_request', 'Unknown or expired launch code: launch the app again from the EHR.').kind).toBe('launch-stale');
  });
});
