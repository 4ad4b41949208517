// The sandbox's SMART authorization server: discovery, authorize (PKCE S256 only), token, JWKS.
// Sources: SMART App Launch 2.x ("EHR launch", "Standalone launch", "Token response"); RFC 6749; RFC 7636.
// Every client is a public client, but codes go only to registered redirect URIs: the app's own and the ones
// configured for other SMART tools (RFC 6749 10.6, OAuth 2.0 Security BCP 4.1: an open redirect_uri hands
// authorization codes to whoever crafts the link). OAuth errors are OAuthError values, turned into responses here
// and nowhere else.
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { errorPage, patientPicker, signInPage } from '../pages/authorize-pages';
import { ownOrigin } from '../../own-origin';
import { sandboxUrls, type SandboxUrls } from '../urls';
import type { AuthStore, LaunchContext } from './auth-store';
import { openIdConfiguration, smartConfiguration } from './discovery';
import type { IdTokenSigner } from './id-token';
import { OAuthError, UnredirectableAuthorizeError } from './oauth-errors';
import { isS256Challenge, verifierMatches } from './pkce';
import { grantableScopes } from './scopes';

export interface PickablePatient {
  id: string;
  name: string;
  encounterId?: string;
  summary: string;
}

export interface AuthRoutesOptions {
  store: AuthStore;
  signer: IdTokenSigner;
  /** The sandbox user every launch signs in as ("Practitioner/<id>"). */
  fhirUser: string;
  /** Offered by the patient picker of a standalone launch. */
  patients: readonly PickablePatient[];
  /** The redirect URIs codes may be sent to, for the server's own origin (normalised as URL.href). */
  redirectUris: (ownOrigin: string) => string[];
  /**
   * Off by default (any client id is a public client here). When set, only these client ids may ask for a code;
   * another is sent back unauthorized_client, as an EHR answers an app it has no registration for.
   */
  clientIds?: readonly string[];
  /**
   * Off by default (the EHR frame's user is signed in already). When on, a sign-in page asks the user to allow or
   * decline before a code is issued; declining sends access_denied back (RFC 6749 4.1.2.1).
   */
  confirmSignIn?: boolean;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: URL;
  state?: string;
  params: Record<string, string>;
}

export function authRoutes(opts: AuthRoutesOptions): Hono {
  const routes = new Hono();
  const open = cors({ origin: '*', allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Authorization'] });

  routes.use('/fhir/.well-known/*', open);
  routes.get('/fhir/.well-known/smart-configuration', (c) => c.json(smartConfiguration(urlsOf(c))));
  routes.get('/fhir/.well-known/openid-configuration', (c) => c.json(openIdConfiguration(urlsOf(c))));
  routes.use('/auth/jwks', open);
  routes.get('/auth/jwks', (c) => c.json(opts.signer.jwks));

  const authorize = async (c: Context) => {
    const params = c.req.method === 'POST' ? formParams(await c.req.parseBody()) : c.req.query();
    let request: AuthorizeRequest;
    try {
      request = authorizeRequest(params, opts.redirectUris(ownOrigin(c)));
    } catch (err) {
      if (err instanceof UnredirectableAuthorizeError) return errorPage(c, err.message);
      throw err;
    }
    try {
      if (opts.clientIds && !opts.clientIds.includes(request.clientId)) {
        throw new OAuthError('unauthorized_client', `The client id '${request.clientId}' is not registered with this EHR.`);
      }
      const urls = urlsOf(c);
      const context = launchContextOf(request, urls, opts);
      if (!context) return patientPicker(c, request, opts.patients);
      if (opts.confirmSignIn) {
        if (request.params.decision === undefined) return signInPage(c, request);
        if (request.params.decision !== 'allow') throw new OAuthError('access_denied', 'The user declined to sign in.');
      }
      const scopes = grantableScopes(request.params.scope ?? '');
      const code = opts.store.createCode({
        clientId: request.clientId,
        redirectUri: request.redirectUri.href,
        codeChallenge: request.params.code_challenge ?? '',
        scopes,
        context,
        ...(request.params.nonce ? { nonce: request.params.nonce } : {}),
      });
      return redirectTo(c, request, { code });
    } catch (err) {
      if (err instanceof OAuthError) return redirectTo(c, request, { error: err.error, error_description: err.description });
      throw err;
    }
  };
  routes.get('/auth/authorize', authorize);
  routes.post('/auth/authorize', authorize);

  routes.use('/auth/token', open);
  routes.post('/auth/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    try {
      const form = formParams(await c.req.parseBody());
      return c.json(tokenResponse(form, basicClientId(c.req.header('authorization')), urlsOf(c), opts));
    } catch (err) {
      if (err instanceof OAuthError) return c.json({ error: err.error, error_description: err.description }, err.status);
      throw err;
    }
  });
  return routes;
}

function urlsOf(c: Context): SandboxUrls {
  return sandboxUrls(ownOrigin(c));
}

/** Checks the client and redirect URI first: until both are sound, errors cannot be sent back to the client. */
function authorizeRequest(params: Record<string, string>, registered: string[]): AuthorizeRequest {
  const clientId = params.client_id;
  if (!clientId) throw new UnredirectableAuthorizeError('The authorization request has no client_id.');
  let redirectUri: URL;
  try {
    redirectUri = new URL(params.redirect_uri ?? '');
  } catch {
    throw new UnredirectableAuthorizeError('The authorization request has no absolute redirect_uri.');
  }
  if (redirectUri.protocol !== 'https:' && redirectUri.protocol !== 'http:') {
    throw new UnredirectableAuthorizeError('The redirect_uri must be an http or https URL.');
  }
  if (redirectUri.hash) throw new UnredirectableAuthorizeError('The redirect_uri must not have a fragment (RFC 6749 3.1.2).');
  if (!registered.includes(redirectUri.href)) {
    throw new UnredirectableAuthorizeError(
      `The redirect_uri ${redirectUri.href} is not registered with this sandbox, which sends codes only to ${registered.join(', ')}. ` +
        'Another SMART tool can be registered with --sandbox-redirect-uri (JCODE_SANDBOX_REDIRECT_URIS).',
    );
  }
  return { clientId, redirectUri, ...(params.state ? { state: params.state } : {}), params };
}

/** The launch context of an authorize request; undefined when a standalone launch must pick a patient first. */
function launchContextOf(request: AuthorizeRequest, urls: SandboxUrls, opts: AuthRoutesOptions): LaunchContext | undefined {
  const p = request.params;
  if (p.response_type !== 'code') throw new OAuthError('unsupported_response_type', 'Only response_type=code is supported.');
  if (p.code_challenge_method !== 'S256') {
    throw new OAuthError('invalid_request', p.code_challenge_method
      ? `PKCE method '${p.code_challenge_method}' is refused: use S256.`
      : 'PKCE is required: send code_challenge and code_challenge_method=S256.');
  }
  if (!isS256Challenge(p.code_challenge ?? '')) throw new OAuthError('invalid_request', 'code_challenge must be a base64url SHA-256 digest (43 characters).');
  if (!p.aud || p.aud.replace(/\/$/, '') !== urls.fhirBase) {
    throw new OAuthError('invalid_request', `aud must be this FHIR server, ${urls.fhirBase} (got '${p.aud ?? ''}').`);
  }
  const scopes = grantableScopes(p.scope ?? '');
  if (!scopes.length) throw new OAuthError('invalid_scope', 'None of the requested scopes is supported.');

  if (p.launch !== undefined) {
    const context = opts.store.launch(p.launch);
    if (!context) throw new OAuthError('invalid_request', 'Unknown or expired launch code: launch the app again from the EHR.');
    return context;
  }
  if (p.patient_choice) {
    const chosen = opts.patients.find((pt) => pt.id === p.patient_choice);
    if (!chosen) throw new OAuthError('invalid_request', 'The chosen patient does not exist.');
    return {
      patient: chosen.id,
      ...(scopes.includes('launch/encounter') && chosen.encounterId ? { encounter: chosen.encounterId } : {}),
      fhirUser: opts.fhirUser,
      needPatientBanner: true,
    };
  }
  if (scopes.includes('launch/patient')) return undefined;
  return { fhirUser: opts.fhirUser, needPatientBanner: true };
}

function tokenResponse(form: Record<string, string>, basicClient: string | undefined, urls: SandboxUrls, opts: AuthRoutesOptions) {
  const clientId = form.client_id ?? basicClient;
  if (form.grant_type === 'authorization_code') {
    if (!form.code) throw new OAuthError('invalid_request', 'code is required.');
    if (!form.code_verifier) throw new OAuthError('invalid_request', 'code_verifier is required (PKCE).');
    const taken = opts.store.takeCode(form.code);
    if (taken.kind === 'unknown') throw new OAuthError('invalid_grant', 'Unknown authorization code: launch the app again from the EHR.');
    if (taken.kind === 'reused') throw new OAuthError('invalid_grant', 'This authorization code was already used (the tokens issued for it are revoked): launch the app again from the EHR.');
    if (taken.kind === 'expired') throw new OAuthError('invalid_grant', 'The authorization code has expired: launch the app again from the EHR.');
    const grant = taken.grant;
    if (!clientId || clientId !== grant.clientId) throw new OAuthError('invalid_grant', 'The code was issued to another client.');
    if (normalizedUrl(form.redirect_uri) !== grant.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri differs from the authorization request.');
    if (!verifierMatches(form.code_verifier, grant.codeChallenge)) throw new OAuthError('invalid_grant', 'The PKCE code_verifier does not match the code_challenge.');
    return tokens({ clientId, scopes: grant.scopes, context: grant.context, fromCode: form.code }, grant.nonce, urls, opts);
  }
  if (form.grant_type === 'refresh_token') {
    const grant = form.refresh_token ? opts.store.takeRefreshToken(form.refresh_token) : undefined;
    if (!grant) throw new OAuthError('invalid_grant', 'Unknown, used or expired refresh token.');
    if (clientId && clientId !== grant.clientId) throw new OAuthError('invalid_grant', 'The refresh token was issued to another client.');
    const { expiresAt: _expired, ...rest } = grant;
    return tokens(rest, undefined, urls, opts);
  }
  throw new OAuthError('unsupported_grant_type', `grant_type '${form.grant_type ?? ''}' is not supported.`);
}

function tokens(
  grant: { clientId: string; scopes: string[]; context: LaunchContext; fromCode: string },
  nonce: string | undefined,
  urls: SandboxUrls,
  opts: AuthRoutesOptions,
) {
  const { token, expiresInSeconds } = opts.store.issueAccessToken(grant);
  const { context, scopes } = grant;
  const wantsRefresh = scopes.includes('offline_access') || scopes.includes('online_access');
  const wantsIdentity = scopes.includes('openid') && (scopes.includes('fhirUser') || scopes.includes('profile'));
  return {
    access_token: token,
    token_type: 'Bearer',
    expires_in: expiresInSeconds,
    scope: scopes.join(' '),
    ...(context.patient ? { patient: context.patient } : {}),
    ...(context.encounter ? { encounter: context.encounter } : {}),
    need_patient_banner: context.needPatientBanner,
    smart_style_url: urls.style,
    ...(wantsRefresh ? { refresh_token: opts.store.issueRefreshToken(grant) } : {}),
    ...(wantsIdentity
      ? {
          id_token: opts.signer.sign(
            {
              iss: urls.fhirBase,
              sub: context.fhirUser.split('/')[1] ?? context.fhirUser,
              aud: grant.clientId,
              fhirUser: `${urls.fhirBase}/${context.fhirUser}`,
              ...(nonce ? { nonce } : {}),
            },
            expiresInSeconds,
          ),
        }
      : {}),
  };
}

function redirectTo(c: Context, request: AuthorizeRequest, params: Record<string, string>): Response {
  const target = new URL(request.redirectUri.href);
  for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
  if (request.state !== undefined) target.searchParams.set('state', request.state);
  c.header('Cache-Control', 'no-store');
  return c.redirect(target.href, 302);
}

/** The redirect URI as the authorize step stored it (URL-normalised), or undefined when it is not a URL. */
function normalizedUrl(raw: string | undefined): string | undefined {
  try {
    return raw ? new URL(raw).href : undefined;
  } catch {
    return undefined;
  }
}

function formParams(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

function basicClientId(header: string | undefined): string | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  return decodeURIComponent(decoded.split(':')[0] ?? '') || undefined;
}
