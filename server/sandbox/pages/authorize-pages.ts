// The pages the authorization server shows a person: the error of an authorize request that cannot be sent back
// to its client, the patient picker of a standalone launch and the sign-in confirmation (forms that post the same
// request plus the person's answer). All work without script.
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AuthorizeRequest, PickablePatient } from '../smart/auth-routes';
import { page } from './html';
import { sandboxPageCsp } from './page-csp';

const AUTHORIZE_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'aud', 'launch', 'code_challenge', 'code_challenge_method', 'nonce', 'patient_choice'];

export function errorPage(c: Context, message: string): Response | Promise<Response> {
  c.header('Content-Security-Policy', sandboxPageCsp());
  c.header('Cache-Control', 'no-store');
  return c.html(page('Sign-in failed - Sandbox EHR', html`<main class="narrow"><h1>The app could not be signed in</h1><p role="alert">${message}</p><p><a href="/sandbox/">Back to the sandbox</a></p></main>`), 400);
}

/** The standalone launch's patient chooser. */
export function patientPicker(c: Context, request: AuthorizeRequest, patients: readonly PickablePatient[]): Response | Promise<Response> {
  const options = patients.map(
    (p, i) => html`<li><label><input type="radio" name="patient_choice" value="${p.id}"${i === 0 ? html` checked` : html``}> <strong>${p.name}</strong> - ${p.summary}</label></li>`,
  );
  return requestForm(
    c,
    request,
    'Choose a patient',
    html`<p>The app <code>${request.clientId}</code> asks to open a patient's record. Pick one to continue.</p>`,
    html`<ul class="choices">${options}</ul>
<button type="submit">Open the record in the app</button>`,
  );
}

/** The sign-in confirmation (the sandbox's confirmSignIn option): the user allows the app or declines. */
export function signInPage(c: Context, request: AuthorizeRequest): Response | Promise<Response> {
  return requestForm(
    c,
    request,
    'Sign in to the app',
    html`<p>The app <code>${request.clientId}</code> asks to sign you in with these permissions: <code>${request.params.scope ?? ''}</code>.</p>`,
    html`<button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="decline">Decline</button>`,
  );
}

/** A page whose form posts the authorization request again, with what the person chose. */
function requestForm(c: Context, request: AuthorizeRequest, title: string, intro: HtmlEscapedString | Promise<HtmlEscapedString>, fields: HtmlEscapedString | Promise<HtmlEscapedString>) {
  const hidden = AUTHORIZE_PARAMS.filter((k) => request.params[k] !== undefined).map(
    (k) => html`<input type="hidden" name="${k}" value="${request.params[k] ?? ''}">`,
  );
  c.header('Content-Security-Policy', sandboxPageCsp({ formTargets: [request.redirectUri.origin] }));
  c.header('Cache-Control', 'no-store');
  return c.html(
    page(
      `${title} - Sandbox EHR`,
      html`<main class="narrow">
<h1>${title}</h1>
${intro}
<form method="post" action="/sandbox/auth/authorize">
${hidden}
${fields}
</form>
</main>`,
    ),
  );
}
