// How src/billing/resources.ts reads what arrives (a Bundle, an array, one resource, malformed entries) and resolves
// references the way servers write them; each case is one the engine meets when it links an administration to its
// Medication, encounter, patient or waste record.
import type { Bundle, Medication, MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { list, refKey, refOf, ResourceStore } from '../../src/billing/resources';

const med = (id: string, text: string): Medication => ({ resourceType: 'Medication', id, code: { text } });
const textOf = (r: Resource | undefined) => (r as Medication | undefined)?.code?.text;
const id64 = 'a'.repeat(64);
const id65 = 'a'.repeat(65);

describe('what the store reads', () => {
  it('one resource that is not a Bundle is the whole record', () => {
    const store = new ResourceStore(med('m1', 'alone'));
    expect(store.all).toHaveLength(1);
    expect(textOf(store.resolve({ reference: 'Medication/m1' }))).toBe('alone');
  });

  it("a Bundle's entries, skipping those that are no resource (null, a number, no resource, no resourceType)", () => {
    const input = { resourceType: 'Bundle', entry: [null, 7, {}, { resource: { id: 'x' } }, { resource: med('m1', 'kept') }, { resource: 'Medication/m2' }] } as unknown as Bundle;
    const store = new ResourceStore(input);
    expect(store.all.map((r) => refOf(r))).toEqual(['Medication/m1']);
  });

  it('a Bundle whose entry is not a list holds nothing, and is not itself a resource of the record', () => {
    const store = new ResourceStore({ resourceType: 'Bundle', entry: 'x' });
    expect(store.all).toEqual([]);
    expect(store.ofType('Bundle')).toEqual([]);
  });

  it('an array keeps its resources and drops the rest; a Bundle in an array is one resource, not unpacked', () => {
    const inner: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: med('m2', 'inside') }] };
    const store = new ResourceStore([null, 'x', med('m1', 'one'), inner, { resourceType: 42 }]);
    expect(store.all.map((r) => r.resourceType)).toEqual(['Medication', 'Bundle']);
    expect(store.resolve({ reference: 'Medication/m2' })).toBeUndefined();
  });

  it.each([null, undefined, 42, 'Bundle', { entry: [] }])('input %j holds nothing and crashes nothing', (input) => {
    const store = new ResourceStore(input);
    expect(store.all).toEqual([]);
    expect(store.resolve({ reference: 'Medication/m1' })).toBeUndefined();
  });
});

describe('resolving a reference', () => {
  it('by a bundle fullUrl (urn:uuid) that no "Type/id" shares', () => {
    const store = new ResourceStore({ resourceType: 'Bundle', entry: [{ fullUrl: 'urn:uuid:1111', resource: med('m1', 'by uuid') }] });
    expect(textOf(store.resolve({ reference: 'urn:uuid:1111' }))).toBe('by uuid');
    expect(store.resolve({ reference: 'urn:uuid:2222' })).toBeUndefined();
  });

  it('an id that is not text is not indexed: no reference reaches it', () => {
    const store = new ResourceStore([
      { resourceType: 'Medication', id: 5, code: { text: 'numeric id' } } as unknown as Resource,
      { resourceType: 'Odd/Type', id: 6 } as unknown as Resource,
    ]);
    expect(store.resolve({ reference: 'Medication/5' })).toBeUndefined();
    expect(store.resolve({ reference: 'Odd/Type/6' })).toBeUndefined();
  });

  it('a reference that is empty, not text, or absent resolves to nothing', () => {
    const store = new ResourceStore([med('m1', 'one')]);
    expect(store.resolve(undefined)).toBeUndefined();
    expect(store.resolve({})).toBeUndefined();
    expect(store.resolve({ reference: '' })).toBeUndefined();
    expect(store.resolve({ reference: 42 as unknown as string })).toBeUndefined();
    expect(store.resolve({ reference: 'Patient/m1' })).toBeUndefined();
  });

  it('"#id" looks only in the container\'s contained list, past broken elements, never in the record', () => {
    const store = new ResourceStore([med('c', 'in the record')]);
    const ma = { resourceType: 'MedicationAdministration', contained: [null, med('other', 'no'), med('c', 'contained')] } as unknown as MedicationAdministration;
    expect(textOf(store.resolve({ reference: '#c' }, ma))).toBe('contained');
    expect(store.resolve({ reference: '#missing' }, ma)).toBeUndefined();
    expect(store.resolve({ reference: '#c' })).toBeUndefined();
    expect(store.resolve({ reference: '#c' }, { resourceType: 'MedicationAdministration', contained: 'x' } as unknown as MedicationAdministration)).toBeUndefined();
  });

  it('an absolute URL with a 64-character id (the FHIR maximum) resolves; 65 characters are no FHIR id', () => {
    const store = new ResourceStore([med(id64, '64'), med(id65, '65')]);
    expect(textOf(store.resolve({ reference: `https://ehr.example/fhir/Medication/${id64}` }))).toBe('64');
    expect(store.resolve({ reference: `https://ehr.example/fhir/Medication/${id65}` })).toBeUndefined();
  });
});

describe('refKey: the "Type/id" of a reference however it is written', () => {
  it.each([
    ['Medication/m1', 'Medication/m1'],
    ['https://ehr.example/fhir/Medication/m1', 'Medication/m1'],
    ['https://ehr.example/fhir/Medication/m1/_history/2', 'Medication/m1'],
    ['https://ehr.example/fhir/Medication/m1/_history/12', 'Medication/m1'],
    ['Medication/m1/_history/2', 'Medication/m1'],
    ['Encounter/e.1-a', 'Encounter/e.1-a'],
    [`https://ehr.example/fhir/Medication/${id64}`, `Medication/${id64}`],
    // Not a FHIR "Type/id": kept as written, so it only matches itself.
    ['urn:uuid:1111', 'urn:uuid:1111'],
    ['/Medication', '/Medication'],
    ['m1', 'm1'],
    [`https://ehr.example/fhir/Medication/${id65}`, `https://ehr.example/fhir/Medication/${id65}`],
  ])('%s -> %s', (reference, key) => {
    expect(refKey({ reference })).toBe(key);
  });

  it('no reference, an empty one or one that is not text: no key', () => {
    expect(refKey(undefined)).toBeUndefined();
    expect(refKey({})).toBeUndefined();
    expect(refKey({ reference: '' })).toBeUndefined();
    expect(refKey({ reference: 7 as unknown as string })).toBeUndefined();
  });
});

describe('refOf and list', () => {
  it('a resource without an id is cited as "(no id)", never as "undefined"', () => {
    expect(refOf({ resourceType: 'Medication' })).toBe('Medication/(no id)');
    expect(refOf(med('m1', 'x'))).toBe('Medication/m1');
  });

  it('a list that is not a list reads as empty; a list reads as itself', () => {
    expect(list('x' as unknown as string[])).toEqual([]);
    expect(list(undefined)).toEqual([]);
    expect(list([1, 2])).toEqual([1, 2]);
  });
});
