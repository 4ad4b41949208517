// The encounter-level rules of src/billing/derive.ts: which encounter an administration belongs to (its context, else
// the patient's encounter whose period contains it, else none: an error, docs/billing-rules.md section 7), which
// Conditions and Coverage a claim takes, how drug lines name their administration codes, why an encounter has nothing
// to bill, and that a defect in one encounter leaves the others derived.
import type { Coverage, Encounter, MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { derive } from '../../src/billing/derive';
import { defaultBillingSettings } from '../../src/config/smart-config';
import type { BillingSettings, DeriveOutput, EncounterResult } from '../../src/billing/types';
import { CatalogIndex } from '../../src/catalog/catalog-index';
import { admin, bundle, codes, compact, context, intravitreal, medication, NDC, run, testCatalog, testEntries, wasteRecord } from './fixtures';

const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]); // J9299 1 mg, 240 mg single-dose vial
const mdv = medication('m', [{ system: NDC, code: '33333-4444-55' }]); // J0200 5 mg, multi-dose
const t = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00-05:00`;
const deriveAll = (resources: Resource[], settings: BillingSettings = defaultBillingSettings): DeriveOutput =>
  derive(bundle(resources), testCatalog, settings, { today: '2026-03-06' });
const resultOf = (out: DeriveOutput, encounter: string | null): EncounterResult | undefined => out.results.find((r) => r.encounter === encounter);

/** An intramuscular injection of 10 mg of the multi-dose product at `start`, with no context unless given. */
const shot = (id: string, start: string, extra: Partial<MedicationAdministration> = {}): MedicationAdministration => {
  const ma = admin({ id, med: 'm', dose: 10, route: 'im', start, extra });
  if (!('context' in extra)) delete ma.context;
  return ma;
};
/** Where each administration went: encounter -> its administrations' ids, read from the lines' sources. */
const placed = (out: DeriveOutput) =>
  Object.fromEntries(out.results.map((r) => [String(r.encounter), [...new Set(r.lines.flatMap((l) => l.sources))].sort()]));

describe('the encounter an administration belongs to: its context first', () => {
  it('a context written as an absolute URL names the same encounter', () => {
    const out = deriveAll([...context(), mdv, shot('a1', t('09:00', '09'), { context: { reference: 'https://ehr.example/fhir/Encounter/e1' } })]);
    expect(out.results.map((r) => r.encounter)).toEqual(['Encounter/e1']);
    expect(compact(resultOf(out, 'Encounter/e1')!)).toEqual(['J0200 x2', '96372 x1']);
  });

  it('a context that is not an Encounter (an EpisodeOfCare) falls back to the encounter period', () => {
    const inside = deriveAll([...context(), mdv, shot('a1', t('09:00'), { context: { reference: 'EpisodeOfCare/ep1' } })]);
    expect(placed(inside)).toEqual({ 'Encounter/e1': ['MedicationAdministration/a1'] });
    const outside = deriveAll([...context(), mdv, shot('a1', t('09:00', '05'), { context: { reference: 'EpisodeOfCare/ep1' } })]);
    expect(codes(resultOf(outside, null)!)).toContain('encounter-unknown');
  });
});

describe('without a context: the patient\'s encounter whose period (08:00-17:00) contains the administration', () => {
  it.each([
    ['at the start of the period', t('08:00'), 'Encounter/e1'],
    ['at its end', t('17:00'), 'Encounter/e1'],
    ['a minute before it starts', t('07:59'), 'null'],
    ['a minute after it ends', t('17:01'), 'null'],
  ])('%s: %s -> %s', (_why, start, expected) => {
    const out = deriveAll([...context(), mdv, shot('a1', start)]);
    expect(placed(out)[expected] ?? resultOf(out, null)?.findings.flatMap((f) => f.resources)).toContain('MedicationAdministration/a1');
    if (expected === 'null') {
      expect(resultOf(out, null)!.findings.find((f) => f.code === 'encounter-unknown')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
      expect(resultOf(out, 'Encounter/e1')!.lines).toEqual([]);
    } else {
      expect(resultOf(out, null)).toBeUndefined();
    }
  });

  it('the start of an effectivePeriod places it, not its end', () => {
    const out = deriveAll([...context(), mdv, shot('a1', t('16:50'), { effectivePeriod: { start: t('16:50'), end: t('17:20') } })]);
    expect(placed(out)).toEqual({ 'Encounter/e1': ['MedicationAdministration/a1'] });
  });

  it("another patient's encounter at the same time is not the administration's", () => {
    const out = deriveAll([...context(), mdv, shot('a1', t('09:00'), { subject: { reference: 'Patient/p2' } })]);
    const orphan = resultOf(out, null)!;
    expect(orphan.findings.find((f) => f.code === 'encounter-unknown')).toMatchObject({ severity: 'error', resources: ['MedicationAdministration/a1'] });
    expect(orphan.patient).toBe('Patient/p2');
    expect(orphan.claim).toBeNull();
  });

  it('an encounter still open (no end) contains any later time; one with no start contains none', () => {
    const open = context().map((r) => (r.resourceType === 'Encounter' ? { ...r, period: { start: t('08:00') } } : r)) as Resource[];
    expect(placed(deriveAll([...open, mdv, shot('a1', t('09:00', '04'))]))).toEqual({ 'Encounter/e1': ['MedicationAdministration/a1'] });
    const noStart = context().map((r) => (r.resourceType === 'Encounter' ? { ...r, period: { end: t('17:00') } } : r)) as Resource[];
    expect(codes(resultOf(deriveAll([...noStart, mdv, shot('a1', t('09:00'))]), null)!)).toContain('encounter-unknown');
  });

  it('an administration with no time at all belongs to no encounter', () => {
    const ma = shot('a1', t('09:00'));
    delete ma.effectiveDateTime;
    const out = deriveAll([...context(), mdv, ma]);
    expect(resultOf(out, null)!.findings.find((f) => f.code === 'encounter-unknown')?.resources).toEqual(['MedicationAdministration/a1']);
  });

  it("a patient's administrations outside the encounters are shown, named in one error, and no claim is drafted", () => {
    const out = deriveAll([...context(), mdv, shot('a1', t('09:00', '05')), shot('a2', t('10:00', '05')), shot('a3', t('09:00'))]);
    const orphan = resultOf(out, null)!;
    expect(compact(orphan)).toEqual(['J0200 x4', '96372 x2']);
    expect(orphan.findings.filter((f) => f.code === 'encounter-unknown')).toEqual([
      expect.objectContaining({ severity: 'error', resources: ['MedicationAdministration/a1', 'MedicationAdministration/a2'] }),
    ]);
    expect(orphan.claim).toBeNull();
    expect(placed(out)['Encounter/e1']).toEqual(['MedicationAdministration/a3']);
  });

  it("two patients' administrations outside every encounter are two results: no line adds one patient's dose to another's", () => {
    const out = deriveAll([...context(), mdv, shot('a1', t('09:00', '05')), shot('b1', t('09:30', '05'), { subject: { reference: 'Patient/p2' } })]);
    const orphans = out.results.filter((r) => r.encounter === null);
    expect(orphans.map((r) => [r.patient, compact(r, 'drug'), r.lines[0]!.sources])).toEqual([
      ['Patient/p1', ['J0200 x2'], ['MedicationAdministration/a1']],
      ['Patient/p2', ['J0200 x2'], ['MedicationAdministration/b1']],
    ]);
    for (const r of orphans) expect(r.findings.find((f) => f.code === 'encounter-unknown')).toMatchObject({ severity: 'error', resources: [r.lines[0]!.sources[0]] });
  });
});

describe('Conditions recorded against an encounter go on its claim only', () => {
  const condition = (id: string, code: string, encounter: string) => ({
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p1' },
    encounter: { reference: encounter },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
  }) as Resource;

  it("this encounter's Condition is on the claim; another encounter's, or one naming an encounter not in the record, is not", () => {
    const r = run([
      condition('here', 'Z79.899', 'Encounter/e1'),
      condition('there', 'E11.9', 'Encounter/e2'),
      condition('nowhere', 'I10', 'Encounter/missing'),
      mdv,
      admin({ id: 'a1', med: 'm', dose: 10, route: 'im' }),
    ]);
    expect(r.claim!.diagnosis!.map((d) => d.diagnosisCodeableConcept!.coding![0]!.code)).toEqual(['K50.90', 'Z79.899']);
  });
});

describe('the Coverage a claim takes', () => {
  const coverage = (id: string, status: Coverage['status'], beneficiary = 'Patient/p1'): Coverage => ({
    resourceType: 'Coverage',
    id,
    status,
    beneficiary: { reference: beneficiary },
    payor: [{ reference: 'Organization/payer' }],
  });
  const withCoverages = (...coverages: Resource[]): EncounterResult => {
    const resources = [...context().filter((r) => r.resourceType !== 'Coverage'), ...coverages, mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })];
    return resultOf(deriveAll(resources), 'Encounter/e1')!;
  };
  const insurer = (r: EncounterResult) => r.claim?.insurance?.map((i) => i.coverage.reference);

  it('the active one, wherever it stands among the patient\'s coverages', () => {
    expect(insurer(withCoverages(coverage('c1', 'draft'), coverage('c2', 'active')))).toEqual(['Coverage/c2']);
    expect(insurer(withCoverages(coverage('c2', 'active'), coverage('c1', 'draft')))).toEqual(['Coverage/c2']);
  });

  it('none active: the first that is neither cancelled nor entered in error', () => {
    expect(insurer(withCoverages(coverage('c0', 'cancelled'), coverage('c1', 'draft'), coverage('c3', 'draft')))).toEqual(['Coverage/c1']);
  });

  it.each(['cancelled', 'entered-in-error'] as const)('a %s coverage is none: coverage-missing, no claim', (status) => {
    const r = withCoverages(coverage('c1', status));
    expect(r.findings.find((f) => f.code === 'coverage-missing')).toMatchObject({ severity: 'error', resources: ['Patient/p1'] });
    expect(r.claim).toBeNull();
  });

  it("another patient's coverage, or one naming no beneficiary, is not this patient's", () => {
    const noBeneficiary = { ...coverage('c2', 'active'), beneficiary: undefined } as unknown as Coverage;
    const r = withCoverages(coverage('c1', 'active', 'Patient/p2'), noBeneficiary);
    expect(codes(r)).toContain('coverage-missing');
    expect(r.claim).toBeNull();
  });
});

describe('each drug line names the administration codes of its administration (pairedWith)', () => {
  it('an infusion of 2 hours: the drug and its waste line both name 96413 and 96415, once each and in order', () => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 200, route: 'iv', start: t('09:00'), end: t('11:00') }), wasteRecord('w1', 'a1', 'opdivo', 40)]);
    expect(r.lines.map((l) => [l.code, ...l.modifiers].join('-') + ' ' + (l.pairedWith ?? []).join(','))).toEqual([
      'J9299 96413,96415',
      'J9299-JW 96413,96415',
      '96413 J9299',
      '96415 J9299',
    ]);
  });

  it('two drugs name only their own codes: the infusion 96413, the later push 96411', () => {
    const r = run([
      opdivo,
      medication('bz', [{ system: NDC, code: '63020-0049-01' }]),
      admin({ id: 'a1', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00'), end: t('10:00') }),
      admin({ id: 'a2', med: 'bz', dose: 3.5, route: 'iv', start: t('10:30'), end: t('10:32') }),
    ]);
    const drug = Object.fromEntries(r.lines.filter((l) => l.kind === 'drug').map((l) => [l.code, l.pairedWith]));
    expect(drug).toEqual({ J9299: ['96413'], J9041: ['96411'] });
  });

  it('one drug line over two administrations names their codes in the order of the administration lines', () => {
    // The IV push is recorded first, the injection second; the administration lines list the injection first.
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'iv', start: t('09:00') }), admin({ id: 'a2', med: 'm', dose: 10, route: 'im', start: t('10:00') })]);
    expect(compact(r, 'administration')).toEqual(['96372 x1', '96374 x1']);
    expect(r.lines.find((l) => l.kind === 'drug')).toMatchObject({ code: 'J0200', units: 4, pairedWith: ['96372', '96374'] });
  });

  it('a code on two administration lines is named once (both eyes billed 67028-RT and 67028-LT)', () => {
    const lucentis = medication('luc', [{ system: NDC, code: '50242-0080-01' }]);
    const r = run([lucentis, intravitreal('a1', t('09:00'), { coding: [{ system: 'http://snomed.info/sct', code: '40638003' }] })], { bilateralIntravitreal: 'rt-lt' });
    expect(compact(r, 'administration')).toEqual(['67028-RT x1', '67028-LT x1']);
    expect(r.lines.find((l) => l.kind === 'drug')?.pairedWith).toEqual(['67028']);
  });
});

describe('why an encounter has nothing to bill', () => {
  it('no administrations: nothing-to-bill about the encounter, with no causes, and no diagnosis or provider findings for a claim never drafted', () => {
    const noDx = context().map((r) => (r.resourceType === 'Encounter' ? { ...r, diagnosis: undefined } : r)) as Resource[];
    const r = resultOf(deriveAll(noDx), 'Encounter/e1')!;
    const nothing = r.findings.find((f) => f.code === 'nothing-to-bill')!;
    expect(nothing).toMatchObject({ severity: 'error', resources: ['Encounter/e1'] });
    expect(nothing.causedBy).toBeUndefined();
    expect(codes(r)).not.toContain('diagnosis-missing');
    expect(codes(r)).not.toContain('rendering-provider-missing');
  });

  it('caused by the errors when there are any, not by the information beside them', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', route: 'im' }), admin({ id: 'a2', med: 'm', dose: 10, route: 'im', status: 'not-done' })]);
    expect(r.findings.find((f) => f.code === 'nothing-to-bill')?.causedBy).toEqual(['dose-missing']);
  });

  it('caused by whatever was said when nothing was an error', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im', status: 'in-progress' }), admin({ id: 'a2', med: 'm', dose: 10, route: 'im', status: 'not-done' })]);
    expect(r.findings.find((f) => f.code === 'nothing-to-bill')?.causedBy).toEqual(['administration-in-progress', 'administration-not-billed']);
  });

  it('an encounter with a line has no nothing-to-bill', () => {
    expect(codes(run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })]))).not.toContain('nothing-to-bill');
  });
});

describe('the patient of an encounter, and what is said about an encounter that is not one', () => {
  it("an encounter without administrations is its subject's: coverage is looked up for that patient", () => {
    const r = resultOf(deriveAll(context()), 'Encounter/e1')!;
    expect(r.patient).toBe('Patient/p1');
    expect(codes(r)).not.toContain('coverage-missing');
  });

  it('an encounter naming no patient and holding no administrations: patient null, coverage-missing about the encounter, no crash', () => {
    const anonymous = context().map((r) => (r.resourceType === 'Encounter' ? { ...r, subject: undefined } : r)) as Resource[];
    const r = resultOf(deriveAll(anonymous), 'Encounter/e1')!;
    expect(r.patient).toBeNull();
    expect(r.findings.find((f) => f.code === 'coverage-missing')).toMatchObject({ severity: 'error', resources: ['Encounter/e1'] });
  });

  it("the findings about an encounter's claim name it; those of administrations outside every encounter name none", () => {
    const out = deriveAll([...context(), mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' }), shot('a2', t('09:00', '05'))]);
    const e1 = resultOf(out, 'Encounter/e1')!;
    expect(e1.findings.find((f) => f.code === 'charge-missing')?.resources).toEqual(['Encounter/e1']);
    const orphan = resultOf(out, null)!;
    expect(orphan.findings.find((f) => f.code === 'charge-missing')?.resources).toEqual([]);
    expect(orphan.findings.find((f) => f.code === 'provider-missing')).toMatchObject({ severity: 'error', resources: [] });
  });

  it('a waste record is not an administration: it adds no "not billed" finding of its own', () => {
    const r = run([opdivo, admin({ id: 'a1', med: 'opdivo', dose: 200, route: 'iv', start: t('09:00'), end: t('10:00') }), wasteRecord('w1', 'a1', 'opdivo', 40)]);
    expect(compact(r, 'drug')).toEqual(['J9299 x200', 'J9299-JW x40']);
    expect(codes(r)).not.toContain('administration-not-billed');
  });

  it('the claim cites each billed administration as supporting information, in the order recorded', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' }), admin({ id: 'a2', med: 'm', dose: 10, route: 'im', start: t('10:00') })]);
    expect(r.claim!.supportingInfo!.map((i) => i.valueReference?.reference)).toEqual(['MedicationAdministration/a1', 'MedicationAdministration/a2']);
  });

  it("each item of the claim points to the encounter's diagnosis", () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' })]);
    expect(r.claim!.item!.map((i) => i.diagnosisSequence)).toEqual([[1], [1]]);
  });
});

describe('findings in order of severity: errors, then warnings, then information', () => {
  it('whatever order they arose in (the information about an in-progress administration arose first)', () => {
    const r = run([mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im', status: 'in-progress' }), admin({ id: 'a2', med: 'm', route: 'im' }), admin({ id: 'a3', med: 'm', dose: 10, route: 'im' })]);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([
      ['dose-missing', 'error'],
      ['charge-missing', 'warning'],
      ['rendering-provider-missing', 'warning'],
      ['administration-in-progress', 'info'],
    ]);
  });
});

describe('findings said once', () => {
  it('the same finding twice (one drug without a class, given twice) is said once; the same code with another message stays', () => {
    const unclassed = new CatalogIndex({ ...testEntries, codes: testEntries.codes.map((c) => (c.code === 'J0200' ? { ...c, administrationClass: undefined } : c)) });
    const ear = { dosage: { route: { text: 'into the ear' }, dose: { value: 10, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } } };
    const out = derive(bundle([...context(), mdv, admin({ id: 'a1', med: 'm', extra: ear }), admin({ id: 'a2', med: 'm', start: t('10:00'), extra: ear })]), unclassed, defaultBillingSettings, { today: '2026-03-06' });
    const r = out.results[0]!;
    expect(r.findings.filter((f) => f.code === 'admin-class-assumed').map((f) => f.resources)).toEqual([['MedicationAdministration/a1']]);
    expect(r.findings.filter((f) => f.code === 'route-missing').map((f) => f.resources)).toEqual([['MedicationAdministration/a1'], ['MedicationAdministration/a2']]);
  });
});

describe('a defect in one encounter', () => {
  it('blocks that encounter with nothing-to-bill naming it; the other encounters are derived as usual', () => {
    const e2: Encounter = { ...(context().find((r) => r.resourceType === 'Encounter') as Encounter), id: 'e2', period: { start: t('08:00', '04'), end: t('17:00', '04') } };
    // A fault that no FHIR input can cause: the setting read for Opdivo's NDC throws.
    const administrationClass = new Proxy({} as BillingSettings['administrationClass'], {
      get(_target, key) {
        if (key === '00003373413') throw new Error('defect for the test');
        return undefined;
      },
    });
    const out = deriveAll(
      [...context(), e2, opdivo, mdv, admin({ id: 'a1', med: 'm', dose: 10, route: 'im' }), admin({ id: 'a2', med: 'opdivo', dose: 240, route: 'iv', start: t('09:00', '04'), end: t('10:00', '04'), extra: { context: { reference: 'Encounter/e2' } } })],
      { ...defaultBillingSettings, administrationClass },
    );
    const broken = resultOf(out, 'Encounter/e2')!;
    expect(broken).toMatchObject({ patient: null, lines: [], claim: null });
    expect(broken.findings).toEqual([expect.objectContaining({ code: 'nothing-to-bill', severity: 'error', resources: ['Encounter/e2'] })]);
    expect(broken.findings[0]!.message).toContain('defect for the test');
    expect(compact(resultOf(out, 'Encounter/e1')!)).toEqual(['J0200 x2', '96372 x1']);
  });
});
