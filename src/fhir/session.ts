// The seam between the app and SMART on FHIR (docs/design.md, "fhir"): the app talks to an authorised session and
// never to fhirclient itself, so the UI and the readers/writers are testable against any FHIR server and the
// OAuth library could be swapped without touching them. The one implementation is fhirclient-session.ts.
import type { ClientRegistration } from '../config/smart-config';
import type { GrantedScopes } from './scopes';

/** What the EHR told the app at launch (token response context, SMART App Launch 2.x). */
export interface LaunchContext {
  /** FHIR base URL of the EHR (the `iss`), without a trailing slash. */
  serverUrl: string;
  patientId: string;
  encounterId: string | undefined;
  /** "Practitioner/123" from the id_token: a display hint of who is signed in, never proof of identity. */
  fhirUser: string | undefined;
  scopes: GrantedScopes;
  /** True or absent in the token response: the app shows its own patient banner. */
  needPatientBanner: boolean;
  smartStyleUrl: string | undefined;
}

/** fetch() with the session's authorisation added. */
export type Transport = (url: string, init?: RequestInit) => Promise<Response>;

export interface FhirSession {
  readonly context: LaunchContext;
  /**
   * fetch() against the EHR's FHIR server with the access token. On a 401 it refreshes the token once when the
   * grant allows it and repeats the request (the server refused it before acting, so that is safe for writes
   * too); otherwise it throws LaunchProblem('expired'). Refuses URLs outside the FHIR base, so the token never
   * leaves for another host.
   */
  fetch: Transport;
}

export interface AuthorizeRequest {
  registration: ClientRegistration;
  /** The EHR's FHIR base URL. */
  iss: string;
  /** The opaque launch id of an EHR launch; absent for a standalone launch. */
  launch?: string;
}

export interface SmartAuthorizer {
  /** Runs SMART discovery and stores the PKCE verifier and state; answers the EHR authorisation URL to open. */
  authorizeUrl(request: AuthorizeRequest): Promise<string>;
  /** On the redirect page: checks the answer, exchanges the code (or revives the session on reload). */
  completeLaunch(): Promise<FhirSession>;
}
