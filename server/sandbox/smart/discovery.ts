// SMART configuration (SMART App Launch 2.x, "Conformance": /.well-known/smart-configuration) and the OpenID
// provider metadata that the `sso-openid-connect` capability requires beside it.
import type { SandboxUrls } from '../urls';

export const SUPPORTED_SCOPES = [
  'openid', 'fhirUser', 'profile', 'launch', 'launch/patient', 'launch/encounter', 'online_access', 'offline_access',
  'patient/*.cruds', 'user/*.cruds', 'patient/*.read', 'patient/*.write', 'user/*.read', 'user/*.write',
];

export function smartConfiguration(urls: SandboxUrls) {
  return {
    issuer: urls.fhirBase,
    jwks_uri: urls.jwks,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: SUPPORTED_SCOPES,
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'context-ehr-patient',
      'context-ehr-encounter',
      'context-standalone-patient',
      'context-banner',
      'context-style',
      'permission-patient',
      'permission-user',
      'permission-v1',
      'permission-v2',
      'permission-offline',
      'permission-online',
      'sso-openid-connect',
    ],
  };
}

export function openIdConfiguration(urls: SandboxUrls) {
  return {
    issuer: urls.fhirBase,
    jwks_uri: urls.jwks,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: SUPPORTED_SCOPES,
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'fhirUser', 'nonce'],
  };
}
