// Properties the engine must keep whatever the numbers (docs/design.md, Tests).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { derive } from '../../src/billing/derive';
import type { BillingLine } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, context, medication, NDC, wasteRecord } from './fixtures';

const scenario = fc.record({
  u: fc.constantFrom('0.1', '0.5', '1', '2', '10', '15', '25', '100'),
  billUnits: fc.integer({ min: 1, max: 40 }),
  containers: fc.integer({ min: 1, max: 6 }),
  /** Dose as a fraction of what the containers hold, in thousandths. */
  share: fc.integer({ min: 1, max: 1000 }),
  documented: fc.boolean(),
  multiDose: fc.boolean(),
  route: fc.constantFrom('iv', 'sc', 'im') as fc.Arbitrary<'iv' | 'sc' | 'im'>,
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function linesFor(s: Scenario) {
  const catalog = new CatalogIndex({
    quarter: 'property',
    codes: [{ code: 'J7777', description: 'test', descriptor: { amount: s.u, unit: 'mg' }, administrationClass: 'chemo' }],
    products: [{ ndc: '77777777701', hcpcs: 'J7777', billUnits: String(s.billUnits), containerType: s.multiDose ? 'multi-dose' : 'single-dose', liquid: false }],
  });
  const content = s.billUnits * Number(s.u);
  const held = content * s.containers;
  // Round the dose to 3 decimals so it stays a dose a nurse could write.
  const dose = Math.max(0.001, Math.round((held * s.share) / 1000 * 1000) / 1000);
  const discarded = Math.round((held - dose) * 1000) / 1000;
  const resources: Resource[] = [
    ...context(),
    medication('m', [{ system: NDC, code: '77777777701' }]),
    admin({ id: 'a1', med: 'm', dose, route: s.route, end: '2026-03-02T10:00:00-05:00' }),
    ...(s.documented ? [wasteRecord('w1', 'a1', 'm', discarded)] : []),
  ];
  const result = derive(bundle(resources), catalog, defaultBillingSettings, { today: '2026-03-03' }).results[0]!;
  return { result, unitsHeld: s.billUnits * s.containers };
}

const drugLines = (lines: BillingLine[]) => lines.filter((l) => l.kind === 'drug');

describe('engine properties (fast-check)', () => {
  it('administered + JW units never exceed what the opened containers hold', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { result, unitsHeld } = linesFor(s);
        const total = drugLines(result.lines).reduce((sum, l) => sum + l.units, 0);
        const administeredOnly = drugLines(result.lines).filter((l) => !l.modifiers.includes('JW'));
        // A single administered unit may stand for less than one unit's worth of drug (max(1, ...)).
        expect(total).toBeLessThanOrEqual(Math.max(unitsHeld, administeredOnly.reduce((sum, l) => sum + l.units, 0)));
      }),
      { numRuns: 400 },
    );
  });

  it('a JW line never stands alone, JW and JZ never share a line, units are whole and at least 1', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { result } = linesFor(s);
        for (const line of result.lines) {
          expect(Number.isInteger(line.units)).toBe(true);
          expect(line.units).toBeGreaterThanOrEqual(1);
          expect(line.modifiers.includes('JW') && line.modifiers.includes('JZ')).toBe(false);
          if (line.modifiers.includes('JW')) {
            expect(result.lines.some((l) => l.code === line.code && l.kind === 'drug' && l.modifiers.length === 0)).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('single-dose drugs always carry JW or JZ, or are held back with an error; multi-dose never do', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { result } = linesFor(s);
        const drug = drugLines(result.lines);
        if (s.multiDose) {
          expect(drug.every((l) => l.modifiers.length === 0)).toBe(true);
        } else if (drug.length === 0) {
          expect(result.findings.some((f) => f.code === 'waste-undocumented')).toBe(true);
        } else {
          expect(drug.some((l) => l.modifiers.includes('JW') || l.modifiers.includes('JZ'))).toBe(true);
        }
        expect(result.claim === null).toBe(result.findings.some((f) => f.severity === 'error'));
      }),
      { numRuns: 400 },
    );
  });

  it('derive never throws on arbitrary FHIR-shaped input', () => {
    const types = fc.constantFrom('MedicationAdministration', 'Medication', 'Encounter', 'Procedure', 'Coverage', 'Patient', 'DocumentReference', 'Bundle');
    const quantity = fc.record({ value: fc.oneof(fc.double(), fc.integer(), fc.constant(null)), unit: fc.oneof(fc.string(), fc.constantFrom('mg', 'mL', '[iU]', 'ug')), code: fc.option(fc.string()) }, { requiredKeys: [] });
    const reference = fc.record({ reference: fc.oneof(fc.string(), fc.constantFrom('Medication/m', '#m', 'Encounter/e1', 'Patient/p1', 'MedicationAdministration/a1', 'Procedure/pr1')) }, { requiredKeys: [] });
    const resource = fc.record(
      {
        resourceType: types,
        id: fc.oneof(fc.string(), fc.constantFrom('a1', 'm', 'e1', 'p1', 'pr1')),
        status: fc.oneof(fc.string(), fc.constantFrom('completed', 'not-done', 'in-progress', 'stopped', 'entered-in-error')),
        subject: reference,
        context: reference,
        partOf: fc.array(reference, { maxLength: 2 }),
        medicationReference: reference,
        medicationCodeableConcept: fc.record({ coding: fc.array(fc.record({ system: fc.constantFrom(NDC, 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'x'), code: fc.oneof(fc.string(), fc.constantFrom('57894-0030-01', '5789403001', 'J1745', 'J9999')) }, { requiredKeys: [] })) }, { requiredKeys: [] }),
        code: fc.anything(),
        statusReason: fc.anything(),
        effectiveDateTime: fc.oneof(fc.string(), fc.constantFrom('2026-03-02T09:00:00-05:00', '2026-03-02', 'not a date')),
        effectivePeriod: fc.record({ start: fc.oneof(fc.string(), fc.constant('2026-03-02T09:00:00Z')), end: fc.oneof(fc.string(), fc.constant('2026-03-02T08:00:00Z')) }, { requiredKeys: [] }),
        dosage: fc.record({ dose: quantity, route: fc.anything(), site: fc.anything() }, { requiredKeys: [] }),
        period: fc.anything(),
        entry: fc.anything(),
        contained: fc.anything(),
        performer: fc.anything(),
        amount: fc.anything(),
        ingredient: fc.anything(),
        content: fc.anything(),
      },
      { requiredKeys: ['resourceType'] },
    );
    const catalog = new CatalogIndex({ quarter: 'p', codes: [], products: [] });
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 8 }), (resources) => {
        const out = derive({ resourceType: 'Bundle', entry: resources.map((r) => ({ resource: r })) }, catalog, defaultBillingSettings, { today: '2026-03-03' });
        expect(Array.isArray(out.results)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
