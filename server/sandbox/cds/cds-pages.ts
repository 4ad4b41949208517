// The sandbox EHR's side of CDS Hooks: "Close visit" calls encounter-discharge and shows the cards; a card's
// SMART link is launched the way an EHR launches an app, with a fresh launch code for the visit its appContext
// names, in the same chart frame as "Open from the EHR".
import { Hono } from 'hono';
import { SAMPLE_CASES, SANDBOX_USER } from '../samples';
import { ehrFramePage } from '../pages/ehr-frame-page';
import { html } from 'hono/html';
import { page, type Markup } from '../pages/html';
import { sandboxPageCsp } from '../pages/page-csp';
import { visitClosePage } from '../pages/visit-close-page';
import type { AuthStore } from '../smart/auth-store';
import { ownOrigin } from '../../own-origin';
import { sandboxUrls } from '../urls';
import type { SandboxCdsClient } from './cds-client';

export function cdsRoutes(opts: { store: AuthStore; client: SandboxCdsClient }): Hono {
  const routes = new Hono();

  routes.post('/ehr/:patient/close', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', sandboxPageCsp());
    const sample = SAMPLE_CASES.find((s) => s.id === c.req.param('patient'));
    if (!sample) return c.html(problemPage('No such patient.'), 404);
    const outcome = await opts.client.encounterDischarge(ownOrigin(c), {
      patient: sample.id,
      encounter: sample.encounter.id!,
      user: SANDBOX_USER,
    });
    return c.html(visitClosePage(sample, outcome));
  });

  routes.get('/ehr/:patient/smart-link', (c) => {
    c.header('Cache-Control', 'no-store');
    const sample = SAMPLE_CASES.find((s) => s.id === c.req.param('patient'));
    const origin = ownOrigin(c);
    // This EHR launches one app it knows, J-Code Assist served here, on a visit of the patient in the chart.
    const url = c.req.query('url');
    if (!sample || url !== `${origin}/launch/`) {
      c.header('Content-Security-Policy', sandboxPageCsp());
      return c.html(problemPage('The sandbox EHR launches only J-Code Assist from this server.'), 400);
    }
    const encounter = encounterOf(c.req.query('appContext'));
    if (encounter !== sample.encounter.id) {
      c.header('Content-Security-Policy', sandboxPageCsp());
      return c.html(problemPage("The card's appContext does not name a visit of this patient."), 400);
    }
    const launch = opts.store.createLaunch({ patient: sample.id, encounter, fhirUser: SANDBOX_USER, needPatientBanner: false });
    c.header('Content-Security-Policy', sandboxPageCsp({ frameApp: true }));
    return c.html(ehrFramePage(sample, launch, sandboxUrls(origin), '/launch/'));
  });

  return routes;
}

/** `{"encounter":"Encounter/<id>"}` -> the id. */
function encounterOf(appContext: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(appContext ?? '') as { encounter?: unknown };
    const m = typeof parsed.encounter === 'string' ? /^Encounter\/([A-Za-z0-9\-.]{1,64})$/.exec(parsed.encounter) : null;
    return m?.[1];
  } catch {
    return undefined;
  }
}

function problemPage(message: string): Markup {
  return page('Sandbox EHR', html`<main class="narrow"><h1>Cannot do that</h1><p role="alert">${message}</p><p><a href="/sandbox/">Back to the patient list</a></p></main>`);
}
