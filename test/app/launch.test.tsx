// @vitest-environment happy-dom
// The launch page and every way a launch can fail: each ends on a page that says what happened and what to do.
// The EHRs are the sandbox (its SMART authorization server and FHIR server) at two origins, each knowing one
// client id; the refusals are the sandbox's own answers (quirky-ehr.ts).
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App';
import { APP_ORIGIN, appConfig, appServerHandlers, sandboxEhrOptions } from './support/fixtures';
import { openLaunchPage, sandboxLaunch, setUrl, testServices } from './support/harness';
import { mswServer } from './support/msw-server';
import { QuirkyEhr, type QuirkyEhrOptions } from './support/quirky-ehr';
import type { AppConfig } from '../../src/ui/app-server';

const server = mswServer();
let epic: QuirkyEhr;
let oracle: QuirkyEhr;
let config: AppConfig;

const epicEhr = (overrides: Partial<QuirkyEhrOptions> = {}) =>
  QuirkyEhr.create(sandboxEhrOptions('epic', { origin: 'https://epic.example', clientId: 'epic-client', ...overrides }));

/** The app configured for these EHRs only, which alone answer. */
function only(...ehrs: QuirkyEhr[]): void {
  config = appConfig(ehrs);
  server.resetHandlers(...ehrs.flatMap((ehr) => ehr.handlers()), ...appServerHandlers(() => config));
}

beforeEach(async () => {
  document.body.innerHTML = '';
  epic = await epicEhr();
  oracle = await QuirkyEhr.create(sandboxEhrOptions('oracle', { origin: 'https://oracle.example', clientId: 'oracle-client' }));
  only(epic, oracle);
});

describe('launch page', () => {
  it('offers the configured servers for a standalone launch and asks for patient and encounter context', async () => {
    const { navigated } = await openLaunchPage(`${APP_ORIGIN}/launch/`, (root) => {
      const buttons = [...root.querySelectorAll('button')];
      expect(buttons.map((b) => b.textContent)).toEqual(['Sign in to Epic (test)', 'Sign in to Oracle Health (test)']);
      buttons[1]!.click();
    });
    const url = new URL(navigated!);
    expect(url.origin + url.pathname).toBe('https://oracle.example/sandbox/auth/authorize');
    expect(url.searchParams.has('launch')).toBe(false);
    const scopes = url.searchParams.get('scope')!.split(' ');
    expect(scopes).toContain('launch/patient');
    expect(scopes).toContain('launch/encounter');
    expect(scopes).not.toContain('launch');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('picks the client registration by iss, ignoring a trailing slash', async () => {
    const { navigated } = await openLaunchPage(`${APP_ORIGIN}/launch/?iss=${encodeURIComponent(`${oracle.base}/`)}&launch=${oracle.newLaunch()}`);
    expect(new URL(navigated!).searchParams.get('client_id')).toBe('oracle-client');
  });

  it('says the EHR is not registered when no registration matches the iss', async () => {
    const { navigated, root } = await openLaunchPage(`${APP_ORIGIN}/launch/?iss=${encodeURIComponent('https://unknown.example/fhir')}&launch=x`);
    expect(navigated).toBeUndefined();
    expect(root.querySelector('h1')!.textContent).toBe('This EHR is not registered with J-Code Assist');
    expect(root.textContent).toContain('https://unknown.example/fhir');
    expect(root.textContent).toContain('What to do: Ask the person who installed J-Code Assist');
  });

  it('refuses an EHR that does not offer PKCE S256', async () => {
    // fhirclient caches discovery per URL for the life of the page: this EHR has a base of its own.
    const plain = await epicEhr({ origin: 'https://no-pkce.example', codeChallengeMethods: ['plain'] });
    only(plain);
    const { navigated, root } = await openLaunchPage(`${APP_ORIGIN}/launch/?iss=${encodeURIComponent(plain.base)}&launch=${plain.newLaunch()}`);
    expect(navigated).toBeUndefined();
    expect(root.querySelector('h1')!.textContent).toBe('The EHR does not offer secure sign-in (PKCE)');
  });

  it('says so when the app server has no configuration to give', async () => {
    server.resetHandlers(...epic.handlers(), http.get(`${APP_ORIGIN}/api/config`, () => new HttpResponse(null, { status: 503 })));
    const { navigated, root } = await openLaunchPage(`${APP_ORIGIN}/launch/?iss=${encodeURIComponent(epic.base)}&launch=${epic.newLaunch()}`);
    expect(navigated).toBeUndefined();
    expect(root.querySelector('h1')!.textContent).toBe('The app could not load its settings');
    expect(root.textContent).toContain('GET /api/config answered 503');
  });

  it('says a launch id without an iss cannot be used', async () => {
    const { root } = await openLaunchPage(`${APP_ORIGIN}/launch/?launch=abc`);
    expect(root.querySelector('h1')!.textContent).toBe('The app was opened without a launch');
  });

  it('shows names and details as text, never as markup', async () => {
    const name = '<img src=x onerror="globalThis.pwned=1">Epic';
    config = { ...appConfig([epic]), clients: appConfig([epic]).clients.map((c) => ({ ...c, name })) };
    await openLaunchPage(`${APP_ORIGIN}/launch/`, (root) => {
      expect(root.querySelector('img')).toBeNull();
      expect(root.querySelector('button')!.textContent).toBe(`Sign in to ${name}`);
      root.querySelector('button')!.click();
    });
  });
});

describe('launch failures on the app page', () => {
  it('opened directly, without a launch', async () => {
    setUrl(`${APP_ORIGIN}/app/`);
    render(<App services={testServices()} />);
    await screen.findByRole('heading', { level: 1, name: 'The app was opened without a launch' });
    expect(screen.getByText(/start J-Code Assist from there/)).toBeTruthy();
  });

  it('access denied by the user or the EHR', async () => {
    const declining = await epicEhr({ signIn: 'decline' });
    only(declining);
    await sandboxLaunch(declining);
    await screen.findByRole('heading', { level: 1, name: 'Access was not granted' });
    fireEvent.click(screen.getByText('Technical detail'));
    expect(screen.getByText('access_denied: The user declined to sign in.')).toBeTruthy();
  });

  it('a client id the EHR does not know', async () => {
    config = { ...appConfig([epic]), clients: appConfig([epic]).clients.map((c) => ({ ...c, clientId: 'not-registered' })) };
    await sandboxLaunch(epic);
    await screen.findByRole('heading', { level: 1, name: "The EHR rejected the app's registration" });
    fireEvent.click(screen.getByText('Technical detail'));
    expect(screen.getByText(/^unauthorized_client: /)).toBeTruthy();
  });

  it('no patient in context', async () => {
    epic = await epicEhr({ context: { encounter: 'e1', fhirUser: 'Practitioner/n1' } });
    only(epic);
    await sandboxLaunch(epic);
    await screen.findByRole('heading', { level: 1, name: 'No patient was selected' });
  });

  it('no encounter in context', async () => {
    epic = await epicEhr({ context: { patient: 'p1', fhirUser: 'Practitioner/n1' } });
    only(epic);
    await sandboxLaunch(epic);
    await screen.findByRole('heading', { level: 1, name: 'No encounter was selected' });
  });

  it('an authorization code that was already used (an old redirect reloaded)', async () => {
    await sandboxLaunch(epic);
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' });
    cleanup();
    // The same redirect URL again, in a tab whose storage no longer has the state.
    const redirect = epic.requests.find((r) => r.url.pathname === '/sandbox/auth/token')!;
    sessionStorage.clear();
    setUrl(`${APP_ORIGIN}/app/?code=${(redirect.body as Record<string, string>).code}&state=stale`);
    render(<App services={testServices()} />);
    await screen.findByRole('heading', { level: 1, name: 'Your session has ended' });
    expect(screen.getByText(/Relaunch J-Code Assist from the EHR/)).toBeTruthy();
  });

  it('a reload after the session expired says to relaunch', async () => {
    await sandboxLaunch(epic);
    await screen.findByRole('heading', { name: 'Drug billing for this encounter' });
    cleanup();
    epic.expireTokens();
    render(<App services={testServices()} />); // the reload: state is revived from sessionStorage
    await screen.findByRole('heading', { level: 1, name: 'Your session has ended' });
  });
});
