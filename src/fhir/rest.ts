// A small FHIR R4 REST client over a Transport (the session's authorised fetch, or a plain fetch for another
// claim destination). Reads are idempotent and retried with backoff on 429/5xx/network failures; writes are sent
// once and only ever conditionally (If-None-Exist / If-Match), so the caller can offer a safe retry.
import type { Bundle, BundleEntry, FhirResource, Resource } from 'fhir/r4';
import { FhirHttpError, FhirNetworkError, httpErrorOf, isTransient } from './errors';
import { LaunchProblem } from './launch-problem';
import type { Transport } from './session';

export interface RequestEvent {
  phase: 'start' | 'end';
  method: string;
  url: string;
}

export interface RestOptions {
  /** Waits before each repeat of a failed read; the default gives four attempts over about 4 s. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** Stops following `next` links after this many pages (a server that loops must not hang the app). */
  maxPages?: number;
  /** Told about every request, for a progress display and for counting round trips. */
  onRequest?: (event: RequestEvent) => void;
}

export interface WriteResult<T extends Resource> {
  status: number;
  /** 201: the server made a new resource; 200 on a conditional create: one with that identifier existed. */
  created: boolean;
  resource: T;
}

const FHIR_JSON = 'application/fhir+json';

export class FhirRest {
  readonly base: string;
  private readonly retryDelays: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxPages: number;

  constructor(
    base: string,
    private readonly transport: Transport,
    private readonly options: RestOptions = {},
  ) {
    this.base = base.replace(/\/+$/, '');
    this.retryDelays = options.retryDelaysMs ?? [300, 1000, 3000];
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxPages = options.maxPages ?? 200;
  }

  /** Absolute URL of a path relative to the base ("Encounter/e1", "Claim?identifier=..."), or the URL itself. */
  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.base}/${path.replace(/^\/+/, '')}`;
  }

  async read<T extends Resource>(path: string): Promise<T> {
    const url = this.url(path);
    return jsonOf<T>(await this.get(url), url);
  }

  /**
   * Every entry of a search, following `next` links; onPage sees each page's entries as it arrives so that
   * dependent reads (referenced Medications) can start while the next page is fetched.
   */
  async search(path: string, onPage?: (entries: BundleEntry[]) => void): Promise<BundleEntry[]> {
    const all: BundleEntry[] = [];
    let next: string | undefined = this.url(path);
    for (let page = 0; next && page < this.maxPages; page++) {
      const bundle: Bundle = await jsonOf<Bundle>(await this.get(next), next);
      if (bundle.resourceType !== 'Bundle') throw new FhirHttpError(200, 'GET', next, `the answer to a search is a ${String(bundle.resourceType)}, not a Bundle`);
      const entries = (bundle.entry ?? []).filter((e) => e.resource);
      all.push(...entries);
      onPage?.(entries);
      next = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    return all;
  }

  /** Resources of a search whose search mode is "match" (not the _include'd ones). */
  static matches<T extends FhirResource>(entries: BundleEntry[], type: T['resourceType']): T[] {
    return entries
      .filter((e) => e.resource?.resourceType === type && e.search?.mode !== 'include')
      .map((e) => e.resource as T);
  }

  /**
   * POST with If-None-Exist: a retry, a double click or a second visit finds the first write instead of adding
   * another. `identifierQuery` ("identifier=system|value") is also how the written resource is found when the
   * server answers without a body or Location.
   */
  async createConditional<T extends FhirResource>(resource: T, identifierQuery: string): Promise<WriteResult<T>> {
    const url = this.url(resource.resourceType);
    const response = await this.send('POST', url, resource, { 'if-none-exist': identifierQuery });
    const written = (await this.writtenResource<T>(response, resource.resourceType)) ?? (await this.findOne<T>(resource.resourceType, identifierQuery));
    if (!written) throw new FhirHttpError(response.status, 'POST', url, 'the server accepted the record but it cannot be found again');
    return { status: response.status, created: response.status === 201, resource: written };
  }

  /**
   * PUT with If-Match on the version the app read: a concurrent change answers 412 instead of being overwritten.
   * A server that keeps no versions gets a plain PUT, which is still idempotent (the whole resource is sent).
   */
  async updateIfMatch<T extends FhirResource>(resource: T, versionId: string | undefined): Promise<WriteResult<T>> {
    const url = this.url(`${resource.resourceType}/${resource.id ?? ''}`);
    const response = await this.send('PUT', url, resource, versionId ? { 'if-match': `W/"${versionId}"` } : {});
    const written = (await this.writtenResource<T>(response, resource.resourceType)) ?? (await this.read<T>(`${resource.resourceType}/${resource.id ?? ''}`));
    return { status: response.status, created: response.status === 201, resource: written };
  }

  /** The first match of "param=value" (the value is URL-encoded here). */
  async findOne<T extends FhirResource>(type: T['resourceType'], query: string): Promise<T | undefined> {
    const eq = query.indexOf('=');
    const found = FhirRest.matches<T>(await this.search(`${type}?${query.slice(0, eq + 1)}${encodeURIComponent(query.slice(eq + 1))}`), type);
    return found[0];
  }

  private async get(url: string): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.exchange('GET', url, {});
        if (!response.ok) throw await httpErrorOf(response, 'GET', url);
        return response;
      } catch (err) {
        const delay = this.retryDelays[attempt];
        if (delay === undefined || !isTransient(err)) throw err;
        await this.sleep(delay);
      }
    }
  }

  private async send(method: 'POST' | 'PUT', url: string, body: Resource, headers: Record<string, string>): Promise<Response> {
    const response = await this.exchange(method, url, {
      method,
      headers: { 'content-type': FHIR_JSON, prefer: 'return=representation', ...headers },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await httpErrorOf(response, method, url);
    return response;
  }

  private async exchange(method: string, url: string, init: RequestInit): Promise<Response> {
    this.options.onRequest?.({ phase: 'start', method, url });
    try {
      return await this.transport(url, init);
    } catch (err) {
      if (err instanceof LaunchProblem) throw err;
      throw new FhirNetworkError(method, url, err);
    } finally {
      this.options.onRequest?.({ phase: 'end', method, url });
    }
  }

  /** The resource in the answer's body, or read from its Location; undefined when the server sent neither. */
  private async writtenResource<T extends Resource>(response: Response, type: string): Promise<T | undefined> {
    const text = await response.text();
    if (text) {
      try {
        const body = JSON.parse(text) as Resource;
        if (body.resourceType === type) return body as T;
      } catch {
        // An empty or non-JSON body: fall back to the Location header.
      }
    }
    const location = response.headers.get('location') ?? response.headers.get('content-location');
    return location ? this.read<T>(location) : undefined;
  }
}

/** The body as JSON; an HTML error page from a proxy or a login screen becomes an error that says so. */
async function jsonOf<T>(response: Response, url: string): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new FhirHttpError(response.status, 'GET', url, `the answer is not FHIR JSON (${type.split(';')[0]})`);
  }
}
