// The FHIR base URLs in smart-config.json (a client's iss, the claim destination) are called by the browser: only
// http(s) URLs are taken, and anything else is said in words with an example, not zod's bare "Invalid url".
import { describe, expect, it } from 'vitest';
import { parseSmartConfig } from '../../src/config/smart-config';
import { problemsOf } from './problems';

const client = (iss: string) => ({ name: 'EHR', iss, clientId: 'abc', scopes: 'launch' });

describe('FHIR base URLs in smart-config.json', () => {
  it.each(['not a url', 'ftp://fhir.example.org/R4', 'javascript:alert(1)', 'file:///etc/passwd'])('refuses %s as a client iss and as the claim destination', (url) => {
    expect(problemsOf({ clients: [client(url)], claimDestination: { fhirBaseUrl: url } })).toEqual([
      'clients[0].iss: must be an http(s) URL such as https://fhir.example.org/R4',
      'claimDestination.fhirBaseUrl: must be an http(s) URL such as https://billing.example.org/fhir',
    ]);
  });

  it('takes https and http URLs', () => {
    const config = parseSmartConfig({ clients: [client('http://localhost:3000/sandbox/fhir'), client('https://fhir.example.org/R4')], claimDestination: { fhirBaseUrl: 'https://billing.example.org/fhir' } });
    expect(config.clients.map((c) => c.iss)).toEqual(['http://localhost:3000/sandbox/fhir', 'https://fhir.example.org/R4']);
    expect(config.claimDestination).toEqual({ fhirBaseUrl: 'https://billing.example.org/fhir' });
  });
});
