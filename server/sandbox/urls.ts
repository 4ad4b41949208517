// Where the sandbox's parts live, for the origin a request came to: the server may answer on any port or host
// name, and every URL the sandbox hands out (iss, aud, endpoints, links) must use the one the browser used.
export const SANDBOX_PREFIX = '/sandbox';

export interface SandboxUrls {
  origin: string;
  fhirBase: string;
  authorize: string;
  token: string;
  jwks: string;
  style: string;
  landing: string;
}

export function sandboxUrls(origin: string): SandboxUrls {
  const root = `${origin}${SANDBOX_PREFIX}`;
  return {
    origin,
    fhirBase: `${root}/fhir`,
    authorize: `${root}/auth/authorize`,
    token: `${root}/auth/token`,
    jwks: `${root}/auth/jwks`,
    style: `${root}/ehr/smart-style.json`,
    landing: `${root}/`,
  };
}

export function requestOrigin(url: string): string {
  return new URL(url).origin;
}
