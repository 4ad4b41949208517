// The launch page's logic (SMART App Launch 2.x): an EHR launch (?iss=..&launch=..) picks the client registration
// for that iss and goes straight to the EHR's authorisation endpoint; a standalone launch (no parameters) offers
// the configured servers. Everything that can go wrong ends on a page that says what to do.
import type { ClientRegistration } from '../src/config/smart-config';
import { asLaunchProblem, LaunchProblem } from '../src/fhir/launch-problem';
import type { SmartAuthorizer } from '../src/fhir/session';
import { registrationFor, standaloneChoices } from './choose-client';

export interface LaunchView {
  working(message: string): void;
  chooser(choices: ClientRegistration[], onChoose: (choice: ClientRegistration) => void): void;
  problem(problem: LaunchProblem): void;
}

export interface LaunchDeps {
  url: URL;
  fetchClients: () => Promise<ClientRegistration[]>;
  authorizer: SmartAuthorizer;
  navigate: (url: string) => void;
  view: LaunchView;
}

export async function runLaunch({ url, fetchClients, authorizer, navigate, view }: LaunchDeps): Promise<void> {
  const iss = url.searchParams.get('iss');
  const launch = url.searchParams.get('launch');
  const go = async (registration: ClientRegistration, fhirBase: string) => {
    view.working(`Connecting to ${registration.name}…`);
    try {
      navigate(await authorizer.authorizeUrl({ registration, iss: fhirBase, launch: launch ?? undefined }));
    } catch (err) {
      view.problem(asLaunchProblem(err));
    }
  };
  try {
    if (launch && !iss) throw new LaunchProblem('no-launch', 'the EHR sent a launch id but no iss (FHIR base URL)');
    view.working('Connecting to the EHR…');
    let clients: ClientRegistration[];
    try {
      clients = await fetchClients();
    } catch (err) {
      throw new LaunchProblem('config-unavailable', err instanceof Error ? err.message : String(err));
    }
    if (iss) {
      const registration = registrationFor(clients, iss);
      if (!registration) throw new LaunchProblem('unknown-ehr', iss);
      await go(registration, iss);
      return;
    }
    const choices = standaloneChoices(clients);
    if (choices.length === 0) throw new LaunchProblem('no-launch', 'no EHR is configured for a standalone launch');
    view.chooser(choices, (choice) => void go(choice, choice.iss));
  } catch (err) {
    view.problem(asLaunchProblem(err));
  }
}
