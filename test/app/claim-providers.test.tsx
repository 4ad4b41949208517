// @vitest-environment happy-dom
// The app reads the claim's providers from the EHR (docs/billing-rules.md 8): the encounter's attending physician and
// the service provider, when the grant allows; the preview then names them with their NPIs. Without the scope the
// app does not ask, the preview says there is no rendering provider and the finding says what to add.
import { screen } from '@testing-library/preact';
import type { Encounter, MedicationAdministration, Organization, Practitioner, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { appConfig, appServerHandlers, encounterResources, sandboxEhrOptions, SCOPES } from './support/fixtures';
import { sandboxLaunch } from './support/harness';
import { QuirkyEhr } from './support/quirky-ehr';
import { mswServer } from './support/msw-server';

const server = mswServer();
const NPI = 'http://hl7.org/fhir/sid/us-npi';

const physician: Practitioner = { resourceType: 'Practitioner', id: 'dr1', name: [{ text: 'Sam Lee MD' }], identifier: [{ system: NPI, value: '1245319599' }] };
const clinic: Organization = { resourceType: 'Organization', id: 'clinic', name: 'Test Clinic', identifier: [{ system: NPI, value: '1234567893' }] };

// The 50 mg left of four 100 mg vials, already recorded, so nothing blocks the draft (docs/design.md waste records).
const wasteRecord: MedicationAdministration = {
  resourceType: 'MedicationAdministration',
  id: 'w1',
  status: 'not-done',
  statusReason: [{ coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] }],
  partOf: [{ reference: 'MedicationAdministration/ma1' }],
  medicationReference: { reference: 'Medication/med-inflix' },
  subject: { reference: 'Patient/p1' },
  context: { reference: 'Encounter/e1' },
  effectiveDateTime: '2026-03-02T11:20:00-05:00',
  dosage: { dose: { value: 50, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
};

/** The Epic-like record with the physician attending the visit, the clinic on file and the waste recorded. */
function withProviders(): Resource[] {
  return [
    ...encounterResources('epic').map((r) =>
      r.resourceType === 'Encounter'
        ? ({
            ...(r as Encounter),
            participant: [{ type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }], individual: { reference: 'Practitioner/dr1' } }],
          } satisfies Encounter)
        : r,
    ),
    physician,
    clinic,
    wasteRecord,
  ];
}

async function launch(scopes: string): Promise<QuirkyEhr> {
  const ehr = await QuirkyEhr.create(sandboxEhrOptions('epic', { resources: withProviders(), grantScope: () => scopes }));
  server.resetHandlers(...ehr.handlers(), ...appServerHandlers(() => appConfig([ehr], { billing: { ...appConfig([]).billing, fees: { J1745: 96, 96413: 310, 96415: 67.5 } } })));
  await sandboxLaunch(ehr);
  return ehr;
}

describe('the claim providers in the app', () => {
  it('with Practitioner and Organization reads granted: the physician renders, the clinic bills with its NPI', async () => {
    const ehr = await launch(`${SCOPES} patient/Practitioner.r patient/Organization.r`);
    await screen.findByRole('heading', { name: 'What the biller will see' });
    const parties = document.querySelector('.claim-header')!.textContent!;
    expect(parties).toContain('Sam Lee MD, NPI 1245319599');
    expect(parties).toContain('Test Clinic, NPI 1234567893');
    // J1745 35 x 96 + J1745-JW 5 x 96 + 96413 310 + 96415 67.50.
    expect(document.querySelector('.claim-total dd')!.textContent).toBe('$4,217.50');
    const reads = ehr.fhirRequests().map((r) => r.url.pathname);
    expect(reads.filter((p) => p.endsWith('/Practitioner/dr1'))).toHaveLength(1);
    expect(reads.filter((p) => p.endsWith('/Organization/clinic'))).toHaveLength(1);
  });

  it('without those scopes: no provider is read and nothing breaks', async () => {
    const ehr = await launch(SCOPES);
    await screen.findByRole('heading', { name: 'What the biller will see' });
    expect(document.querySelector('.claim-header')!.textContent).toContain('Rendering providernone: see below');
    expect(document.querySelector('.claim-to-add')!.textContent).toContain('billing.renderingProvider');
    const reads = ehr.fhirRequests().map((r) => r.url.pathname);
    expect(reads.some((p) => p.includes('/Practitioner/dr1') || p.includes('/Organization/'))).toBe(false);
  });
});
