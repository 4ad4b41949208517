// The pages the authorization server shows a person: the error of an authorize request that cannot be sent back
// to its client, and the patient picker of a standalone launch (a form that posts the same request plus the
// choice). Both work without script.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { AuthorizeRequest, PickablePatient } from '../smart/auth-routes';
import { page } from './html';
import { sandboxPageCsp } from './page-csp';

const AUTHORIZE_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'aud', 'launch', 'code_challenge', 'code_challenge_method', 'nonce'];

export function errorPage(c: Context, message: string): Response | Promise<Response> {
  c.header('Content-Security-Policy', sandboxPageCsp());
  c.header('Cache-Control', 'no-store');
  return c.html(page('Sign-in failed - Sandbox EHR', html`<main class="narrow"><h1>The app could not be signed in</h1><p role="alert">${message}</p><p><a href="/sandbox/">Back to the sandbox</a></p></main>`), 400);
}

/** The standalone launch's patient chooser. */
export function patientPicker(c: Context, request: AuthorizeRequest, patients: readonly PickablePatient[]): Response | Promise<Response> {
  const hidden = AUTHORIZE_PARAMS.filter((k) => request.params[k] !== undefined).map(
    (k) => html`<input type="hidden" name="${k}" value="${request.params[k] ?? ''}">`,
  );
  const options = patients.map(
    (p, i) => html`<li><label><input type="radio" name="patient_choice" value="${p.id}"${i === 0 ? html` checked` : html``}> <strong>${p.name}</strong> - ${p.summary}</label></li>`,
  );
  c.header('Content-Security-Policy', sandboxPageCsp({ formTargets: [request.redirectUri.origin] }));
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      'Choose a patient - Sandbox EHR',
      html`<main class="narrow">
<h1>Choose a patient</h1>
<p>The app <code>${request.clientId}</code> asks to open a patient's record. Pick one to continue.</p>
<form method="post" action="/sandbox/auth/authorize">
${hidden}
<ul class="choices">${options}</ul>
<button type="submit">Open the record in the app</button>
</form>
</main>`,
    ),
  );
}
