// Why a launch or a session failed, in words a nurse can act on. The launch page and the app both show these
// instead of a blank screen or a stack trace; the technical detail (an OAuth error_description, an HTTP status)
// is kept apart so the page can offer it to whoever fixes the set-up.
import { KnownError } from '../errors';

export type LaunchProblemKind =
  | 'no-launch'
  | 'denied'
  | 'unknown-ehr'
  | 'wrong-client'
  | 'no-patient'
  | 'no-encounter'
  | 'expired'
  | 'launch-stale'
  | 'ehr-unreachable'
  | 'pkce-unsupported'
  | 'insecure-context'
  | 'config-unavailable'
  | 'read-refused'
  | 'read-failed'
  | 'unexpected';

interface Wording {
  title: string;
  explanation: string;
  whatToDo: string;
}

const WORDING: Record<LaunchProblemKind, Wording> = {
  'no-launch': {
    title: 'The app was opened without a launch',
    explanation: 'J-Code Assist needs to be started by your EHR so that it knows which patient and encounter to open.',
    whatToDo: "Open the patient's encounter in your EHR and start J-Code Assist from there.",
  },
  denied: {
    title: 'Access was not granted',
    explanation: 'The EHR did not allow J-Code Assist to read this encounter: access was declined, or your account lacks the rights.',
    whatToDo: 'Launch the app again and allow access. If this happens again, ask your EHR administrator to grant the app the scopes it is registered with.',
  },
  'unknown-ehr': {
    title: 'This EHR is not registered with J-Code Assist',
    explanation: 'The app has no client registration for the EHR that launched it.',
    whatToDo: 'Ask the person who installed J-Code Assist to add a client registration for this EHR (its FHIR base URL is shown below) to smart-config.json.',
  },
  'wrong-client': {
    title: "The EHR rejected the app's registration",
    explanation: 'The EHR did not accept the client id or redirect address J-Code Assist presented.',
    whatToDo: "Ask the person who installed J-Code Assist to check the client id and redirect URL in smart-config.json against the EHR's app registration.",
  },
  'no-patient': {
    title: 'No patient was selected',
    explanation: 'The EHR started J-Code Assist without a patient, so there is nothing to read.',
    whatToDo: "Open a patient's chart, select the encounter, and start J-Code Assist from there.",
  },
  'no-encounter': {
    title: 'No encounter was selected',
    explanation: 'J-Code Assist works on one encounter (the visit in which the drugs were given), and the EHR did not say which.',
    whatToDo: 'Open the encounter (infusion or clinic visit) in your EHR and start J-Code Assist from it.',
  },
  expired: {
    title: 'Your session has ended',
    explanation: 'The EHR no longer accepts this session (it expired or was signed out).',
    whatToDo: 'Relaunch J-Code Assist from the EHR. Anything you typed and did not save is still shown until you leave this page.',
  },
  'launch-stale': {
    title: 'This launch is no longer valid',
    explanation: 'The EHR no longer recognises the launch that opened J-Code Assist: it expired, or it was already used (an old page reloaded, or a slow sign-in).',
    whatToDo: 'Launch the app again from the EHR.',
  },
  'ehr-unreachable': {
    title: 'The EHR could not be reached',
    explanation: "J-Code Assist could not read the EHR's SMART configuration, which it needs to sign in.",
    whatToDo: 'Check the network connection and try again. If it persists, tell your EHR administrator (the address is shown below).',
  },
  'pkce-unsupported': {
    title: 'The EHR does not offer secure sign-in (PKCE)',
    explanation: 'J-Code Assist only signs in with PKCE S256, and this EHR does not advertise it.',
    whatToDo: 'Ask your EHR administrator to enable PKCE (code_challenge_methods_supported: S256) for SMART apps.',
  },
  'insecure-context': {
    title: 'The app must be opened over HTTPS',
    explanation: 'Secure sign-in needs the browser\u2019s cryptography, which only works on https:// (or localhost) addresses.',
    whatToDo: 'Ask the person who installed J-Code Assist to serve it over HTTPS and register the https:// launch URL.',
  },
  'config-unavailable': {
    title: 'The app could not load its settings',
    explanation: "J-Code Assist's own server did not answer with its configuration.",
    whatToDo: 'Try again in a moment. If it persists, tell the person who runs J-Code Assist.',
  },
  'read-refused': {
    title: 'The EHR refused to share this encounter',
    explanation: 'The EHR answered, but would not let J-Code Assist read what it needs.',
    whatToDo: 'Ask your EHR administrator to grant the app read access to encounters and medication administrations.',
  },
  'read-failed': {
    title: 'The encounter could not be read',
    explanation: 'The EHR did not answer, or answered with an error, after several tries.',
    whatToDo: 'Try again in a moment. If it keeps failing, tell your EHR support (the detail is below).',
  },
  unexpected: {
    title: 'Something went wrong while starting the app',
    explanation: 'J-Code Assist could not start.',
    whatToDo: 'Relaunch the app from the EHR. If it happens again, send the detail below to the person who runs J-Code Assist.',
  },
};

export class LaunchProblem extends KnownError {
  readonly code: string;
  readonly title: string;
  readonly explanation: string;
  readonly whatToDo: string;

  constructor(
    readonly kind: LaunchProblemKind,
    /** Technical detail for whoever fixes the set-up (shown as text, never as markup). */
    readonly detail?: string,
  ) {
    const wording = WORDING[kind];
    super(`${wording.title}${detail ? ` (${detail})` : ''}`);
    this.name = 'LaunchProblem';
    this.code = `launch-${kind}`;
    this.title = wording.title;
    this.explanation = wording.explanation;
    this.whatToDo = wording.whatToDo;
  }
}

/** An OAuth error code returned to the redirect URL (RFC 6749 section 4.1.2.1) as a problem. */
export function problemOfOAuthError(error: string, description: string | null): LaunchProblem {
  const detail = description ? `${error}: ${description}` : error;
  // An unknown or expired launch code is an invalid_request (RFC 6749 has no code of its own for it); EHRs say
  // so in the description. It is no registration problem: launching again fixes it.
  if ((error === 'invalid_request' || error === 'invalid_grant') && /\blaunch\b/i.test(description ?? '')) return new LaunchProblem('launch-stale', detail);
  if (error === 'access_denied' || error === 'insufficient_scope' || error === 'invalid_scope') return new LaunchProblem('denied', detail);
  if (error === 'unauthorized_client' || error === 'invalid_client' || error === 'invalid_request') return new LaunchProblem('wrong-client', detail);
  return new LaunchProblem('unexpected', detail);
}

/** Anything thrown while starting: kept as is when already a LaunchProblem, otherwise wrapped without its stack. */
export function asLaunchProblem(err: unknown): LaunchProblem {
  if (err instanceof LaunchProblem) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LaunchProblem('unexpected', message);
}
