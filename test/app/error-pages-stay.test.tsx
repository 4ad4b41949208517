// @vitest-environment happy-dom
// A failed required read ends on its error page and stays there (issue 13, item 3): the other reads are still
// in flight when the administrations search fails, and their answers, arriving later, must not bring back the
// progress page. Faults: 403, 401 (no refresh token: the session has ended) and an HTML page instead of JSON.
import { screen } from '@testing-library/preact';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { appConfig, appServerHandlers, sandboxEhrOptions } from './support/fixtures';
import { sandboxLaunch } from './support/harness';
import { EHR_BASE, QuirkyEhr } from './support/quirky-ehr';
import { mswServer } from './support/msw-server';

const server = mswServer();
/** Every other FHIR answer takes this long, so they arrive after the failed search has ended the start. */
const LATENCY_MS = 150;

const faults: { name: string; answer: () => Response; page: string; detail?: RegExp }[] = [
  { name: '403', answer: () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'no' }] }, { status: 403 }), page: 'The EHR refused to share this encounter' },
  { name: '401', answer: () => new HttpResponse(null, { status: 401 }), page: 'Your session has ended' },
  {
    name: 'an HTML page instead of JSON',
    answer: () => new HttpResponse('<html><body>Sign in to the portal</body></html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    page: 'The encounter could not be read',
    detail: /not FHIR JSON \(text\/html\)/,
  },
];

describe('a failed read ends on its error page and stays there', () => {
  for (const fault of faults) {
    it(`${fault.name} on the administrations search, while the other reads are still answering`, async () => {
      const ehr = await QuirkyEhr.create(sandboxEhrOptions('epic', { latencyMs: LATENCY_MS }));
      server.resetHandlers(
        // Only the windowed administrations search fails, at once; everything else answers slowly.
        http.get(`${EHR_BASE}/MedicationAdministration`, ({ request }) => (new URL(request.url).searchParams.has('effective-time') ? fault.answer() : undefined)),
        ...ehr.handlers(),
        ...appServerHandlers(() => appConfig([ehr])),
      );
      await sandboxLaunch(ehr);
      await screen.findByRole('heading', { level: 1, name: fault.page }, { timeout: 3000 });
      // Let every read still in flight answer (several latencies), then look again.
      await new Promise((resolve) => setTimeout(resolve, LATENCY_MS * 4));
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(fault.page);
      expect(screen.queryByText(/requests answered/)).toBeNull();
      if (fault.detail) expect(document.body.textContent).toMatch(fault.detail);
    });
  }
});
