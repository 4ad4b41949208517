// The sandbox EHR's sample patients, in the order the landing page lists them, and the shared records they use.
import type { Resource } from 'fhir/r4';
import { chemoWithAntiemetic } from './chemo-with-antiemetic';
import { DIRECTORY } from './directory';
import { exactVials } from './exact-vials';
import { intravitreal } from './intravitreal';
import { manyConditions } from './many-conditions';
import { multiDoseVial } from './multi-dose-vial';
import { noCoverage } from './no-coverage';
import { FORMULARY } from './pharmacy';
import { rxnormOnly } from './rxnorm-only';
import type { SampleCase } from './sample-case';
import { sequentialChemo } from './sequential-chemo';
import { wasteDocumented } from './waste-documented';
import { wasteMissing } from './waste-missing';

export const SAMPLE_CASES: readonly SampleCase[] = [
  wasteMissing,
  wasteDocumented,
  exactVials,
  multiDoseVial,
  chemoWithAntiemetic,
  sequentialChemo,
  intravitreal,
  rxnormOnly,
  noCoverage,
  manyConditions,
];

/** Records that belong to no one patient: the clinic, the payer, the nurse, the pharmacy's products. */
export const SHARED_RESOURCES: readonly Resource[] = [...DIRECTORY, ...FORMULARY];

export { SANDBOX_USER } from './directory';
export type { SampleCase } from './sample-case';
