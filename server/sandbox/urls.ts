// Where the sandbox's parts live, for the server's own origin (server/own-origin.ts): every URL the sandbox hands
// out (iss, aud, endpoints, links) is built here from it.
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
