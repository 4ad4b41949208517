// FHIR OperationOutcome responses: the one error shape of the FHIR endpoints and of /api/derive (docs/design.md, HTTP).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';
import { KnownError } from '../src/errors';

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

/** A request that will not be served as sent: thrown by a route, answered by the app's one onError handler. */
export class RequestError extends KnownError {
  override readonly httpStatus: ContentfulStatusCode;

  constructor(
    status: ContentfulStatusCode,
    /** The FHIR issue type, which is also this error's stable code. */
    readonly code: OperationOutcomeIssue['code'],
    message: string,
  ) {
    super(message);
    this.httpStatus = status;
  }
}

/** The HTTP door's answer to a KnownError: its status, and its message as an OperationOutcome. */
export function knownErrorResponse(c: Context, err: KnownError): Response {
  const issue = err instanceof RequestError ? err.code : 'invalid';
  return outcomeResponse(c, err.httpStatus as ContentfulStatusCode, operationOutcome(issue, err.message));
}
