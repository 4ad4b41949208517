// FHIR OperationOutcome responses: the one error shape of the FHIR endpoints and of /api/derive (design.md, HTTP).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export function operationOutcome(
  code: OperationOutcomeIssue['code'],
  text: string,
  severity: OperationOutcomeIssue['severity'] = 'error',
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: text, details: { text } }] };
}

export function outcomeResponse(c: Context, status: ContentfulStatusCode, outcome: OperationOutcome): Response {
  return c.body(JSON.stringify(outcome), status, { 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-store' });
}
