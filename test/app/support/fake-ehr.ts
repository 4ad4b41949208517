// An EHR for msw that behaves like the real ones the app meets (docs/smart-and-stack.md, "How EHRs actually expose the
// data"): SMART discovery, an authorisation step that checks what a real one checks (client, redirect, aud, PKCE
// S256, launch id), a token endpoint that verifies the PKCE verifier, and a FHIR R4 REST API with paging,
// optional _include, conditional create (If-None-Exist), versioned update (If-Match), R4 validation of writes
// (@medplum/core), fault injection and a log of every request for the tests to assert on.
import { createHash, randomBytes } from 'node:crypto';
import type { Bundle, BundleEntry, CapabilityStatement, CapabilityStatementRestResource, OperationOutcome, Resource } from 'fhir/r4';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { assertValidR4 } from '../../support/validate-r4';

export interface FakeEhrOptions {
  /** FHIR base URL (the iss). */
  base: string;
  clientId: string;
  redirectUri: string;
  /** Advertise and honour _include=MedicationAdministration:medication (Epic-like); otherwise a 400 for it. */
  include: boolean;
  /** The server's page size for searches, whatever _count asks. */
  pageSize: number;
  /**
   * MedicationAdministration writes answer 403 (the EHR keeps the MAR to itself); true also leaves create out of
   * the CapabilityStatement, 'despite-capability' advertises it anyway.
   */
  refuseMedicationAdministrationWrites?: boolean | 'despite-capability';
  /** Scopes the token grants; default: what was asked. */
  grantScope?: (requested: string) => string;
  /** Issue a refresh token (with online_access). */
  refreshable?: boolean;
  context: { patient?: string; encounter?: string; needPatientBanner?: boolean; smartStyleUrl?: string; fhirUser?: string };
  resources: Resource[];
  /** Delay of every FHIR answer. */
  latencyMs?: number;
  /** What discovery advertises; default ['S256']. */
  codeChallengeMethods?: string[];
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: unknown;
  status?: number;
}

interface Fault {
  method: string;
  path: RegExp;
  /** An HTTP status, or 0 for a connection that fails. */
  status: number;
  times: number;
  /** The request is carried out and only its answer is lost (a retry must not repeat it). */
  afterProcessing?: boolean;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
  used: boolean;
}

export class FakeEhr {
  readonly requests: RecordedRequest[] = [];
  readonly store = new Map<string, Resource>();
  readonly launchId = `launch-${randomBytes(6).toString('hex')}`;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Set<string>();
  private readonly refreshTokens = new Set<string>();
  private readonly faults: Fault[] = [];
  private nextId = 1;

  constructor(readonly options: FakeEhrOptions) {
    for (const r of options.resources) this.put(structuredClone(r), false);
  }

  get authorizeEndpoint(): string {
    return `${this.options.base.replace(/\/fhir$/, '')}/oauth/authorize`;
  }

  get tokenEndpoint(): string {
    return `${this.options.base.replace(/\/fhir$/, '')}/oauth/token`;
  }

  /** The next `times` requests matching answer `status` (500, 403, 404; 0 = no answer) instead of the real answer. */
  failNext(method: string, path: RegExp, status: number, opts: { times?: number; afterProcessing?: boolean } = {}): void {
    this.faults.push({ method, path, status, times: opts.times ?? 1, afterProcessing: opts.afterProcessing });
  }

  /** An access token as the token endpoint would issue it, for callers that start after the launch (the bench). */
  issueToken(): string {
    const access = randomBytes(16).toString('hex');
    this.tokens.add(access);
    return access;
  }

  /** Every access token stops working (the session expired). */
  expireTokens(): void {
    this.tokens.clear();
  }

  fhirRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.url.href.startsWith(`${this.options.base}/`));
  }

  writes(): RecordedRequest[] {
    return this.fhirRequests().filter((r) => r.method !== 'GET');
  }

  ofType<T extends Resource>(type: T['resourceType']): T[] {
    return [...this.store.values()].filter((r): r is T => r.resourceType === type);
  }

  /**
   * What the EHR's sign-in page does once the user approves: it checks the authorisation request as a real EHR
   * does and answers the redirect URL with a code (or, with deny, an OAuth error).
   */
  approve(authorizeUrl: string, opts: { deny?: boolean } = {}): string {
    const url = new URL(authorizeUrl);
    const p = url.searchParams;
    const state = p.get('state') ?? '';
    const fail = (error: string, description: string) =>
      `${p.get('redirect_uri') ?? this.options.redirectUri}?error=${error}&error_description=${encodeURIComponent(description)}&state=${encodeURIComponent(state)}`;
    if (`${url.origin}${url.pathname}` !== this.authorizeEndpoint) throw new Error(`not this EHR's authorize endpoint: ${authorizeUrl}`);
    if (p.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (p.get('client_id') !== this.options.clientId) return fail('unauthorized_client', 'unknown client_id');
    if (p.get('redirect_uri') !== this.options.redirectUri) return fail('invalid_request', 'redirect_uri does not match the registration');
    if (p.get('aud') !== this.options.base) return fail('invalid_request', 'aud must be the FHIR base URL');
    if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) return fail('invalid_request', 'PKCE S256 is required');
    if (p.has('launch') && p.get('launch') !== this.launchId) return fail('invalid_request', 'unknown launch id');
    if (opts.deny) return fail('access_denied', 'The user declined.');
    const code = randomBytes(12).toString('hex');
    this.codes.set(code, {
      clientId: p.get('client_id')!,
      redirectUri: p.get('redirect_uri')!,
      challenge: p.get('code_challenge')!,
      scope: p.get('scope') ?? '',
      used: false,
    });
    return `${p.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(state)}`;
  }

  handlers(): HttpHandler[] {
    const base = this.options.base;
    const root = base.replace(/\/fhir$/, '');
    return [
      http.get(`${base}/.well-known/smart-configuration`, ({ request }) => {
        this.log(request);
        return HttpResponse.json({
          issuer: root,
          authorization_endpoint: this.authorizeEndpoint,
          token_endpoint: this.tokenEndpoint,
          code_challenge_methods_supported: this.options.codeChallengeMethods ?? ['S256'],
          capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-ehr-encounter', 'permission-v2'],
        });
      }),
      http.post(this.tokenEndpoint, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        this.log(request, Object.fromEntries(form));
        return this.token(form);
      }),
      http.all(`${base}/*`, async ({ request }) => {
        const body = request.method === 'POST' || request.method === 'PUT' ? ((await request.json()) as unknown) : undefined;
        const entry = this.log(request, body);
        if (this.options.latencyMs) await delay(this.options.latencyMs);
        const response = this.fhir(request, body);
        entry.status = response.status;
        return response;
      }),
    ];
  }

  private log(request: Request, body?: unknown): RecordedRequest {
    const entry: RecordedRequest = { method: request.method, url: new URL(request.url), headers: Object.fromEntries(request.headers), body };
    this.requests.push(entry);
    return entry;
  }

  private token(form: URLSearchParams): Response {
    if (form.get('grant_type') === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.has(refresh)) return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      const access = randomBytes(16).toString('hex');
      this.tokens.add(access);
      return HttpResponse.json({ access_token: access, token_type: 'Bearer', expires_in: 3600 });
    }
    const code = this.codes.get(form.get('code') ?? '');
    if (!code || code.used) return HttpResponse.json({ error: 'invalid_grant', error_description: 'unknown or used code' }, { status: 400 });
    if (form.get('client_id') !== code.clientId) return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
    if (form.get('redirect_uri') !== code.redirectUri) return HttpResponse.json({ error: 'invalid_grant', error_description: 'redirect_uri' }, { status: 400 });
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge) {
      return HttpResponse.json({ error: 'invalid_grant', error_description: 'PKCE verification failed' }, { status: 400 });
    }
    code.used = true;
    const access = randomBytes(16).toString('hex');
    this.tokens.add(access);
    const { context } = this.options;
    const scope = this.options.grantScope ? this.options.grantScope(code.scope) : code.scope;
    const answer: Record<string, unknown> = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: this.options.refreshable ? `${scope} online_access` : scope,
      ...(context.patient ? { patient: context.patient } : {}),
      ...(context.encounter ? { encounter: context.encounter } : {}),
      ...(context.needPatientBanner !== undefined ? { need_patient_banner: context.needPatientBanner } : {}),
      ...(context.smartStyleUrl ? { smart_style_url: context.smartStyleUrl } : {}),
    };
    if (context.fhirUser) answer.id_token = unsignedJwt({ iss: root(this.options.base), sub: 'nurse', aud: code.clientId, fhirUser: `${this.options.base}/${context.fhirUser}` });
    if (this.options.refreshable) {
      const refresh = randomBytes(16).toString('hex');
      this.refreshTokens.add(refresh);
      answer.refresh_token = refresh;
    }
    return HttpResponse.json(answer);
  }

  private fhir(request: Request, body: unknown): Response {
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(this.options.base).pathname.length + 1);
    const fault = this.faults.find((f) => f.method === request.method && f.path.test(path + url.search) && f.times > 0);
    if (fault) {
      fault.times--;
      if (fault.afterProcessing) this.answer(request, url, path, body);
      return fault.status === 0 ? HttpResponse.error() : outcome(fault.status, `injected ${fault.status}`);
    }
    return this.answer(request, url, path, body);
  }

  private answer(request: Request, url: URL, path: string, body: unknown): Response {
    if (path === 'metadata') return HttpResponse.json(this.capabilityStatement());
    const auth = request.headers.get('authorization') ?? '';
    if (!this.tokens.has(auth.replace(/^Bearer /, ''))) return outcome(401, 'token expired or missing');
    const [type, id, ...rest] = path.split('/');
    if (!type) return outcome(404, 'no type');
    if (request.method === 'GET' && id && rest.length === 0) {
      const found = this.store.get(`${type}/${id}`);
      return found ? HttpResponse.json(found, { headers: { etag: `W/"${found.meta?.versionId ?? '1'}"` } }) : outcome(404, `${type}/${id} not found`);
    }
    if (request.method === 'GET' && !id) return this.search(type, url);
    if (request.method === 'POST' && !id) return this.create(type, body as Resource, request.headers.get('if-none-exist'));
    if (request.method === 'PUT' && id) return this.update(type, id, body as Resource, request.headers.get('if-match'));
    return outcome(405, `${request.method} ${path} is not supported`);
  }

  private refuses(type: string): boolean {
    return type === 'MedicationAdministration' && Boolean(this.options.refuseMedicationAdministrationWrites);
  }

  private create(type: string, resource: Resource, ifNoneExist: string | null): Response {
    if (this.refuses(type)) return outcome(403, 'MedicationAdministration is read-only for apps');
    const invalid = validationProblem(resource, type);
    if (invalid) return outcome(400, invalid);
    if (ifNoneExist) {
      const matches = this.matching(type, new URLSearchParams(ifNoneExist));
      if (matches.length > 1) return outcome(412, 'several resources match If-None-Exist');
      if (matches[0]) return HttpResponse.json(matches[0], { status: 200, headers: this.locationOf(matches[0]) });
    }
    const stored = this.put({ ...structuredClone(resource), id: `${type.toLowerCase()}-${this.nextId++}` }, true);
    return HttpResponse.json(stored, { status: 201, headers: this.locationOf(stored) });
  }

  private update(type: string, id: string, resource: Resource, ifMatch: string | null): Response {
    if (this.refuses(type)) return outcome(403, 'MedicationAdministration is read-only for apps');
    const current = this.store.get(`${type}/${id}`);
    if (!current) return outcome(404, `${type}/${id} not found`);
    if (ifMatch && ifMatch !== `W/"${current.meta?.versionId ?? '1'}"`) return outcome(412, 'version conflict');
    const invalid = validationProblem(resource, type);
    if (invalid) return outcome(400, invalid);
    const stored = this.put({ ...structuredClone(resource), id }, true);
    return HttpResponse.json(stored, { status: 200, headers: this.locationOf(stored) });
  }

  private put(resource: Resource, bump: boolean): Resource {
    const key = `${resource.resourceType}/${resource.id}`;
    const previous = this.store.get(key);
    const version = previous ? Number(previous.meta?.versionId ?? '1') + 1 : 1;
    resource.meta = { ...resource.meta, versionId: String(bump || !resource.meta?.versionId ? version : resource.meta.versionId), lastUpdated: new Date().toISOString() };
    this.store.set(key, resource);
    return resource;
  }

  private locationOf(resource: Resource): Record<string, string> {
    return {
      location: `${this.options.base}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId ?? '1'}`,
      etag: `W/"${resource.meta?.versionId ?? '1'}"`,
    };
  }

  private search(type: string, url: URL): Response {
    const params = url.searchParams;
    if (params.has('_include') && !this.options.include) return outcome(400, '_include is not supported');
    const matches = this.matching(type, params);
    const offset = Number(params.get('_offset') ?? '0');
    const size = Math.min(Number(params.get('_count') ?? this.options.pageSize), this.options.pageSize);
    const page = matches.slice(offset, offset + size);
    const entry: BundleEntry[] = page.map((r) => ({ fullUrl: `${this.options.base}/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'match' } }));
    if (params.get('_include') === 'MedicationAdministration:medication') {
      const seen = new Set<string>();
      for (const r of page) {
        const ref = (r as { medicationReference?: { reference?: string } }).medicationReference?.reference;
        const med = ref && !ref.startsWith('#') ? this.store.get(ref.replace(`${this.options.base}/`, '')) : undefined;
        if (ref && med && !seen.has(ref)) {
          seen.add(ref);
          entry.push({ fullUrl: `${this.options.base}/${ref}`, resource: med, search: { mode: 'include' } });
        }
      }
    }
    const bundle: Bundle = { resourceType: 'Bundle', type: 'searchset', total: matches.length, link: [{ relation: 'self', url: url.href }], entry };
    if (offset + size < matches.length) {
      const next = new URL(url.href);
      next.searchParams.set('_offset', String(offset + size));
      bundle.link!.push({ relation: 'next', url: next.href });
    }
    return HttpResponse.json(bundle);
  }

  /** The search parameters the app uses, as R4 defines them. */
  private matching(type: string, params: URLSearchParams): Resource[] {
    let list = this.ofType(type as Resource['resourceType']);
    for (const [name, value] of params) {
      if (name.startsWith('_')) continue;
      list = list.filter((r) => matchesParam(r, name, value));
    }
    return list;
  }

  private capabilityStatement(): CapabilityStatement {
    const interactions = (type: string) =>
      (type === 'MedicationAdministration' && this.options.refuseMedicationAdministrationWrites === true ? ['read', 'search-type'] : ['read', 'search-type', 'create', 'update']).map(
        (code) => ({ code: code as 'read' }),
      );
    const types: CapabilityStatementRestResource['type'][] = ['Patient', 'Encounter', 'MedicationAdministration', 'Medication', 'Procedure', 'Coverage', 'Condition', 'Claim', 'DocumentReference', 'Provenance'];
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: '2026-01-01',
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [
        {
          mode: 'server',
          resource: types.map((type): CapabilityStatementRestResource => ({
            type,
            interaction: interactions(type),
            ...(type === 'MedicationAdministration' && this.options.include ? { searchInclude: ['MedicationAdministration:medication'] } : {}),
          })),
        },
      ],
    };
  }
}

function matchesParam(resource: Resource, name: string, value: string): boolean {
  const r = resource as Record<string, any>;
  const refIs = (ref: { reference?: string } | undefined, target: string) => {
    const want = target.includes('/') ? target : `Patient/${target}`;
    return Boolean(ref?.reference && (ref.reference === want || ref.reference.endsWith(`/${want}`)));
  };
  switch (name) {
    case 'patient':
      return refIs(r.subject ?? r.patient ?? r.beneficiary, value);
    case 'effective-time':
    case 'date': {
      const when: string | undefined =
        r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.performedDateTime ?? r.performedPeriod?.start ?? r.date;
      if (!when) return false;
      const day = when.slice(0, 10);
      const bound = value.slice(2);
      return value.startsWith('ge') ? day >= bound : value.startsWith('le') ? day <= bound : day === value;
    }
    case 'identifier': {
      const [system, code] = value.includes('|') ? value.split('|') : [undefined, value];
      return (r.identifier ?? []).some((i: { system?: string; value?: string }) => (system === undefined || i.system === system) && i.value === code);
    }
    case 'type': {
      const [system, code] = value.split('|');
      return (r.type?.coding ?? []).some((c: { system?: string; code?: string }) => c.system === system && c.code === code);
    }
    case 'target':
      return (r.target ?? []).some((t: { reference?: string }) => t.reference === value);
    case 'encounter':
      return refIs(r.encounter ?? r.context, value);
    case 'status':
      return value.split(',').includes(r.status);
    default:
      throw new Error(`fake EHR: unsupported search parameter ${name}`);
  }
}

function validationProblem(resource: Resource, type: string): string | undefined {
  if (resource?.resourceType !== type) return `body is not a ${type}`;
  try {
    assertValidR4(resource);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function outcome(status: number, text: string): Response {
  const oo: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: text }] };
  return HttpResponse.json(oo, { status });
}

function root(base: string): string {
  return base.replace(/\/fhir$/, '');
}

function unsignedJwt(payload: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}
