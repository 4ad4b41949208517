// Launch page entry (/launch/): the URL an EHR opens for an EHR launch, and the page a user opens for a
// standalone launch. It asks the app's server for the client registrations (GET /api/config).
import { fhirclientAuthorizer } from '../src/fhir/fhirclient-session';
import { fetchConfig } from '../src/ui/app-server';
import { handOverConfig } from '../src/ui/config-handoff';
import { domLaunchView } from './launch-view';
import { prefetchAppFiles } from './prefetch-app';
import { runLaunch } from './run-launch';

// Not a static import: that would make the stylesheet block the page's first paint (index.html styles that).
void import('../src/ui/app.css');

const root = document.getElementById('launch');
if (root) {
  void runLaunch({
    url: new URL(location.href),
    fetchClients: async () => {
      const config = await fetchConfig();
      handOverConfig(config);
      return config.clients;
    },
    authorizer: fhirclientAuthorizer(),
    navigate: (url) => {
      prefetchAppFiles();
      location.assign(url);
    },
    view: domLaunchView(root),
  });
}
