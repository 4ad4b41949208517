// The people and organisations every sample shares: the clinic that bills, the payer, the infusion nurse who
// gives the drugs and is the user signed in to the sandbox EHR, and the physician who attends each visit and
// supervises the infusions (the claim's rendering provider). NPIs are made up but pass the NPI check digit.
import type { Organization, Practitioner } from 'fhir/r4';

const NPI = 'http://hl7.org/fhir/sid/us-npi';

export const CLINIC: Organization = {
  resourceType: 'Organization',
  id: 'sandbox-clinic',
  identifier: [{ system: NPI, value: '1987654328' }],
  active: true,
  type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Healthcare Provider' }] }],
  name: 'Riverside Infusion and Eye Clinic (sandbox)',
  address: [{ line: ['100 Sandbox Way'], city: 'Springfield', state: 'IL', postalCode: '62701' }],
};

export const MEDICARE: Organization = {
  resourceType: 'Organization',
  id: 'medicare-part-b',
  active: true,
  type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'pay', display: 'Payer' }] }],
  name: 'Medicare Part B',
};

export const NURSE = practitioner('sandbox-nurse', '1234567893', { family: 'Okafor', given: 'Dana', suffix: 'RN' });

export const PHYSICIAN = practitioner('sandbox-physician', '1245319599', { family: 'Raman', given: 'Priya', suffix: 'MD' }, {
  qualification: [{ code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360', code: 'MD', display: 'Doctor of Medicine' }] } }],
});

export const DIRECTORY = [CLINIC, MEDICARE, NURSE, PHYSICIAN];

/** Who is signed in to the sandbox EHR: the infusion nurse (the token's fhirUser). */
export const SANDBOX_USER = `Practitioner/${NURSE.id}`;

/** A practitioner with an NPI and a name with its credential (RN, MD). */
function practitioner(id: string, npi: string, name: { family: string; given: string; suffix: string }, more: Partial<Practitioner> = {}): Practitioner {
  return {
    resourceType: 'Practitioner',
    id,
    identifier: [{ system: NPI, value: npi }],
    active: true,
    name: [{ family: name.family, given: [name.given], suffix: [name.suffix] }],
    ...more,
  };
}
