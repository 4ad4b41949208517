// The fhirclient 2.6.3 implementation of the session seam. Only this module imports fhirclient.
// A fresh BrowserAdapter is made per call: fhirclient's browser entry keeps one adapter that caches the page URL
// at first use, which would be stale when the launch and the redirect page run in one JavaScript realm (tests).
import * as browserAdapterModule from 'fhirclient/lib/adapters/BrowserAdapter.js';
import type Client from 'fhirclient/lib/Client';
import { LaunchProblem, problemOfOAuthError } from './launch-problem';
import { GrantedScopes, withEhrLaunch, withStandaloneContext } from './scopes';
import type { AuthorizeRequest, FhirSession, LaunchContext, SmartAuthorizer, Transport } from './session';

type BrowserAdapter = typeof import('fhirclient/lib/adapters/BrowserAdapter.js').default;

/**
 * The adapter class out of a CommonJS module: Vite 8 (Node semantics) hands over module.exports as the default
 * export, vitest unwraps `exports.default` itself, so the class sits one or two `default`s deep.
 */
function adapterClass(): BrowserAdapter {
  let value: unknown = browserAdapterModule;
  while (typeof value !== 'function' && typeof value === 'object' && value !== null && 'default' in value) value = value.default;
  return value as BrowserAdapter;
}

/** A fresh adapter per call (see the top of this file). */
function smartApi() {
  const Adapter = adapterClass();
  return new Adapter().getSmartApi();
}

/** fhirclient keeps the current state key under this sessionStorage entry (fhirclient/lib/settings.js). */
const SMART_KEY = 'SMART_KEY';

export function fhirclientAuthorizer(): SmartAuthorizer {
  return {
    async authorizeUrl({ registration, iss, launch }: AuthorizeRequest): Promise<string> {
      requireSecureContext();
      const smart = smartApi();
      const scope = launch ? withEhrLaunch(registration.scopes) : withStandaloneContext(registration.scopes);
      let url: string | void;
      try {
        url = await smart.authorize({
          iss,
          launch,
          clientId: registration.clientId,
          scope,
          redirectUri: registration.redirectUri,
          pkceMode: 'required',
          // In an EHR iframe the flow must finish in the same frame, or it hangs (client-js #89).
          completeInTarget: true,
          stateKey: newStateKey(),
          noRedirect: true,
        });
      } catch (err) {
        throw problemOfAuthorizeError(err, iss);
      }
      if (typeof url !== 'string' || !url.includes('code_challenge=')) {
        // fhirclient skips the OAuth step for a server without an authorisation endpoint: not a SMART EHR.
        throw new LaunchProblem('ehr-unreachable', `${iss} advertises no SMART authorization endpoint`);
      }
      return url;
    },

    async completeLaunch(): Promise<FhirSession> {
      const url = new URL(location.href);
      const oauthError = url.searchParams.get('error');
      if (oauthError) throw problemOfOAuthError(oauthError, url.searchParams.get('error_description'));
      const key = url.searchParams.get('state') ?? storedStateKey();
      if (!key) throw new LaunchProblem('no-launch');
      if (!sessionStorage.getItem(key)) {
        // A state in the address but none stored: this tab never started that launch, or its storage was cleared.
        throw new LaunchProblem(url.searchParams.has('state') ? 'expired' : 'no-launch');
      }
      requireSecureContext();
      let client: Client;
      try {
        client = await smartApi().ready();
      } catch (err) {
        throw problemOfTokenError(err);
      }
      return sessionOf(client);
    },
  };
}

/** At least 122 bits from a CSPRNG (SMART App Launch 2.x); fhirclient's default is ~95 bits of Math.random. */
export function newStateKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function requireSecureContext(): void {
  if (!globalThis.crypto?.subtle) throw new LaunchProblem('insecure-context');
}

function storedStateKey(): string | null {
  const raw = sessionStorage.getItem(SMART_KEY);
  if (!raw) return null;
  try {
    const key: unknown = JSON.parse(raw);
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

function problemOfAuthorizeError(err: unknown, iss: string): LaunchProblem {
  const message = err instanceof Error ? err.message : String(err);
  if (/PKCE|code challenge/i.test(message)) return new LaunchProblem('pkce-unsupported', iss);
  return new LaunchProblem('ehr-unreachable', `${iss}: ${message.split('\n')[0]}`);
}

function problemOfTokenError(err: unknown): LaunchProblem {
  const message = err instanceof Error ? err.message : String(err);
  const oauth = /\b(invalid_client|unauthorized_client|invalid_grant|access_denied|invalid_scope|invalid_request)\b/.exec(message)?.[1];
  // invalid_grant: the code was used or expired (a reload of an old redirect, or a slow sign-in): launch again.
  if (oauth === 'invalid_grant') return new LaunchProblem('launch-stale', message.split('\n').slice(-1)[0]);
  if (oauth) return problemOfOAuthError(oauth, message.split('\n').slice(-1)[0] ?? null);
  if (/No state found|No 'state' parameter/.test(message)) return new LaunchProblem('no-launch');
  return new LaunchProblem('unexpected', message.split('\n')[0]);
}

function sessionOf(client: Client): FhirSession {
  const state = client.state;
  const token = state.tokenResponse ?? {};
  if (!token.patient) throw new LaunchProblem('no-patient');
  const serverUrl = state.serverUrl.replace(/\/+$/, '');
  const scopes = new GrantedScopes(token.scope ?? state.scope ?? '');
  const context: LaunchContext = {
    serverUrl,
    patientId: token.patient,
    encounterId: token.encounter ?? encounterOfFhirContext(token.fhirContext),
    fhirUser: fhirUserOf(token.id_token),
    scopes,
    needPatientBanner: token.need_patient_banner !== false,
    smartStyleUrl: typeof token.smart_style_url === 'string' ? token.smart_style_url : undefined,
  };
  const canRefresh = () => Boolean(client.state.tokenResponse?.refresh_token) && (scopes.has('offline_access') || scopes.has('online_access'));
  if (state.expiresAt && state.expiresAt * 1000 < Date.now() && !canRefresh()) throw new LaunchProblem('expired');

  const send: Transport = (url, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${client.state.tokenResponse?.access_token ?? ''}`);
    if (!headers.has('accept')) headers.set('accept', 'application/fhir+json');
    return fetch(url, { ...init, headers });
  };
  const authorisedFetch: Transport = async (url, init) => {
    if (!url.startsWith(`${serverUrl}/`)) throw new Error(`Refusing to send the EHR token to ${url}`);
    const response = await send(url, init);
    if (response.status !== 401) return response;
    if (!canRefresh()) throw new LaunchProblem('expired', 'the access token is no longer accepted (401)');
    try {
      await client.refresh();
    } catch {
      throw new LaunchProblem('expired', 'the access token expired and could not be refreshed');
    }
    const retried = await send(url, init);
    if (retried.status === 401) throw new LaunchProblem('expired', 'the refreshed access token was refused (401)');
    return retried;
  };
  return { context, fetch: authorisedFetch };
}

/**
 * "Practitioner/123" from the id_token's fhirUser claim (an absolute URL at Epic, client-js #105). Decoded here
 * rather than by fhirclient, whose decoder uses atob on base64url and throws on '-' or '_'. A display hint only:
 * the token's signature is not checked, so it never decides what the app may do.
 */
export function fhirUserOf(idToken: unknown): string | undefined {
  if (typeof idToken !== 'string') return undefined;
  try {
    const part = (idToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(part + '='.repeat((4 - (part.length % 4)) % 4));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as { fhirUser?: unknown; profile?: unknown };
    const user = typeof claims.fhirUser === 'string' ? claims.fhirUser : typeof claims.profile === 'string' ? claims.profile : undefined;
    return user?.split('/').slice(-2).join('/') || undefined;
  } catch {
    return undefined;
  }
}

/** SMART 2.x fhirContext: [{ reference: "Encounter/123" }] when the EHR does not send `encounter`. */
function encounterOfFhirContext(fhirContext: unknown): string | undefined {
  if (!Array.isArray(fhirContext)) return undefined;
  for (const item of fhirContext) {
    const ref = typeof item === 'object' && item !== null ? (item as { reference?: unknown }).reference : undefined;
    if (typeof ref === 'string') {
      const match = /(?:^|\/)Encounter\/([^/]+)$/.exec(ref);
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}
