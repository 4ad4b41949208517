// Which Procedure documents which administration (docs/design.md "Procedures and administrations"): the one the
// administration's partOf names, or one whose partOf/usedReference names the administration; failing both, a
// Procedure of the same encounter whose performed time overlaps it. What shows: the documented CPT code is
// compared with the derived one (admin-code-mismatch), and a Procedure's performedPeriod times an administration
// recorded with one instant (a chemo infusion of 100 minutes instead of a push).
import type { MedicationAdministration } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { cptCodesOf } from '../../src/billing/procedures';
import { admin, codes, compact, medication, NDC, procedure, run } from './fixtures';

const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]);
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;
/** Nivolumab given IV, recorded with one instant (no period of its own). */
const given = (extra: Partial<MedicationAdministration> = {}): MedicationAdministration => ({
  ...admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00') }),
  ...extra,
});
/** A 30-minute chemo infusion with its own times. */
const infused = (extra: Partial<MedicationAdministration> = {}): MedicationAdministration => ({
  ...admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('09:30') }),
  ...extra,
});
const mismatches = (r: ReturnType<typeof run>) => r.findings.filter((f) => f.code === 'admin-code-mismatch').map((f) => f.resources);

describe('explicit links', () => {
  it("the administration's partOf names the Procedure: its period times the administration, its code is compared", () => {
    const r = run([opdivo, given({ partOf: [{ reference: 'Procedure/pr1' }] }), procedure('pr1', '96409', { performedPeriod: { start: t('09:00'), end: t('10:40') } })]);
    // 100 minutes of infusion from the Procedure, not a push.
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96415 x1']);
    expect(mismatches(r)).toEqual([['Procedure/pr1', 'MedicationAdministration/a1']]);
  });

  it("the Procedure's partOf or usedReference names the administration", () => {
    for (const link of ['partOf', 'usedReference'] as const) {
      const pr = procedure('pr1', '96365', { [link]: [{ reference: 'MedicationAdministration/a1' }], performedDateTime: t('15:00') });
      const r = run([opdivo, infused(), pr]);
      expect(mismatches(r), link).toEqual([['Procedure/pr1', 'MedicationAdministration/a1']]);
    }
  });

  it('a Procedure naming another administration, a Device, or a reference with no address, does not document this one', () => {
    const other = procedure('pr1', '96365', {
      partOf: [{ reference: 'MedicationAdministration/zz' }, { display: 'the morning infusion' }],
      usedReference: [{ reference: 'Device/pump' }, { display: 'pump' }],
      performedDateTime: t('15:00'),
    });
    const r = run([opdivo, infused(), other]);
    expect(mismatches(r)).toEqual([]);
  });

  it('an explicit link wins over time: a Procedure that only overlaps is then not compared', () => {
    const linked = procedure('pr1', '96413', { performedDateTime: t('15:00') });
    const overlapping = procedure('pr2', '96365', { performedPeriod: { start: t('09:00'), end: t('09:30') } });
    const r = run([opdivo, infused({ partOf: [{ reference: 'Procedure/pr1' }] }), linked, overlapping]);
    expect(compact(r, 'administration')).toEqual(['96413 x1']);
    expect(mismatches(r)).toEqual([]);
    // Named from the Procedure's side instead, the same.
    const named = procedure('pr1', '96413', { partOf: [{ reference: 'MedicationAdministration/a1' }], performedDateTime: t('15:00') });
    expect(mismatches(run([opdivo, infused(), named, overlapping]))).toEqual([]);
  });

  it('both sides link: the Procedures of both are compared, each once', () => {
    const fromAdministration = procedure('pr1', '96365', { performedDateTime: t('15:00') });
    const fromProcedure = procedure('pr2', '96374', { usedReference: [{ reference: 'MedicationAdministration/a1' }], performedDateTime: t('15:00') });
    const r = run([opdivo, infused({ partOf: [{ reference: 'Procedure/pr1' }, { reference: 'Procedure/pr1' }] }), fromAdministration, fromProcedure]);
    expect(mismatches(r).sort()).toEqual([
      ['Procedure/pr1', 'MedicationAdministration/a1'],
      ['Procedure/pr2', 'MedicationAdministration/a1'],
    ]);
  });

  it('a partOf naming a Procedure that is not in the record falls back to the time overlap', () => {
    const overlapping = procedure('pr2', '96365', { performedPeriod: { start: t('09:00'), end: t('09:30') } });
    const r = run([opdivo, infused({ partOf: [{ reference: 'Procedure/missing' }] }), overlapping]);
    expect(mismatches(r)).toEqual([['Procedure/pr2', 'MedicationAdministration/a1']]);
  });
});

describe('failing a link: a Procedure of the same encounter whose performed time overlaps', () => {
  const at = (start: string, end?: string) => procedure('pr1', '96365', end ? { performedPeriod: { start: t(start), end: t(end) } } : { performedDateTime: t(start) });

  it('overlaps count up to the minute at either end; a Procedure a minute apart does not document it', () => {
    // The administration runs 09:00-09:30.
    expect(mismatches(run([opdivo, infused(), at('08:00', '09:00')]))).toHaveLength(1);
    expect(mismatches(run([opdivo, infused(), at('09:30', '10:00')]))).toHaveLength(1);
    expect(mismatches(run([opdivo, infused(), at('09:10')]))).toHaveLength(1);
    expect(mismatches(run([opdivo, infused(), at('08:00', '08:59')]))).toEqual([]);
    expect(mismatches(run([opdivo, infused(), at('09:31', '10:00')]))).toEqual([]);
    expect(mismatches(run([opdivo, infused(), at('09:31')]))).toEqual([]);
  });

  it('an administration recorded with one instant is documented by a Procedure whose period holds that instant, and timed by it', () => {
    const timed = run([opdivo, given(), procedure('pr1', '96413', { performedPeriod: { start: t('08:59'), end: t('10:40') } })]);
    expect(compact(timed, 'administration')).toEqual(['96413 x1', '96415 x1']);
    expect(codes(timed)).not.toContain('admin-code-mismatch');
    // A Procedure that starts a minute later holds neither: the administration stays an untimed push.
    const apart = run([opdivo, given(), procedure('pr1', '96413', { performedPeriod: { start: t('09:01'), end: t('10:40') } })]);
    expect(compact(apart, 'administration')).toEqual(['96409 x1']);
    expect(codes(apart)).toContain('infusion-time-missing');
  });

  it('an administration with no context, placed in its encounter by the visit period, is documented and timed by that encounter\'s Procedure', () => {
    // The visit e1 runs 08:00-17:00; the administration names no encounter.
    const r = run([opdivo, given({ context: undefined }), procedure('pr1', '96413', { performedPeriod: { start: t('08:59'), end: t('10:40') } })]);
    expect(codes(r)).not.toContain('encounter-unknown');
    expect(compact(r, 'administration')).toEqual(['96413 x1', '96415 x1']);
    expect(codes(r)).not.toContain('infusion-time-missing');
  });

  it('several Procedures of one encounter: each documents the administration it overlaps', () => {
    const morning = procedure('am', '96365', { performedPeriod: { start: t('09:00'), end: t('09:30') } });
    const afternoon = procedure('pm', '96374', { performedPeriod: { start: t('14:00'), end: t('14:30') } });
    const later = { ...admin({ id: 'a2', med: 'opdivo', dose: 240, route: 'iv', start: t('14:00'), end: t('14:30') }) };
    const r = run([opdivo, infused(), later, morning, afternoon]);
    expect(mismatches(r).sort()).toEqual([
      ['Procedure/am', 'MedicationAdministration/a1'],
      ['Procedure/pm', 'MedicationAdministration/a2'],
    ]);
  });

  it('two Procedures naming the same administration both document it', () => {
    const first = procedure('pr1', '96365', { partOf: [{ reference: 'MedicationAdministration/a1' }], performedDateTime: t('15:00') });
    const second = procedure('pr2', '96374', { usedReference: [{ reference: 'MedicationAdministration/a1' }], performedDateTime: t('15:00') });
    expect(mismatches(run([opdivo, infused(), first, second])).sort()).toEqual([
      ['Procedure/pr1', 'MedicationAdministration/a1'],
      ['Procedure/pr2', 'MedicationAdministration/a1'],
    ]);
  });

  it('a Procedure entered in error, of another encounter, or without a time documents nothing', () => {
    expect(mismatches(run([opdivo, infused(), procedure('pr1', '96365', { status: 'entered-in-error', performedPeriod: { start: t('09:00'), end: t('09:30') } })]))).toEqual([]);
    expect(mismatches(run([opdivo, infused(), procedure('pr1', '96365', { encounter: { reference: 'Encounter/other' }, performedPeriod: { start: t('09:00'), end: t('09:30') } })]))).toEqual([]);
    expect(mismatches(run([opdivo, infused(), procedure('pr1', '96365')]))).toEqual([]);
  });
});

describe('the CPT codes a Procedure documents', () => {
  it('reads codes under both CPT system URIs, and nothing from other systems or codings without a code', () => {
    const pr = procedure('pr1', '96413', {
      code: {
        coding: [
          { system: 'http://www.ama-assn.org/go/cpt', code: '96413' },
          { system: 'urn:oid:2.16.840.1.113883.6.12', code: '96415' },
          { system: 'http://snomed.info/sct', code: '96365' },
          { system: 'http://www.ama-assn.org/go/cpt' },
          null as never,
          { code: '96365' },
        ],
      },
    });
    expect(cptCodesOf(pr)).toEqual(['96413', '96415']);
    expect(cptCodesOf(procedure('pr2', '96413', { code: undefined }))).toEqual([]);
  });
});
