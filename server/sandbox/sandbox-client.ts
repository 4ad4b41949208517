// The SMART client registration of J-Code Assist with the sandbox EHR, added to GET /api/config for the origin a
// request came to, so an EHR launch from the sandbox works on whatever port the server listens on.
import type { ClientRegistration } from '../../src/config/smart-config';
import { sandboxUrls } from './urls';

export const SANDBOX_CLIENT_ID = 'jcode-assist-sandbox';

// docs/smart-and-stack.md, "Scopes": the EHR-launch set, plus Condition (the encounter's diagnoses) and the
// Practitioner/Organization reads behind the claim's providers.
export const SANDBOX_SCOPES = [
  'launch', 'openid', 'fhirUser',
  'patient/Patient.r', 'patient/Encounter.r', 'patient/Condition.rs', 'patient/MedicationAdministration.crus',
  'patient/Medication.rs', 'patient/Procedure.rs', 'patient/Coverage.rs', 'patient/Claim.crus',
  'patient/DocumentReference.c', 'patient/Provenance.c', 'patient/Practitioner.r', 'patient/Organization.r',
].join(' ');

export function sandboxClient(origin: string): ClientRegistration {
  return {
    name: 'Sandbox EHR (this server)',
    iss: sandboxUrls(origin).fhirBase,
    clientId: SANDBOX_CLIENT_ID,
    scopes: SANDBOX_SCOPES,
    redirectUri: '/app/',
    standalone: true,
  };
}

/** Where the sandbox sends the app's authorization codes: its registration's redirect on the server's origin. */
export function appRedirectUri(origin: string): string {
  return new URL(sandboxClient(origin).redirectUri, origin).href;
}
