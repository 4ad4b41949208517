// The sandbox EHR (its SMART authorization server and @medplum/fhir-router FHIR server) behind msw, loaded with a
// test's own encounter and dressed in the quirks real EHRs have (docs/smart-and-stack.md, "How EHRs actually expose the
// data"): a page size the server imposes whatever _count asks, no _include, MedicationAdministration writes
// refused, a discovery without PKCE S256, injected faults and delays. The quirks are msw handlers put in front of
// the sandbox, so the sandbox itself stays as the app's users see it; what only the authorization server can refuse
// (an unknown client id, a user who declines to sign in) uses the sandbox's own off-by-default options. Every
// request and its status is logged for the tests to assert on.
import type { CapabilityStatement, OperationOutcome, Resource } from 'fhir/r4';
import { Hono } from 'hono';
import { delay, http, HttpResponse, type HttpHandler } from 'msw';
import { ownOriginMiddleware } from '../../../server/own-origin';
import { createSandbox, type Sandbox } from '../../../server/sandbox/sandbox';
import { SAMPLE_CASES, SHARED_RESOURCES } from '../../../server/sandbox/samples';
import { DEFAULT_LIFETIMES, type LaunchContext } from '../../../server/sandbox/smart/auth-store';

/** Where the sandbox answers unless a test names another origin: the app itself lives at another (fixtures' APP_ORIGIN). */
export const EHR_ORIGIN = 'http://localhost';
export const EHR_BASE = `${EHR_ORIGIN}/sandbox/fhir`;

export interface EhrQuirks {
  /** The page size the server serves, whatever _count asks (Oracle Health: small pages). */
  pageSize?: number;
  /** _include is neither advertised in the CapabilityStatement nor served: a search with it answers 400. */
  noInclude?: boolean;
  /**
   * MedicationAdministration writes answer 403 (the EHR keeps the MAR to itself); true also leaves create and
   * update out of the CapabilityStatement, 'despite-capability' advertises them anyway.
   */
  refuseMedicationAdministrationWrites?: boolean | 'despite-capability';
  /** Delay of every FHIR answer. */
  latencyMs?: number;
  /** What SMART discovery advertises in code_challenge_methods_supported instead of the sandbox's ['S256']. */
  codeChallengeMethods?: string[];
}

export interface QuirkyEhrOptions extends EhrQuirks {
  /** How the app's configuration names this EHR. */
  name: string;
  /** The app's redirect URI (the sandbox accepts it besides its own app's). */
  redirectUri: string;
  /**
   * Where this EHR answers (default EHR_ORIGIN): two EHRs in one test need two origins, and so does an EHR whose
   * discovery differs, since fhirclient caches discovery per URL for the life of the page.
   */
  origin?: string;
  /** The one client id the EHR knows (others are refused unauthorized_client); default: any, and the app uses the sandbox's own. */
  clientId?: string;
  /** The encounter the test bills; loaded into the sandbox beside its sample patients. */
  resources: Resource[];
  /** The launch context; without a patient or an encounter the EHR launches with none. */
  context: { patient?: string; encounter?: string; fhirUser: string; needPatientBanner?: boolean };
  /** What the user lets the app have at the sign-in page, from the scopes it asked for; default: all of them. */
  grantScope?: (requested: string) => string;
  /** The sandbox shows its sign-in page and the user presses this button; default: no page, the user is signed in. */
  signIn?: 'allow' | 'decline';
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: unknown;
  status?: number;
  /** The ETag the answer carried (the version a write created). */
  etag?: string;
}

interface Fault {
  method: string;
  path: RegExp;
  /** An HTTP status, 0 for a connection that fails, or 'not-json' for a 200 whose body is an HTML page. */
  answer: number | 'not-json';
  times: number;
  /** The request is carried out and only its answer is lost (a retry must not repeat it). */
  afterProcessing?: boolean;
}

const SAMPLE_KEYS = new Set([...SHARED_RESOURCES, ...SAMPLE_CASES.flatMap((c) => c.resources)].map((r) => `${r.resourceType}/${r.id}`));

export class QuirkyEhr {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];

  private constructor(
    readonly sandbox: Sandbox,
    private readonly app: Hono,
    readonly options: QuirkyEhrOptions,
    private readonly clock: { skewMs: number },
  ) {}

  static async create(options: QuirkyEhrOptions): Promise<QuirkyEhr> {
    const clock = { skewMs: 0 };
    const sandbox = await createSandbox({
      bodyLimitBytes: 1024 * 1024,
      extraRedirectUris: [options.redirectUri],
      now: () => Date.now() + clock.skewMs,
      clientIds: options.clientId ? [options.clientId] : undefined,
      confirmSignIn: options.signIn !== undefined,
    });
    for (const resource of options.resources) {
      await sandbox.repo.createResource(structuredClone(resource) as Parameters<Sandbox['repo']['createResource']>[0]);
    }
    // As the server mounts it: the sandbox writes its own origin into the URLs it hands out.
    const app = new Hono();
    const origin = options.origin ?? EHR_ORIGIN;
    app.use('*', ownOriginMiddleware(() => origin));
    app.route('/', sandbox.routes);
    return new QuirkyEhr(sandbox, app, options, clock);
  }

  get origin(): string {
    return this.options.origin ?? EHR_ORIGIN;
  }

  /** The FHIR base URL (the iss). */
  get base(): string {
    return `${this.origin}/sandbox/fhir`;
  }

  /** The app's client registration at this sandbox. */
  get clientId(): string {
    return this.options.clientId ?? this.sandbox.clientFor(this.origin).clientId;
  }

  /** A launch code for the test's encounter, as the EHR frame would hand it to the app. */
  newLaunch(): string {
    return this.sandbox.store.createLaunch(this.launchContext());
  }

  /** An access token for the test's encounter with these scopes, as the token endpoint would issue it (for tests that read without a launch). */
  issueToken(scopes: string): string {
    return this.sandbox.store.issueAccessToken({ clientId: this.clientId, scopes: scopes.split(' '), context: this.launchContext(), fromCode: 'test' }).token;
  }

  private launchContext(): LaunchContext {
    const { context } = this.options;
    return { ...context, needPatientBanner: context.needPatientBanner ?? true };
  }

  /** The next `times` requests matching answer `answer` (an HTTP status, 0 = no answer, 'not-json') instead. */
  failNext(method: string, path: RegExp, answer: number | 'not-json', opts: { times?: number; afterProcessing?: boolean } = {}): void {
    this.faults.push({ method, path, answer, times: opts.times ?? 1, afterProcessing: opts.afterProcessing });
  }

  /** Every access token issued so far expires (the sandbox's clock moves past their lifetime; refresh tokens live on). */
  expireTokens(): void {
    this.clock.skewMs += DEFAULT_LIFETIMES.accessTokenMs + 1000;
  }

  /**
   * What the sandbox's authorize endpoint answers the authorisation request the app built: the redirect URL back
   * to the app, with a code or an OAuth error. With `signIn`, the user presses that button on its sign-in page.
   */
  async approve(authorizeUrl: string): Promise<string> {
    const url = new URL(authorizeUrl);
    if (this.options.grantScope) url.searchParams.set('scope', this.options.grantScope(url.searchParams.get('scope') ?? ''));
    let answer = await this.app.request(url.href);
    if (this.options.signIn && answer.status === 200) answer = await this.submit(await answer.text(), this.options.signIn);
    const location = answer.headers.get('location');
    if (!location) throw new Error(`the sandbox did not redirect: ${answer.status} ${await answer.text()}`);
    return location;
  }

  /** Posts the form of a sandbox page as a browser does when the button with this value is pressed. */
  private async submit(page: string, button: string): Promise<Response> {
    // A template's content is inert: the page's stylesheet is not fetched.
    const template = document.createElement('template');
    template.innerHTML = page;
    const form = template.content.querySelector('form');
    const pressed = form?.querySelector<HTMLButtonElement>(`button[value="${button}"]`);
    if (!form || !pressed) throw new Error(`the sandbox page has no form with a ${button} button: ${page}`);
    const fields = new URLSearchParams();
    for (const input of form.querySelectorAll('input')) fields.append(input.name, input.value);
    fields.append(pressed.name, pressed.value);
    return this.app.request(new URL(form.getAttribute('action') ?? '', this.origin).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
  }

  fhirRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.url.href.startsWith(`${this.base}/`));
  }

  writes(): RecordedRequest[] {
    return this.fhirRequests().filter((r) => r.method !== 'GET');
  }

  /** Resources of a type the test loaded or the app wrote (the sandbox's own sample patients left out). */
  async ofType<T extends Resource>(type: T['resourceType']): Promise<T[]> {
    const all = (await this.sandbox.repo.searchResources({ resourceType: type as Parameters<Sandbox['repo']['searchResources']>[0]['resourceType'], count: 1000 })) as unknown as T[];
    return all.filter((r) => !SAMPLE_KEYS.has(`${r.resourceType}/${r.id}`));
  }

  handlers(): HttpHandler[] {
    return [
      http.all(`${this.origin}/sandbox/*`, async ({ request }) => {
        const body = request.method === 'POST' || request.method === 'PUT' ? await bodyOf(request.clone()) : undefined;
        const entry: RecordedRequest = { method: request.method, url: new URL(request.url), headers: Object.fromEntries(request.headers), body };
        this.requests.push(entry);
        const response = await this.answer(request);
        entry.status = response.status;
        entry.etag = response.headers.get('etag') ?? undefined;
        return response;
      }),
    ];
  }

  private async answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/sandbox/fhir/')) return this.app.fetch(request);
    if (this.options.latencyMs) await delay(this.options.latencyMs);
    const path = url.pathname.slice('/sandbox/fhir/'.length);
    const fault = this.faults.find((f) => f.method === request.method && f.path.test(path + url.search) && f.times > 0);
    if (fault) {
      fault.times--;
      if (fault.afterProcessing) await this.quirky(request, url, path);
      if (fault.answer === 0) return HttpResponse.error();
      if (fault.answer === 'not-json') return new HttpResponse('<html><body>Service Unavailable</body></html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
      return outcome(fault.answer, `injected ${fault.answer}`);
    }
    return this.quirky(request, url, path);
  }

  /** The sandbox's answer, through the EHR's quirks. */
  private async quirky(request: Request, url: URL, path: string): Promise<Response> {
    const [type = '', id] = path.split('/');
    const refuse = this.options.refuseMedicationAdministrationWrites;
    if (refuse && type === 'MedicationAdministration' && (request.method === 'POST' || request.method === 'PUT')) {
      return outcome(403, 'MedicationAdministration is read-only for apps');
    }
    if (request.method === 'GET' && type && !id && type !== 'metadata') {
      if (this.options.noInclude && url.searchParams.has('_include')) return outcome(400, '_include is not supported');
      const { pageSize } = this.options;
      if (pageSize) {
        const asked = Number(url.searchParams.get('_count') ?? pageSize);
        url.searchParams.set('_count', String(Math.min(asked, pageSize)));
        return this.app.fetch(new Request(url, request));
      }
    }
    const response = await this.app.fetch(request);
    if (path === 'metadata' && (this.options.noInclude || refuse === true)) return HttpResponse.json(this.trimmed((await response.json()) as CapabilityStatement));
    const { codeChallengeMethods } = this.options;
    if (path === '.well-known/smart-configuration' && codeChallengeMethods) {
      return HttpResponse.json({ ...((await response.json()) as object), code_challenge_methods_supported: codeChallengeMethods });
    }
    return response;
  }

  /** The CapabilityStatement without what the quirks take away. */
  private trimmed(statement: CapabilityStatement): CapabilityStatement {
    for (const rest of statement.rest ?? []) {
      for (const resource of rest.resource ?? []) {
        if (this.options.noInclude) delete resource.searchInclude;
        if (this.options.refuseMedicationAdministrationWrites === true && resource.type === 'MedicationAdministration') {
          resource.interaction = resource.interaction?.filter((i) => i.code !== 'create' && i.code !== 'update');
        }
      }
    }
    return statement;
  }
}

/** A JSON body parsed, a form as its fields, anything else as text. */
async function bodyOf(request: Request): Promise<unknown> {
  const text = await request.text();
  if (/^application\/x-www-form-urlencoded/.test(request.headers.get('content-type') ?? '')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function outcome(status: number, text: string): Response {
  const oo: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: text }] };
  return HttpResponse.json(oo, { status });
}
