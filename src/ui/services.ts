// The app's services as the browser provides them: the fhirclient-backed SMART session, the app's own server,
// the clock and a UUID source. Tests use the same ones, against msw handlers.
import { fhirclientAuthorizer } from '../fhir/fhirclient-session';
import type { AppServices } from './App';
import { fetchCatalog, fetchConfig } from './app-server';
import { takeHandedOverConfig } from './config-handoff';

export function browserServices(): AppServices {
  return {
    connect: () => fhirclientAuthorizer().completeLaunch(),
    fetchConfig: async () => takeHandedOverConfig() ?? fetchConfig(),
    fetchCatalog,
    now: () => new Date(),
    newEntryId: () => crypto.randomUUID(),
    claimTransport: (url, init) => fetch(url, init),
  };
}
