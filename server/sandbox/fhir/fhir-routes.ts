// The sandbox FHIR R4 REST API: @medplum/fhir-router's FhirRouter over a MemoryRepository, behind Hono, with the
// adapter docs/smart-and-stack.md asks for: SMART bearer tokens checked on every request and scopes enforced per
// resource type and interaction; validation on write (400 with the OperationOutcome); conditional create and
// If-Match (412); ETag/Location headers; _include, qualified patient ids and paging links (search.ts); /metadata.
import { getStatus } from '@medplum/core';
import type { FhirRequest, FhirRouter, HttpMethod, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { FHIR_JSON, knownErrorResponse, operationOutcome, outcomeResponse, RequestError } from '../../operation-outcome';
import type { AuthStore, TokenGrant } from '../smart/auth-store';
import { accessFor, type Permission } from '../smart/scopes';
import { ownOrigin } from '../../own-origin';
import { sandboxUrls } from '../urls';
import { capabilityStatement, SUPPORTED_TYPES } from './capability-statement';
import { belongsToPatientOrNobody } from './compartment';
import { medplumSearchUrl, prepareSearch, resolveIncludes, restrictToPatient, searchsetBundle } from './search';
import { InvalidResource, qualifiedCondition, Refusal, weakEtag, writtenResource } from './writes';

export interface FhirRoutesOptions {
  repo: MemoryRepository;
  router: FhirRouter;
  store: AuthStore;
  bodyLimitBytes: number;
  software: { name: string; version: string };
}

type Interaction = 'read' | 'vread' | 'history-instance' | 'search-type' | 'create' | 'update' | 'delete';

const PERMISSION: Record<Interaction, Permission> = {
  read: 'r',
  vread: 'r',
  'history-instance': 'r',
  'search-type': 's',
  create: 'c',
  update: 'u',
  delete: 'd',
};

const SUPPORTED = new Set<string>(SUPPORTED_TYPES);
const FORM_BODY = /^application\/x-www-form-urlencoded\s*(;|$)/i;

interface Access {
  grant: TokenGrant;
  /** Set when the token may touch only this patient's data. */
  patient?: string;
}

export function fhirRoutes(opts: FhirRoutesOptions): Hono {
  const routes = new Hono();
  let writes: Promise<unknown> = Promise.resolve();
  /** Writes run one at a time, so a conditional create's search and create cannot interleave with another write. */
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = writes.then(fn, fn);
    writes = run.catch(() => undefined);
    return run;
  };

  routes.use(
    '/fhir/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Exist', 'If-None-Match', 'Prefer', 'Accept'],
      exposeHeaders: ['ETag', 'Location', 'Last-Modified', 'Content-Location'],
    }),
  );
  routes.use(
    '/fhir/*',
    bodyLimit({
      maxSize: opts.bodyLimitBytes,
      onError: (c) => outcomeResponse(c, 413, operationOutcome('too-costly', `The request body is larger than ${opts.bodyLimitBytes} bytes.`)),
    }),
  );
  routes.get('/fhir/metadata', (c) => fhirJson(c, 200, capabilityStatement(sandboxUrls(ownOrigin(c)), opts.software)));

  routes.all('/fhir/*', async (c) => {
    try {
      return await handle(c, opts, serialized);
    } catch (err) {
      if (err instanceof InvalidResource) return outcomeResponse(c, 400, err.outcome);
      if (err instanceof Refusal) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      if (err instanceof RequestError) return knownErrorResponse(c, err);
      throw err;
    }
  });
  return routes;
}

async function handle(c: Context, opts: FhirRoutesOptions, serialized: <T>(fn: () => Promise<T>) => Promise<T>): Promise<Response> {
  const fhirBase = sandboxUrls(ownOrigin(c)).fhirBase;
  const url = new URL(c.req.url);
  const path = url.pathname.slice(url.pathname.indexOf('/fhir/') + '/fhir/'.length).replace(/\/$/, '');
  const method = c.req.method as HttpMethod;
  const { interaction, resourceType, id } = classify(method, path, opts.router);

  const access = authorize(c, opts.store, resourceType, interaction);

  if (interaction === 'search-type') {
    const params = new URLSearchParams(url.search);
    if (method === 'POST') {
      if (!FORM_BODY.test(c.req.header('content-type') ?? '')) throw new Refusal(415, 'not-supported', 'POST _search takes application/x-www-form-urlencoded.');
      for (const [k, v] of new URLSearchParams(await c.req.text())) params.append(k, v);
    }
    return search(c, opts, fhirBase, resourceType, params, access);
  }

  if (interaction === 'read' || interaction === 'vread' || interaction === 'history-instance') {
    if (access.patient) await requireOwnExisting(opts.repo, resourceType, id, access.patient);
    const [outcome, resource] = await opts.router.handleRequest(fhirRequest(method, path + url.search), opts.repo);
    return respond(c, fhirBase, outcome as OperationOutcome, resource as Resource | undefined);
  }

  if (interaction === 'delete') {
    return serialized(async () => {
      if (access.patient) await requireOwnExisting(opts.repo, resourceType, id, access.patient);
      const [outcome] = await opts.router.handleRequest(fhirRequest(method, path), opts.repo);
      return respond(c, fhirBase, outcome as OperationOutcome, undefined);
    });
  }

  // create or update
  const resource = await writtenResource(c, resourceType, interaction === 'update' ? id : undefined);
  if (access.patient && !belongsToPatientOrNobody(resource, access.patient)) {
    throw new Refusal(403, 'forbidden', "This token is for another patient's record: the resource names a different patient.");
  }
  const headers: Record<string, string> = {};
  const ifNoneExist = c.req.header('if-none-exist');
  if (ifNoneExist && interaction === 'create') headers['if-none-exist'] = qualifiedCondition(resourceType, ifNoneExist);
  const ifMatch = c.req.header('if-match');
  if (ifMatch && interaction === 'update') headers['if-match'] = weakEtag(ifMatch);

  return serialized(async () => {
    if (interaction === 'update' && access.patient) await requireOwnExisting(opts.repo, resourceType, id, access.patient);
    const [outcome, stored] = await opts.router.handleRequest(fhirRequest(method, path, resource, headers), opts.repo);
    if (access.patient && stored && !belongsToPatientOrNobody(stored as Resource, access.patient)) {
      throw new Refusal(403, 'forbidden', "The If-None-Exist condition matched another patient's record.");
    }
    return respond(c, fhirBase, outcome as OperationOutcome, stored as Resource | undefined);
  });
}

/** Maps method and path to one of the interactions the sandbox supports; anything else is refused clearly. */
function classify(method: HttpMethod, path: string, router: FhirRouter): { interaction: Interaction; resourceType: string; id: string } {
  const segments = path.split('/');
  const resourceType = segments[0] ?? '';
  if (!resourceType) {
    throw new Refusal(405, 'not-supported', 'System-level search, batch and transaction are not supported by the sandbox; use the resource type endpoints.');
  }
  if (!/^[A-Z][A-Za-z]+$/.test(resourceType)) throw new Refusal(404, 'not-found', `Unknown path '${path}'.`);
  if (!SUPPORTED.has(resourceType)) {
    throw new Refusal(404, 'not-supported', `The sandbox does not serve ${resourceType}; see /metadata for the types it does.`);
  }
  const found = router.find(method, path);
  const interaction = found?.data?.interaction;
  const id = segments[1] ?? '';
  if (method === 'PUT' && !id) throw new Refusal(405, 'not-supported', 'Conditional update is not supported: PUT to Type/id, with If-Match.');
  if (method === 'DELETE' && !id) throw new Refusal(405, 'not-supported', 'Conditional delete is not supported.');
  if (interaction && interaction in PERMISSION) return { interaction: interaction as Interaction, resourceType, id };
  throw new Refusal(405, 'not-supported', `${method} ${resourceType}${segments.length > 1 ? '/...' : ''} is not supported by the sandbox (no PATCH, operations or GraphQL).`);
}

function authorize(c: Context, store: AuthStore, resourceType: string, interaction: Interaction): Access {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  const challenge = { 'WWW-Authenticate': 'Bearer realm="sandbox", error="invalid_token"' };
  if (!m) throw new Refusal(401, 'login', 'A SMART access token is required (Authorization: Bearer ...).', { 'WWW-Authenticate': 'Bearer realm="sandbox"' });
  const grant = store.accessToken(m[1]!);
  if (!grant) throw new Refusal(401, 'login', 'The access token is unknown or has expired: launch the app again.', challenge);
  const permission = PERMISSION[interaction];
  const access = accessFor(grant.scopes, resourceType, permission, Boolean(grant.context.patient));
  if (access === 'denied') {
    throw new Refusal(403, 'forbidden', `The token's scopes do not allow ${interaction} on ${resourceType} (needs ${resourceType}.${permission}).`);
  }
  return access === 'patient' && grant.context.patient ? { grant, patient: grant.context.patient } : { grant };
}

async function search(c: Context, opts: FhirRoutesOptions, fhirBase: string, resourceType: string, params: URLSearchParams, access: Access): Promise<Response> {
  const prepared = prepareSearch(resourceType, params);
  if (access.patient) restrictToPatient(prepared, access.patient);
  const [outcome, result] = await opts.router.handleRequest(fhirRequest('GET', medplumSearchUrl(prepared)), opts.repo);
  if (!result) return respond(c, fhirBase, outcome as OperationOutcome, undefined);
  const bundle = result as Bundle;
  const visible = (r: Resource) => !access.patient || belongsToPatientOrNobody(r, access.patient);
  const matches = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => Boolean(r) && visible(r as Resource));
  const included = (await resolveIncludes(opts.repo, matches, prepared.includes)).filter(visible);
  return fhirJson(c, 200, searchsetBundle(fhirBase, prepared, bundle.total ?? matches.length, matches, included));
}

/** A patient-restricted token may read, change or delete only its patient's resources (or no patient's). */
async function requireOwnExisting(repo: MemoryRepository, resourceType: string, id: string, patient: string): Promise<void> {
  let existing: Resource;
  try {
    existing = (await repo.readResource(resourceType, id)) as Resource;
  } catch {
    return; // nothing stored yet: a read is medplum's 404, an update creates it
  }
  if (!belongsToPatientOrNobody(existing, patient)) throw new Refusal(403, 'forbidden', "This token is for another patient's record.");
}

function fhirRequest(method: HttpMethod, url: string, body?: unknown, headers: Record<string, string> = {}): FhirRequest {
  return { method, url, pathname: '', body, params: {}, query: {}, headers };
}

function respond(c: Context, fhirBase: string, outcome: OperationOutcome, resource: Resource | undefined): Response {
  const status = getStatus(outcome as Parameters<typeof getStatus>[0]) as ContentfulStatusCode;
  if (status >= 400 || !resource) return fhirJson(c, status, outcome);
  const version = resource.meta?.versionId;
  if (version && resource.resourceType !== 'Bundle') {
    c.header('ETag', `W/"${version}"`);
    if (resource.meta?.lastUpdated) c.header('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
    if (status === 201) c.header('Location', `${fhirBase}/${resource.resourceType}/${resource.id}/_history/${version}`);
  }
  const prefer = c.req.header('prefer') ?? '';
  if (/return=minimal/.test(prefer)) return c.body(null, status === 201 ? 201 : 200);
  if (/return=OperationOutcome/.test(prefer)) return fhirJson(c, status, outcome);
  return fhirJson(c, status, resource);
}

function fhirJson(c: Context, status: ContentfulStatusCode, body: unknown): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': FHIR_JSON, 'Cache-Control': 'no-store' });
}
