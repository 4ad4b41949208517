// Drives the real launch page logic and the real app (fhirclient included) in happy-dom against msw: the EHR
// launch URL is opened, the authorisation request the app builds goes to the sandbox's authorize endpoint
// (QuirkyEhr.approve), the browser "returns" to the redirect URL, and the app completes the token exchange and renders.
import { render, type RenderResult } from '@testing-library/preact';
import { fhirclientAuthorizer } from '../../../src/fhir/fhirclient-session';
import { App, type AppServices } from '../../../src/ui/App';
import { fetchConfig } from '../../../src/ui/app-server';
import { browserServices } from '../../../src/ui/services';
import { domLaunchView } from '../../../launch/launch-view';
import { runLaunch } from '../../../launch/run-launch';
import { APP_ORIGIN } from './fixtures';
import type { QuirkyEhr } from './quirky-ehr';

export function setUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

/** Runs the launch page at `url`; answers the URL it navigated to (undefined when it stopped on a page). */
export async function openLaunchPage(url: string, onChooser?: (root: HTMLElement) => void): Promise<{ navigated?: string; root: HTMLElement }> {
  setUrl(url);
  const root = document.createElement('main');
  document.body.append(root);
  let navigated: string | undefined;
  let resolveNav: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (resolveNav = resolve));
  const view = domLaunchView(root);
  await runLaunch({
    url: new URL(location.href),
    fetchClients: async () => (await fetchConfig()).clients,
    authorizer: fhirclientAuthorizer(),
    navigate: (to) => {
      navigated = to;
      resolveNav?.();
    },
    view: {
      ...view,
      chooser: (choices, onChoose) => {
        view.chooser(choices, onChoose);
        onChooser?.(root);
      },
      problem: (p) => {
        view.problem(p);
        resolveNav?.();
      },
    },
  });
  if (onChooser) await done;
  return { navigated, root };
}

/** Fast retries and a fixed clock: 2026-03-02 11:30 at UTC-5. */
export function testServices(overrides: Partial<AppServices> = {}): AppServices {
  let n = 0;
  return {
    ...browserServices(),
    now: () => new Date('2026-03-02T16:30:00Z'),
    newEntryId: () => `entry-${++n}`,
    restOptions: { retryDelaysMs: [1, 1, 1], sleep: async () => undefined },
    ...overrides,
  };
}

/** An EHR launch of the sandbox's test encounter, from start to a rendered app, through the sandbox's authorize. */
export async function sandboxLaunch(ehr: QuirkyEhr, opts: { services?: Partial<AppServices> } = {}) {
  const launch = ehr.newLaunch();
  const launchUrl = `${APP_ORIGIN}/launch/?iss=${encodeURIComponent(ehr.base)}&launch=${launch}`;
  const { navigated, root } = await openLaunchPage(launchUrl);
  if (!navigated) throw new Error(`the launch page stopped: ${root.textContent}`);
  root.remove();
  const authorizeUrl = new URL(navigated);
  setUrl(await ehr.approve(navigated));
  const view: RenderResult = render(<App services={testServices(opts.services)} />);
  return { authorizeUrl, launch, view };
}
