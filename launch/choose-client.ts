// Which client registration of smart-config.json serves a launch: for an EHR launch the one whose iss matches the
// EHR's FHIR base URL; for a standalone launch the ones offered in the chooser.
import type { ClientRegistration } from '../src/config/smart-config';

/** FHIR base URLs compared without a trailing slash and with a case-insensitive scheme and host. */
export function sameFhirBase(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}

export function registrationFor(clients: readonly ClientRegistration[], iss: string): ClientRegistration | undefined {
  return clients.find((c) => sameFhirBase(c.iss, iss));
}

export function standaloneChoices(clients: readonly ClientRegistration[]): ClientRegistration[] {
  return clients.filter((c) => c.standalone !== false);
}

function normalise(url: string): string {
  try {
    const u = new URL(url);
    // URL parsing already lower-cases the scheme and host; the path stays case-sensitive.
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.replace(/\/+$/, '');
  }
}
