// The CDS Hooks door (docs/design.md, "CDS Hooks"): discovery, the two services and their feedback endpoints.
// Every call but discovery carries the EHR's JWT, checked before anything else is done. A service call that
// cannot reach a conclusion in its budget (the prefetch is unusable, the FHIR server fails or is slow) answers an
// empty card list, never an error that would hold up the EHR's workflow, and its request log line says why.
// Nothing of the patient is kept: the record lives as long as the call, the fhirAuthorization token with it.
import { derive } from '../../src/billing';
import type { BillingSettings } from '../../src/billing';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { CatalogIndex } from '../../src/catalog/catalog-index';
import type { CdsHooksConfig, CdsIssuer } from '../../src/config/cds-hooks-config';
import { ownOrigin } from '../own-origin';
import { noteForLog } from '../request-log';
import { cardFor, type CdsCard } from './cards';
import { ClientJwtVerifier, ClientTokenRefused } from './client-jwt';
import { parseFeedback, tallyFeedback } from './feedback';
import { GatherProblem, gatherVisit } from './gather';
import { parseHookRequest } from './hook-request';
import { discoveryDocument, serviceById, type CdsService } from './services';

export interface CdsRouteOptions {
  config: CdsHooksConfig;
  /** Issuers besides the configured ones: the sandbox EHR's own key. */
  extraIssuers?: readonly CdsIssuer[];
  catalog: CatalogIndex;
  settings: BillingSettings;
  bodyLimitBytes: number;
  /** Upper bound on the resources one call may check. */
  maxResources: number;
  /** YYYY-MM-DD: which open visit is today's (patient-view). */
  today: () => string;
  onError: (err: unknown) => void;
  /** How the FHIR server is reached (tests). */
  fetch?: typeof fetch;
  now?: () => number;
}

const JSON_TYPES = /^application\/(fhir\+)?json\s*(;|$)/i;

export function cdsRoutes(opts: CdsRouteOptions): Hono {
  const routes = new Hono();
  const verifier = new ClientJwtVerifier({
    issuers: [...opts.config.issuers, ...(opts.extraIssuers ?? [])],
    ...(opts.now ? { now: opts.now } : {}),
  });
  // The server's own origin (JCODE_PUBLIC_URL in production), never the Host a request names: it is the aud.
  const base = (c: Context) => ownOrigin(c);
  const launchUrl = (c: Context) => opts.config.appLaunchUrl ?? `${base(c)}/launch/`;

  // CDS clients that run in a browser call from the EHR's origin; nothing here rides on cookies.
  routes.use('/cds-services', cors({ origin: '*', allowMethods: ['GET'] }));
  routes.use('/cds-services/*', cors({ origin: '*', allowMethods: ['POST'], allowHeaders: ['Authorization', 'Content-Type'] }));

  routes.get('/cds-services', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json(discoveryDocument());
  });

  const limit = bodyLimit({
    maxSize: opts.bodyLimitBytes,
    onError: (c) => {
      noteForLog(c, { cdsOutcome: 'refused', cdsReason: 'body too large' });
      return c.json({ error: `The request body is larger than the limit of ${opts.bodyLimitBytes} bytes.` }, 413);
    },
  });

  /** The service, the caller's token and the JSON body, or the response that refuses them. */
  async function admit(c: Context, audience: string[]): Promise<{ service: CdsService; json: unknown } | Response> {
    const service = serviceById(c.req.param('id') ?? '');
    if (!service) return c.json({ error: 'No such CDS service: see GET /cds-services.' }, 404);
    try {
      await verifier.verify(c.req.header('authorization'), audience);
    } catch (err) {
      if (!(err instanceof ClientTokenRefused)) throw err;
      noteForLog(c, { cdsOutcome: 'refused', cdsReason: err.reason });
      c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      return c.json({ error: 'The JWT of the CDS client was not accepted.' }, 401);
    }
    if (!JSON_TYPES.test(c.req.header('content-type') ?? '')) {
      noteForLog(c, { cdsOutcome: 'refused', cdsReason: 'not JSON' });
      return c.json({ error: 'Send the call as application/json.' }, 415);
    }
    try {
      return { service, json: JSON.parse(await c.req.text()) };
    } catch {
      noteForLog(c, { cdsOutcome: 'refused', cdsReason: 'body is not JSON' });
      return c.json({ error: 'The body is not valid JSON.' }, 400);
    }
  }

  routes.post('/cds-services/:id', limit, async (c) => {
    const started = opts.now?.() ?? Date.now();
    const admitted = await admit(c, [`${base(c)}/cds-services/${c.req.param('id')}`]);
    if (admitted instanceof Response) return admitted;
    const { service, json } = admitted;
    const parsed = parseHookRequest(json, service.hook);
    if (!parsed.ok) {
      noteForLog(c, { cdsOutcome: 'refused', cdsReason: 'malformed call' });
      return c.json({ error: 'The call is not a valid CDS Hooks request.', problems: parsed.problems }, 400);
    }
    c.header('Cache-Control', 'no-store');

    // The budget counts from arrival: a slow key fetch above leaves less for the FHIR reads.
    const remaining = opts.config.budgetMs - ((opts.now?.() ?? Date.now()) - started);
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outOfTime = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve('timeout');
      }, Math.max(0, remaining));
    });
    const work = (async (): Promise<CdsCard[]> => {
      const visit = await gatherVisit(service, parsed.request, {
        settings: opts.settings,
        today: opts.today(),
        maxResources: opts.maxResources,
        signal: abort.signal,
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
      });
      if (!visit.encounter) return [];
      if (abort.signal.aborted) return [];
      const output = derive(visit.resources, opts.catalog, opts.settings, { today: opts.today(), claims: false });
      const result = output.results.find((r) => r.encounter === visit.encounter);
      const card = result && cardFor(result, { record: visit.resources, catalog: opts.catalog, settings: opts.settings, launchUrl: launchUrl(c) });
      return card ? [card] : [];
    })();
    try {
      const outcome = await Promise.race([work, outOfTime]);
      if (outcome === 'timeout') {
        work.catch(() => undefined);
        noteForLog(c, { cdsOutcome: 'inconclusive', cdsReason: `no answer within the budget of ${opts.config.budgetMs} ms` });
        return c.json({ cards: [] });
      }
      noteForLog(c, { cdsOutcome: outcome.length ? 'card' : 'no-card', cdsCards: outcome.length });
      return c.json({ cards: outcome });
    } catch (err) {
      if (err instanceof GatherProblem) noteForLog(c, { cdsOutcome: 'inconclusive', cdsReason: err.reason });
      else {
        opts.onError(err);
        noteForLog(c, { cdsOutcome: 'inconclusive', cdsReason: 'the check failed; the error was logged' });
      }
      return c.json({ cards: [] });
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  });

  routes.post('/cds-services/:id/feedback', limit, async (c) => {
    const service = `${base(c)}/cds-services/${c.req.param('id')}`;
    // Clients name the service in aud; some name the feedback endpoint itself.
    const admitted = await admit(c, [service, `${service}/feedback`]);
    if (admitted instanceof Response) return admitted;
    const feedback = parseFeedback(admitted.json);
    if (!feedback.ok) {
      noteForLog(c, { cdsOutcome: 'refused', cdsReason: 'malformed feedback' });
      return c.json({ error: 'The body is not valid CDS Hooks feedback.', problems: feedback.problems }, 400);
    }
    noteForLog(c, tallyFeedback(admitted.service.id, feedback.items));
    return c.body(null, 200);
  });

  return routes;
}
