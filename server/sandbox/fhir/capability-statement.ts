// GET /metadata: what this server does, stated truthfully, so a client (the app, a SMART launcher, a test tool)
// can decide before it tries: the resource types, interactions, search parameters and _include it supports, and
// where its SMART endpoints are (FHIR R4 "CapabilityStatement"; SMART App Launch 2.x, "oauth-uris" extension).
import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';
import type { SandboxUrls } from '../urls';

/** The resource types the sandbox serves: what the app reads and writes, and what a clinical record around it needs. */
export const SUPPORTED_TYPES = [
  'Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Encounter', 'Condition',
  'Medication', 'MedicationRequest', 'MedicationAdministration', 'Procedure', 'Observation', 'AllergyIntolerance',
  'Coverage', 'Claim', 'DocumentReference', 'Provenance',
] as const;

/** _include values the adapter resolves, per type: every reference search parameter of the type. */
function includesOf(resourceType: string): string[] {
  return Object.entries(getSearchParameters(resourceType) ?? {})
    .filter(([code, p]) => p.type === 'reference' && !code.startsWith('_'))
    .map(([code]) => `${resourceType}:${code}`)
    .sort();
}

function resource(type: string): CapabilityStatementRestResource {
  const searchParam = Object.entries(getSearchParameters(type) ?? {})
    .filter(([code]) => code !== '_compartment' && code !== '_profile' && code !== '_security' && code !== '_source' && code !== '_tag')
    .map(([code, p]) => ({ name: code, type: p.type as NonNullable<CapabilityStatementRestResource['searchParam']>[number]['type'], ...(p.url ? { definition: p.url } : {}) }));
  return {
    type: type as CapabilityStatementRestResource['type'],
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: ['read', 'vread', 'history-instance', 'create', 'update', 'delete', 'search-type'].map((code) => ({
      code: code as NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'],
    })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalUpdate: false,
    conditionalDelete: 'not-supported',
    searchInclude: includesOf(type),
    searchParam,
  };
}

/** The statement changes only with the code: built once, with the time this server started as its date. */
let resources: CapabilityStatementRestResource[] | undefined;
const STARTED = new Date().toISOString();

export function capabilityStatement(urls: SandboxUrls, software: { name: string; version: string }): CapabilityStatement {
  resources ??= SUPPORTED_TYPES.map(resource);
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STARTED,
    kind: 'instance',
    software,
    implementation: { description: 'J-Code Assist sandbox EHR (in memory, reset on restart)', url: urls.fhirBase },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: urls.authorize },
                { url: 'token', valueUri: urls.token },
              ],
            },
          ],
        },
        resource: resources,
      },
    ],
  };
}
