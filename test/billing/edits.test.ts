// Edits before a claim (docs/billing-rules.md section 6): the CMS practitioner MUE per line (MAI 1) or per date of
// service (MAI 2 and 3, JW lines included), the NDC every drug line needs, a documented administration code that
// differs from the derived one, and an E/M visit on an injection day (the modifier-25 audit target of section 5).
import type { Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { EncounterResult, Finding } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import type { MueAdjudication } from '../../src/catalog/types';
import { admin, codes, compact, context, HCPCS, medication, NDC, procedure, run, runExactly, testCatalog, testEntries, wasteRecord } from './fixtures';

const remicade = medication('remicade', [{ system: NDC, code: '57894-0030-01' }]);
const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]);
const t = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00-05:00`;
/** Infliximab (J1745, 10 mg per unit, 100 mg single-dose vials) infused for two hours from `start`. */
const infliximab = (id: string, dose: number, start = t('09:00'), end = t('11:00')) => admin({ id, med: 'remicade', dose, route: 'iv', start, end });

/** The test catalog with J1745's MUE (150 units) adjudicated as `mai`. */
function catalogWithMai(mai: MueAdjudication): CatalogIndex {
  return new CatalogIndex({ ...testEntries, codes: testEntries.codes.map((c) => (c.code === 'J1745' ? { ...c, mue: { units: 150, adjudication: mai } } : c)) });
}

function runWith(catalog: CatalogIndex, resources: Resource[]): EncounterResult {
  return runExactly([...context(), ...resources], {}, catalog);
}

const mue = (r: EncounterResult): Finding[] => r.findings.filter((f) => f.code === 'units-exceed-mue');

describe('MUE, MAI 2 and 3: the units of a code on one date of service, JW lines included', () => {
  it('150 units (the J1745 limit) pass; 151 administered + 9 discarded (160) are flagged as a warning about both records', () => {
    expect(testCatalog.code('J1745')?.mue).toEqual({ units: 150, adjudication: 3 });
    const atLimit = run([remicade, infliximab('a1', 1500)]);
    expect(compact(atLimit, 'drug')).toEqual(['J1745-JZ x150']);
    expect(mue(atLimit)).toEqual([]);

    const over = run([remicade, infliximab('a1', 1510), wasteRecord('w1', 'a1', 'remicade', 90)]);
    expect(compact(over, 'drug')).toEqual(['J1745 x151', 'J1745-JW x9']);
    expect(mue(over)).toHaveLength(1);
    expect(mue(over)[0]).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1', 'MedicationAdministration/w1'] });
    expect(mue(over)[0]!.message).toContain('160 units');
  });

  it('the discarded units count: 146 given + 14 discarded is over 150 although each line is under it', () => {
    for (const mai of [2, 3] as const) {
      const r = runWith(catalogWithMai(mai), [remicade, infliximab('a1', 1460), wasteRecord('w1', 'a1', 'remicade', 140)]);
      expect(compact(r, 'drug'), `MAI ${mai}`).toEqual(['J1745 x146', 'J1745-JW x14']);
      expect(mue(r).map((f) => f.resources), `MAI ${mai}`).toEqual([['MedicationAdministration/a1', 'MedicationAdministration/w1']]);
    }
  });

  it('units on different dates of service are not added: 80 + 80 on two days pass, on one day they are flagged', () => {
    const twoDays = run([remicade, infliximab('a1', 800), infliximab('a2', 800, t('13:00', '03'), t('15:00', '03'))]);
    expect(compact(twoDays, 'drug')).toEqual(['J1745-JZ x80', 'J1745-JZ x80']);
    expect(mue(twoDays)).toEqual([]);

    const oneDay = run([remicade, infliximab('a1', 800), infliximab('a2', 800, t('13:00'), t('15:00'))]);
    expect(mue(oneDay).map((f) => f.resources)).toEqual([['MedicationAdministration/a1', 'MedicationAdministration/a2']]);
    expect(mue(oneDay)[0]!.message).toContain('2026-03-02');
  });

  it('a drug line whose code the catalog lacks (unclassified J3490) has no MUE and still drafts', () => {
    const unclassified = medication('y', [{ system: HCPCS, code: 'J3490' }]);
    const r = run([unclassified, admin({ id: 'a1', med: 'y', dose: 4, route: 'iv', start: t('09:00') })]);
    expect(compact(r)).toEqual(['J3490 x1', '96374 x1']);
    expect(mue(r)).toEqual([]);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.claim).not.toBeNull();
  });

  it('a code without an MUE in the catalog is never flagged, however many units', () => {
    expect(testCatalog.code('J9299')?.mue).toBeUndefined();
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 2400, route: 'iv', start: t('09:00'), end: t('10:00') })]);
    expect(compact(r, 'drug')).toEqual(['J9299-JZ x2400']);
    expect(mue(r)).toEqual([]);
  });
});

describe('MUE, MAI 1: a per-line edit', () => {
  it('a line over the limit is flagged on its own; one at the limit is not', () => {
    const catalog = catalogWithMai(1);
    expect(mue(runWith(catalog, [remicade, infliximab('a1', 1500)]))).toEqual([]);
    const over = runWith(catalog, [remicade, infliximab('a1', 1510), wasteRecord('w1', 'a1', 'remicade', 90)]);
    // Only the administered line (151) is over; the JW line (9) is not. A line names the records it was made of.
    expect(mue(over)).toHaveLength(1);
    expect(mue(over)[0]).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1', 'MedicationAdministration/w1'] });
    expect(mue(over)[0]!.message).toContain('151 units');
  });

  it('lines are not added up: 146 given + 14 discarded (160 in all) pass', () => {
    const r = runWith(catalogWithMai(1), [remicade, infliximab('a1', 1460), wasteRecord('w1', 'a1', 'remicade', 140)]);
    expect(compact(r, 'drug')).toEqual(['J1745 x146', 'J1745-JW x14']);
    expect(mue(r)).toEqual([]);
  });
});

describe('required data on drug lines: ndc-missing', () => {
  it('a drug line without an NDC gets a warning about its administration; the administration lines never do', () => {
    const byHcpcs = medication('zofran-hcpcs', [{ system: HCPCS, code: 'J2405' }]);
    const r = run([byHcpcs, admin({ id: 'a1', med: 'zofran-hcpcs', dose: 4, route: 'iv', start: t('09:00') })], { containerType: { J2405: 'multi-dose' } });
    expect(compact(r)).toEqual(['J2405 x4', '96374 x1']);
    const missing = r.findings.filter((f) => f.code === 'ndc-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'warning', resources: ['MedicationAdministration/a1'] });
    expect(missing[0]!.message).toContain('J2405');

    const withNdc = run([remicade, infliximab('a1', 1500)]);
    expect(codes(withNdc)).not.toContain('ndc-missing');
  });
});

describe('documented administration codes against derived ones: admin-code-mismatch', () => {
  const chemo = (extra = {}) => ({ ...admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') }), ...extra });

  it('a linked Procedure documenting the derived code raises nothing; one documenting another code is a warning naming both records', () => {
    const same = run([opdivo, chemo({ partOf: [{ reference: 'Procedure/pr1' }] }), procedure('pr1', '96413')]);
    expect(compact(same, 'administration')).toEqual(['96413 x1']);
    expect(codes(same)).not.toContain('admin-code-mismatch');

    const other = run([opdivo, chemo({ partOf: [{ reference: 'Procedure/pr1' }] }), procedure('pr1', '96365')]);
    const mismatch = other.findings.filter((f) => f.code === 'admin-code-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]).toMatchObject({ severity: 'warning', resources: ['Procedure/pr1', 'MedicationAdministration/a1'] });
    expect(mismatch[0]!.message).toContain('96365');
    expect(mismatch[0]!.message).toContain('96413');
    // The derived line stands: a person decides.
    expect(compact(other, 'administration')).toEqual(['96413 x1']);
  });

  it('codes that are not drug administration codes (an E/M visit, a venipuncture) are not compared', () => {
    for (const documented of ['99213', '36415']) {
      const r = run([opdivo, chemo({ partOf: [{ reference: 'Procedure/pr1' }] }), procedure('pr1', documented)]);
      expect(codes(r), documented).not.toContain('admin-code-mismatch');
    }
  });

  it('CPT is read under both of its system URIs, and a code in another system is not read as CPT', () => {
    const coded = (system: string) =>
      procedure('pr1', '96365', { code: { coding: [{ system, code: '96365' }] } });
    const oid = run([opdivo, chemo({ partOf: [{ reference: 'Procedure/pr1' }] }), coded('urn:oid:2.16.840.1.113883.6.12')]);
    expect(codes(oid)).toContain('admin-code-mismatch');
    const snomed = run([opdivo, chemo({ partOf: [{ reference: 'Procedure/pr1' }] }), coded('http://snomed.info/sct')]);
    expect(codes(snomed)).not.toContain('admin-code-mismatch');
  });

  it('an administration with no derived code (no route) against a documented one is a mismatch', () => {
    const noRoute = { ...admin({ id: 'a1', med: 'opdivo', dose: 240, start: t('09:00'), end: t('09:30') }), partOf: [{ reference: 'Procedure/pr1' }] };
    const r = run([opdivo, noRoute, procedure('pr1', '96413')]);
    expect(compact(r, 'administration')).toEqual([]);
    expect(r.findings.find((f) => f.code === 'admin-code-mismatch')).toMatchObject({ severity: 'warning', resources: ['Procedure/pr1', 'MedicationAdministration/a1'] });
  });
});

describe('an E/M visit on an injection day: em-modifier-25-review', () => {
  const injection = () => admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') });

  it.each(['99202', '99205', '99211', '99215'])('office visit %s beside a drug administration is a warning naming the visit', (em) => {
    const r = run([opdivo, injection(), procedure('visit', em)]);
    expect(r.findings.filter((f) => f.code === 'em-modifier-25-review')).toMatchObject([{ severity: 'warning', resources: ['Procedure/visit'] }]);
  });

  it.each(['99201', '99206', '99210', '99216', '99221', '992135'])('%s is not an office E/M code of today and raises nothing', (notEm) => {
    const r = run([opdivo, injection(), procedure('visit', notEm)]);
    expect(codes(r)).not.toContain('em-modifier-25-review');
  });

  it('a visit Procedure coded with an E/M code among other CPT codes is flagged', () => {
    const visit = procedure('visit', '99213', { code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '36415' }, { system: 'http://www.ama-assn.org/go/cpt', code: '99213' }] } });
    expect(codes(run([opdivo, injection(), visit]))).toContain('em-modifier-25-review');
  });

  it('a visit entered in error, or a day without an administration line, raises nothing', () => {
    const erased = run([opdivo, injection(), procedure('visit', '99213', { status: 'entered-in-error' })]);
    expect(codes(erased)).not.toContain('em-modifier-25-review');
    // No route: a drug line but no administration code, so no injection to pair with the visit.
    const noAdministration = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 240, start: t('09:00'), end: t('09:30') }), procedure('visit', '99213')]);
    expect(compact(noAdministration, 'administration')).toEqual([]);
    expect(codes(noAdministration)).not.toContain('em-modifier-25-review');
    const visit = run([opdivo, injection(), procedure('visit', '99213')]);
    expect(codes(visit)).toContain('em-modifier-25-review');
  });
});
