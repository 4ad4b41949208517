// @vitest-environment happy-dom
// The waste record's lifecycle against the sandbox EHR (issue 13; design.md "Finding them again").
import { screen } from '@testing-library/preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mswServer } from './support/msw-server';
import { sandboxEhr, type SandboxEhr } from './support/sandbox-ehr';

const server = mswServer();
let ehr: SandboxEhr;
beforeAll(async () => {
  ehr = await sandboxEhr();
}, 30_000);
afterAll(() => ehr?.close());

describe('smoke', () => {
  it('launches', async () => {
    server.resetHandlers(...ehr.handlers);
    await ehr.launch('waste-missing');
    expect(await screen.findByRole('button', { name: /Record waste for/ }, { timeout: 10_000 })).toBeTruthy();
  });
});
