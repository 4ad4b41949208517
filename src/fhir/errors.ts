// Failures of a FHIR request, typed so that the UI can say what happened and what to do, and so that the
// readers know which failures are worth a retry (idempotent reads only; writes are never blindly repeated).
import { KnownError } from '../errors';
import type { OperationOutcome } from 'fhir/r4';

/** One FHIR request that failed, named by its method and path (its query, which names patients, left out). */
abstract class FhirRequestError extends KnownError {
  constructor(
    readonly method: string,
    readonly url: string,
    what: string,
  ) {
    super(`${method} ${pathOf(url)} ${what}`);
  }
}

/** The EHR answered with an error status; to a caller of this app's API that is a bad gateway. */
export class FhirHttpError extends FhirRequestError {
  override readonly name = 'FhirHttpError';
  readonly code = 'fhir-http';
  override readonly httpStatus = 502;

  constructor(
    readonly status: number,
    method: string,
    url: string,
    /** The server's own words (OperationOutcome issue text), when it sent any. */
    readonly serverText: string | undefined,
  ) {
    super(method, url, `answered ${status}${serverText ? `: ${serverText}` : ''}`);
  }

  /** Permission problems: the token or the EHR's policy does not allow it. */
  get refused(): boolean {
    return this.status === 403 || this.status === 405;
  }
}

/** The request never got an answer (offline, DNS, CORS, connection reset). A write may or may not have happened. */
export class FhirNetworkError extends FhirRequestError {
  override readonly name = 'FhirNetworkError';
  readonly code = 'fhir-network';
  override readonly httpStatus = 504;

  constructor(method: string, url: string, cause: unknown) {
    super(method, url, `got no answer (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** Worth repeating for an idempotent read: the server or the network had a moment. */
export function isTransient(err: unknown): boolean {
  if (err instanceof FhirNetworkError) return true;
  return err instanceof FhirHttpError && (err.status === 429 || err.status >= 500);
}

export async function httpErrorOf(response: Response, method: string, url: string): Promise<FhirHttpError> {
  let text: string | undefined;
  try {
    const body = (await response.json()) as Partial<OperationOutcome>;
    if (body.resourceType === 'OperationOutcome') {
      text = (body.issue ?? []).map((i) => i.diagnostics ?? i.details?.text ?? i.code).filter(Boolean).join('; ') || undefined;
    }
  } catch {
    // Not JSON (an HTML error page from a proxy): the status says enough.
  }
  return new FhirHttpError(response.status, method, url, text);
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + (u.search ? '?…' : '');
  } catch {
    return url;
  }
}
