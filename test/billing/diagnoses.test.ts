// The claim's diagnoses and each item's pointers (docs/billing-rules.md 8; NUCC 1500 items 21 and 24E): at most 12,
// ordered by the encounter's rank, then the administrations' reasons, then the encounter's other conditions; each
// item points to at most 4, its own administration's reasons first, then the claim's leading diagnoses.
import type { Condition, Encounter, EncounterDiagnosis, MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { BillingSettings, EncounterResult } from '../../src/billing/types';
import { admin, condition, contextWith, ICD10, medication, NDC, runExactly } from './fixtures';

const VER_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const t = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;
const zofran = medication('zofran', [{ system: NDC, code: '00409-4755-03' }]);
const multiDose = { containerType: { J2405: 'multi-dose' as const } };
/** An ondansetron push at `hhmm` (a drug line J2405 and an administration line 96374/96375 per push). */
const push = (id: string, hhmm: string, extra: Partial<MedicationAdministration> = {}) => admin({ id, med: 'zofran', dose: 4, route: 'iv', start: t(hhmm), extra });
const ref = (c: Condition) => ({ reference: `Condition/${c.id}` });

/** The fixture context with the encounter's diagnosis list replaced (dx1, K50.90, stays in the record). */
function runWith(diagnosis: (EncounterDiagnosis | null)[] | undefined, resources: Resource[], settings: Partial<BillingSettings> = multiDose): EncounterResult {
  return runExactly([...contextWith({ diagnosis } as Partial<Encounter>), ...resources], settings);
}
const claimCodes = (r: EncounterResult) => r.claim!.diagnosis!.map((d) => d.diagnosisCodeableConcept!.coding![0]!.code);
const pointers = (r: EncounterResult) => r.claim!.item!.map((i) => i.diagnosisSequence);

describe('the order of the diagnoses', () => {
  it('a rank of 0 or below is no rank: that diagnosis comes after the reasons, with the unranked ones', () => {
    const [a, b, c] = [condition('a', 'A00.0'), condition('b', 'B00.0'), condition('c', 'C00.0')];
    const why = condition('why', 'R11.0');
    const r = runWith([{ condition: ref(a), rank: 0 }, { condition: ref(b), rank: 1 }, { condition: ref(c), rank: -1 }], [a, b, c, why, zofran, push('a1', '09:00', { reasonReference: [ref(why)] })]);
    expect(claimCodes(r)).toEqual(['B00.0', 'R11.0', 'A00.0', 'C00.0']);
  });

  it('a rank that is not a number is no rank', () => {
    const [a, b] = [condition('a', 'A00.0'), condition('b', 'B00.0')];
    const why = condition('why', 'R11.0');
    const r = runWith([{ condition: ref(a), rank: '1' as never }, { condition: ref(b), rank: 2 }], [a, b, why, zofran, push('a1', '09:00', { reasonReference: [ref(why)] })]);
    expect(claimCodes(r)).toEqual(['B00.0', 'R11.0', 'A00.0']);
  });

  it('equal ranks keep the order of the record', () => {
    const [a, b] = [condition('a', 'A00.0'), condition('b', 'B00.0')];
    const r = runWith([{ condition: ref(b), rank: 1 }, { condition: ref(a), rank: 1 }], [a, b, zofran, push('a1', '09:00')]);
    expect(claimCodes(r)).toEqual(['B00.0', 'A00.0']);
  });

  it('unranked encounter diagnoses come before the Conditions only recorded against the encounter', () => {
    const listed = condition('listed', 'L00.0');
    const recorded = condition('recorded', 'Z00.0', { encounter: { reference: 'Encounter/e1' } });
    const r = runWith([{ condition: ref(listed) }], [recorded, listed, zofran, push('a1', '09:00')]);
    expect(claimCodes(r)).toEqual(['L00.0', 'Z00.0']);
  });

  it('a diagnosis that is also a reason appears once, at its first place', () => {
    const a = condition('a', 'A00.0');
    const again = condition('again', 'A00.0');
    const r = runWith([{ condition: ref(a), rank: 1 }], [a, again, zofran, push('a1', '09:00', { reasonReference: [ref(again)], reasonCode: [{ coding: [{ system: ICD10, code: 'A00.0' }] }] })]);
    expect(claimCodes(r)).toEqual(['A00.0']);
    expect(pointers(r)).toEqual([[1], [1]]);
  });

  it('a reason with a broken coding beside a good one is read, not a crash', () => {
    const r = runWith(undefined, [zofran, push('a1', '09:00', { reasonCode: [{ coding: [null as never, { system: ICD10, code: 'R11.0' }] }] })]);
    expect(r.claim).not.toBeNull();
    expect(r.claim!.diagnosis!.map((d) => d.diagnosisCodeableConcept!.coding![1]!.code)).toEqual(['R11.0']);
  });

  it('the same code in another system is another diagnosis', () => {
    const r = runWith(undefined, [zofran, push('a1', '09:00', { reasonCode: [{ coding: [{ system: ICD10, code: 'R11.0' }] }, { coding: [{ system: 'http://snomed.info/sct', code: 'R11.0' }] }] })]);
    expect(r.claim!.diagnosis!.map((d) => d.diagnosisCodeableConcept!.coding![0]!.system)).toEqual([ICD10, 'http://snomed.info/sct']);
  });

  it('a reason without a coding (text only), a broken diagnosis entry or an unknown Condition adds nothing and breaks nothing', () => {
    const a = condition('a', 'A00.0');
    const r = runWith([null, { condition: { reference: 'Condition/nowhere' }, rank: 1 }, { condition: ref(a), rank: 2 }], [a, zofran, push('a1', '09:00', { reasonCode: [{ text: 'nausea' }, { coding: [] }] })]);
    expect(claimCodes(r)).toEqual(['A00.0']);
    expect(pointers(r)).toEqual([[1], [1]]);
  });

  it('a Condition entered in error is left off whether it is listed, a reason or recorded', () => {
    const erased = { verificationStatus: { coding: [{ system: VER_STATUS, code: 'entered-in-error' }] } };
    const listed = condition('listed', 'E00.0', erased);
    const reason = condition('reason', 'E01.0', erased);
    const recorded = condition('recorded', 'E02.0', { ...erased, encounter: { reference: 'Encounter/e1' } });
    // A broken coding in the status is read past, not a crash.
    const kept = condition('kept', 'K00.0', { verificationStatus: { coding: [null as never, { system: VER_STATUS, code: 'confirmed' }] } });
    const r = runWith([{ condition: ref(listed), rank: 1 }, { condition: ref(kept), rank: 2 }], [listed, reason, recorded, kept, zofran, push('a1', '09:00', { reasonReference: [ref(reason)] })]);
    expect(claimCodes(r)).toEqual(['K00.0']);
  });
});

describe('twelve diagnoses at most', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => condition(`m${i}`, `M${String(i + 10)}.0`));

  it('exactly 12: all on the claim, no diagnosis-truncated; 13: the 13th left off and named', () => {
    const twelve = many(12);
    const r12 = runWith(twelve.map((c, i) => ({ condition: ref(c), rank: i + 1 })), [...twelve, zofran, push('a1', '09:00')]);
    expect(r12.claim!.diagnosis).toHaveLength(12);
    expect(r12.findings.map((f) => f.code)).not.toContain('diagnosis-truncated');

    const thirteen = many(13);
    const r13 = runWith(thirteen.map((c, i) => ({ condition: ref(c), rank: i + 1 })), [...thirteen, zofran, push('a1', '09:00')]);
    expect(claimCodes(r13)).toEqual(thirteen.slice(0, 12).map((c) => c.code!.coding![0]!.code));
    const truncated = r13.findings.filter((f) => f.code === 'diagnosis-truncated');
    expect(truncated).toMatchObject([{ severity: 'warning', resources: ['Encounter/e1'] }]);
    expect(truncated[0]!.message).toContain('M22.0');
  });

  it('a reason left off the claim is not pointed to: the item points to the leading four', () => {
    const twelve = many(12);
    const late = condition('late', 'Z99.0');
    const r = runWith(twelve.map((c, i) => ({ condition: ref(c), rank: i + 1 })), [...twelve, late, zofran, push('a1', '09:00', { reasonReference: [ref(late)] })]);
    expect(claimCodes(r)).not.toContain('Z99.0');
    expect(pointers(r)).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
  });
});

describe('pointers: four at most, own reasons first', () => {
  const ranked = (cs: Condition[]) => cs.map((c, i) => ({ condition: ref(c), rank: i + 1 }));

  it("each push points to its own reason first, then the claim's leading diagnoses, up to four", () => {
    const cs = ['A', 'B', 'C', 'D', 'E'].map((l) => condition(l.toLowerCase(), `${l}00.0`));
    const [, , , , e] = cs;
    const r = runWith(ranked(cs), [...cs, zofran, push('a1', '09:00', { reasonReference: [ref(e!)] })]);
    // E00.0 is sequence 5: the drug line and its push both point to 5, then 1, 2, 3.
    expect(pointers(r)).toEqual([[5, 1, 2, 3], [5, 1, 2, 3]]);
  });

  it('more than four own reasons: the four that come first on the claim', () => {
    const cs = ['A', 'B', 'C', 'D', 'E', 'F'].map((l) => condition(l.toLowerCase(), `${l}00.0`));
    const r = runWith(undefined, [...cs, zofran, push('a1', '09:00', { reasonReference: [...cs].reverse().map(ref) })]);
    // Reasons in the record's order F..A become sequences 1..6; the item keeps the first four of the claim.
    expect(claimCodes(r)).toEqual(['F00.0', 'E00.0', 'D00.0', 'C00.0', 'B00.0', 'A00.0']);
    expect(pointers(r)).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
  });

  it('fewer than four diagnoses: the item points to each of them once, never past the last', () => {
    const [a, b] = [condition('a', 'A00.0'), condition('b', 'B00.0')];
    const recorded = condition('c', 'C00.0', { encounter: { reference: 'Encounter/e1' } });
    const r = runWith(ranked([a]), [a, b, recorded, zofran, push('a1', '09:00', { reasonReference: [ref(b)] })]);
    expect(claimCodes(r)).toEqual(['A00.0', 'B00.0', 'C00.0']);
    expect(pointers(r)).toEqual([[2, 1, 3], [2, 1, 3]]);
  });

  it("own reasons are pointed to in the claim's order, not the order the administration lists them", () => {
    const cs = ['A', 'B', 'C', 'D', 'E'].map((l) => condition(l.toLowerCase(), `${l}00.0`));
    const [, , c, , e] = cs as Condition[];
    const r = runWith(ranked(cs), [...cs, zofran, push('a1', '09:00', { reasonReference: [ref(e!), ref(c!)] })]);
    expect(pointers(r)).toEqual([[3, 5, 1, 2], [3, 5, 1, 2]]);
  });

  it("two pushes with different reasons: each line points to its own administration's reason first", () => {
    const cs = ['A', 'B', 'C'].map((l) => condition(l.toLowerCase(), `${l}00.0`));
    const [a, b, c] = cs as [Condition, Condition, Condition];
    const ondansetronAgain = medication('dex', [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J1100' }]);
    const r = runWith(
      ranked([a]),
      [...cs, zofran, ondansetronAgain, push('a1', '09:00', { reasonReference: [ref(c)] }), admin({ id: 'a2', med: 'dex', dose: 10, route: 'iv', start: t('09:30'), extra: { reasonReference: [ref(b)] } })],
      { containerType: { J2405: 'multi-dose', J1100: 'multi-dose' } },
    );
    // Claim: A (ranked), then the reasons in administration order: C (a1), B (a2).
    expect(claimCodes(r)).toEqual(['A00.0', 'C00.0', 'B00.0']);
    const byCode = Object.fromEntries(r.claim!.item!.map((i) => [i.productOrService.coding![0]!.code, i.diagnosisSequence]));
    expect(byCode).toEqual({ J2405: [2, 1, 3], J1100: [3, 1, 2], '96374': [2, 1, 3], '96375': [3, 1, 2] });
  });

  it('a line made of two administrations with the same reason points to it once', () => {
    const [a, b] = [condition('a', 'A00.0'), condition('b', 'B00.0')];
    const r = runWith(ranked([a]), [a, b, zofran, push('a1', '09:00', { reasonReference: [ref(b)] }), push('a2', '13:00', { reasonReference: [ref(b)] })]);
    const drug = r.claim!.item!.find((i) => i.productOrService.coding![0]!.code === 'J2405')!;
    expect(drug.quantity).toEqual({ value: 8 });
    expect(drug.diagnosisSequence).toEqual([2, 1]);
  });
});
