// The sandbox EHR as a CDS Hooks client (CDS Hooks 2.0): when a visit is closed it reads the discovery
// document, fills the encounter-discharge service's prefetch templates from its own FHIR server, signs a JWT
// with its own key (ES384, a new key pair per start; its public JWK Set is trusted by this server's CDS service
// as the issuer SANDBOX_CDS_ISSUER) and calls the service, as a real EHR would over the network.
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { CdsIssuer } from '../../../src/config/cds-hooks-config';
import type { AuthStore } from '../smart/auth-store';
import { sandboxUrls } from '../urls';

export const SANDBOX_CDS_ISSUER = 'urn:jcode-assist:sandbox-ehr';
const CLIENT_ID = 'sandbox-cds-client';

/** How the client reaches the service: the app's own fetch once wired (no network hop), else the network. */
export type Dispatch = (request: Request) => Promise<Response>;

export interface ShownCard {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: string;
  source: { label: string };
  links?: { label: string; url: string; type: string; appContext?: string }[];
}

export type HookOutcome = { ok: true; cards: ShownCard[] } | { ok: false; problem: string };

export interface VisitToClose {
  patient: string;
  encounter: string;
  user: string;
}

export class SandboxCdsClient {
  private dispatch: Dispatch = (request) => fetch(request);

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly kid: string,
    readonly issuer: CdsIssuer,
    private readonly store: AuthStore,
  ) {}

  static async create(store: AuthStore): Promise<SandboxCdsClient> {
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const kid = crypto.randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
    return new SandboxCdsClient(privateKey, kid, { iss: SANDBOX_CDS_ISSUER, jwks: { keys: [jwk] }, jku: [] }, store);
  }

  /** Calls go through the server's own fetch handler from now on. */
  useServer(dispatch: Dispatch): void {
    this.dispatch = dispatch;
  }

  /** encounter-discharge for one visit, with prefetch; the cards, or what went wrong in words for the page. */
  async encounterDischarge(origin: string, visit: VisitToClose): Promise<HookOutcome> {
    const discovery = await this.getJson(`${origin}/cds-services`);
    const services = (discovery as { services?: { id: string; hook: string; prefetch?: Record<string, string> }[] } | undefined)?.services;
    const service = services?.find((s) => s.hook === 'encounter-discharge');
    if (!service) return { ok: false, problem: 'no encounter-discharge service in the discovery document' };

    const urls = sandboxUrls(origin);
    const scopes = ['patient/*.rs'];
    const { token, expiresInSeconds } = this.store.issueAccessToken({
      clientId: CLIENT_ID,
      scopes,
      context: { patient: visit.patient, encounter: visit.encounter, fhirUser: visit.user, needPatientBanner: false },
      fromCode: `cds-${crypto.randomUUID()}`,
    });
    const context = { userId: visit.user, patientId: visit.patient, encounterId: visit.encounter };
    const prefetch: Record<string, unknown> = {};
    await Promise.all(
      Object.entries(service.prefetch ?? {}).map(async ([key, template]) => {
        const query = template.replace(/\{\{context\.(userId|patientId|encounterId)\}\}/g, (_, name: keyof typeof context) => context[name]);
        prefetch[key] = (await this.getJson(`${urls.fhirBase}/${query}`, token)) ?? null;
      }),
    );

    const endpoint = `${origin}/cds-services/${service.id}`;
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: this.kid, typ: 'JWT' })
      .setIssuer(SANDBOX_CDS_ISSUER)
      .setAudience(endpoint)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(crypto.randomUUID())
      .sign(this.privateKey);
    const body = {
      hook: 'encounter-discharge',
      hookInstance: crypto.randomUUID(),
      fhirServer: urls.fhirBase,
      fhirAuthorization: { access_token: token, token_type: 'Bearer', expires_in: expiresInSeconds, scope: scopes.join(' '), subject: CLIENT_ID, patient: visit.patient },
      context,
      prefetch,
    };
    let response: Response;
    try {
      response = await this.dispatch(
        new Request(endpoint, { method: 'POST', headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      );
    } catch (err) {
      return { ok: false, problem: `the CDS service could not be reached (${err instanceof Error ? err.message : String(err)})` };
    }
    if (!response.ok) return { ok: false, problem: `the CDS service answered ${response.status}` };
    const answer = (await response.json()) as { cards?: ShownCard[] };
    return { ok: true, cards: Array.isArray(answer.cards) ? answer.cards : [] };
  }

  private async getJson(url: string, token?: string): Promise<unknown> {
    try {
      const response = await this.dispatch(new Request(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } }));
      return response.ok ? await response.json() : undefined;
    } catch {
      return undefined;
    }
  }
}
