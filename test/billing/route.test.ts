// The route of an administration (src/billing/route.ts): SNOMED codes first (docs/smart-and-stack.md), then the
// words EHRs write, matched as whole words so that a route that is not IV, SC, IM or intravitreal is never taken for
// one. The route picks the administration code (docs/billing-rules.md section 5); an unknown one is route-missing.
import type { CodeableConcept } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { routeOf } from '../../src/billing/route';
import { admin, compact, HCPCS, medication, run } from './fixtures';

const SNOMED = 'http://snomed.info/sct';

describe('SNOMED route codes', () => {
  it.each([
    ['47625008', 'iv'],
    ['34206005', 'sc'],
    ['78421000', 'im'],
    ['418401004', 'intravitreal'],
  ])('%s is %s', (code, kind) => {
    expect(routeOf({ coding: [{ system: SNOMED, code }] })).toEqual({ route: kind });
  });

  it('a known code in a later coding is found after codings the engine does not know', () => {
    expect(routeOf({ coding: [{ system: 'http://example.org/routes', code: 'R-17' }, { system: SNOMED, code: '34206005' }] })).toEqual({ route: 'sc' });
  });

  it('a coded route wins over contradicting text', () => {
    expect(routeOf({ text: 'intramuscular', coding: [{ system: SNOMED, code: '47625008' }] })).toEqual({ route: 'iv' });
  });

  it('codings that are not objects or whose code is not a string are passed over, never a crash', () => {
    const odd = { coding: [null, { code: 47625008 }, { system: SNOMED, code: '78421000' }] } as unknown as CodeableConcept;
    expect(routeOf(odd)).toEqual({ route: 'im' });
  });
});

describe('route words, read from the text, the displays and the codes', () => {
  it.each([
    ['Intravenous', 'iv'],
    ['IV', 'iv'],
    ['IV push', 'iv'],
    ['IVPUSH', 'iv'],
    ['ivinfusion', 'iv'],
    ['IVINJ', 'iv'],
    ['Subcutaneous', 'sc'],
    ['SC', 'sc'],
    ['SQ', 'sc'],
    ['SubQ injection', 'sc'],
    ['Intramuscular', 'im'],
    ['deep IM', 'im'],
    ['Intravitreal', 'intravitreal'],
    ['intravitreal (IV not meant)', 'intravitreal'],
  ])('text %j is %s', (text, kind) => {
    expect(routeOf({ text })).toEqual({ route: kind });
  });

  it('a coding display is read when there is no text', () => {
    expect(routeOf({ coding: [{ system: 'http://example.org/routes', code: 'R-2', display: 'Subcutaneous use' }] })).toEqual({ route: 'sc' });
  });

  it('a coding code that is a route word is read (HL7 v3 IVINJ, IM)', () => {
    expect(routeOf({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration', code: 'IM' }] })).toEqual({ route: 'im' });
  });

  it.each([
    ['Oral'],
    ['Subconjunctival'],
    ['Implantation'],
    ['Topical to the scalp'],
    ['Intravesical'],
    ['Intradermal'],
  ])('%j is none of the four: no route, and the text is kept for the finding', (text) => {
    expect(routeOf({ text })).toEqual({ routeText: text });
  });

  it('the words of the text and the codings are kept together for the finding', () => {
    expect(routeOf({ text: 'Oral', coding: [{ system: 'http://example.org/routes', code: 'PO', display: 'By mouth' }] })).toEqual({ routeText: 'Oral By mouth PO' });
  });

  it('a code that is not a string, or a coding that is no object (bad input), is no word of the route', () => {
    const odd = { text: 'Oral', coding: [{ system: 'http://example.org/routes', code: 12 }] } as unknown as CodeableConcept;
    expect(routeOf(odd)).toEqual({ routeText: 'Oral' });
    expect(routeOf({ text: 'Oral', coding: [null] } as unknown as CodeableConcept)).toEqual({ routeText: 'Oral' });
    expect(routeOf({ coding: [null, { display: 'Intravenous' }] } as unknown as CodeableConcept)).toEqual({ route: 'iv' });
  });

  it('no route, or a route with no words: neither a route nor a text', () => {
    expect(routeOf(undefined)).toEqual({});
    expect(routeOf({})).toEqual({ routeText: undefined });
    expect(routeOf({ text: '', coding: [{ system: 'http://example.org/routes' }] })).toEqual({ routeText: undefined });
  });
});

describe('the route chooses the administration code through derive()', () => {
  // Dexamethasone (J1100, therapeutic), treated as multi-dose so that only the route matters here.
  const dex = medication('dex', [{ system: HCPCS, code: 'J1100' }]);
  const given = (route: CodeableConcept) => admin({ id: 'a1', med: 'dex', dose: 10, start: '2026-03-02T09:00:00-05:00', end: '2026-03-02T09:40:00-05:00', extra: { dosage: { route, dose: { value: 10, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } } } });
  const settings = { containerType: { J1100: 'multi-dose' } } as const;

  it('"Intravenous" as text: a 40-minute therapeutic infusion, 96365', () => {
    expect(compact(run([dex, given({ text: 'Intravenous' })], settings))).toEqual(['J1100 x10', '96365 x1']);
  });

  it('"SQ" as text: one subcutaneous injection, 96372', () => {
    expect(compact(run([dex, given({ text: 'SQ' })], settings))).toEqual(['J1100 x10', '96372 x1']);
  });

  it('"Oral": the drug line stays, no administration code, and route-missing names the route as written', () => {
    const r = run([dex, given({ text: 'Oral' })], settings);
    expect(compact(r)).toEqual(['J1100 x10']);
    expect(r.findings.find((f) => f.code === 'route-missing')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(r.findings.find((f) => f.code === 'route-missing')!.message).toContain('"Oral"');
  });
});
