// What the adapter checks before a write reaches medplum (docs/smart-and-stack.md: medplum 4.5.2 stores invalid
// resources): a JSON body of the right type, valid R4 by @medplum/core validateResource, no client-chosen id on
// create; and the conditional headers in the form medplum reads them.
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcome, Resource } from 'fhir/r4';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RequestError } from '../../operation-outcome';
import { prepareSearch } from './search';

const JSON_BODY = /^application\/(fhir\+)?json\s*(;|$)/i;

/** Why a request stops before medplum sees it; answered as an OperationOutcome. */
export class Refusal extends RequestError {
  constructor(
    status: ContentfulStatusCode,
    code: OperationOutcome['issue'][number]['code'],
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, code, message);
  }
}

/** The body of a create or update: JSON, the right type, valid R4 (400 with medplum's OperationOutcome if not). */
export async function writtenResource(c: Context, resourceType: string, id: string | undefined): Promise<Resource> {
  if (!JSON_BODY.test(c.req.header('content-type') ?? '')) {
    throw new Refusal(415, 'not-supported', 'Send resources as application/fhir+json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch (err) {
    throw new Refusal(400, 'structure', `The body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Refusal(400, 'structure', 'The body must be a FHIR resource.');
  const resource = body as Resource;
  if (resource.resourceType !== resourceType) {
    throw new Refusal(400, 'invalid', `The body is a ${String(resource.resourceType)}, not a ${resourceType}.`);
  }
  if (id === undefined) {
    // FHIR create: the server assigns the id and the version; one sent by the client is ignored (never overwrites).
    delete (resource as { id?: string }).id;
    if (resource.meta) {
      delete resource.meta.versionId;
      delete resource.meta.lastUpdated;
    }
  } else if (resource.id !== id) {
    throw new Refusal(400, 'invalid', `The body's id '${resource.id ?? ''}' does not match the URL's '${id}'.`);
  }
  try {
    validateResource(resource as Parameters<typeof validateResource>[0]);
  } catch (err) {
    if (err instanceof OperationOutcomeError) throw new InvalidResource(err.outcome as OperationOutcome);
    throw err;
  }
  return resource;
}

/** A write that failed validation: answered with the validator's own OperationOutcome, every issue listed. */
export class InvalidResource extends Refusal {
  constructor(readonly outcome: OperationOutcome) {
    super(400, 'invalid', outcome.issue.map((i) => `${i.expression?.join(', ') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`).join('; '));
  }
}

/** If-None-Exist holds a search: qualify its bare reference ids as the search endpoint does. */
export function qualifiedCondition(resourceType: string, condition: string): string {
  return prepareSearch(resourceType, new URLSearchParams(condition)).query.toString();
}

/** medplum reads only a quoted version from If-Match ("W/\"2\"" or "\"2\""); accept a bare version too. */
export function weakEtag(ifMatch: string): string {
  return /"/.test(ifMatch) ? ifMatch : `W/"${ifMatch.trim()}"`;
}

