// References resolve the way FHIR servers write them, and of two resources answering to one key the later wins.
import type { Medication, MedicationAdministration, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { ResourceStore } from '../../src/billing/resources';

const med = (id: string, text: string): Medication => ({ resourceType: 'Medication', id, code: { text } });
const textOf = (r: Resource | undefined) => (r as Medication | undefined)?.code?.text;

describe('ResourceStore', () => {
  it('resolves "Type/id", absolute URLs, _history versions and contained "#id"', () => {
    const store = new ResourceStore([med('m1', 'one'), { resourceType: 'Practitioner', id: 'm1' } as Resource]);
    expect(textOf(store.resolve({ reference: 'Medication/m1' }))).toBe('one');
    expect(textOf(store.resolve({ reference: 'https://ehr.example/fhir/Medication/m1' }))).toBe('one');
    expect(textOf(store.resolve({ reference: 'Medication/m1/_history/3' }))).toBe('one');
    expect(store.resolve({ reference: 'Practitioner/m1' })?.resourceType).toBe('Practitioner');
    expect(store.resolve({ reference: 'Medication/m2' })).toBeUndefined();
    expect(store.resolve({ reference: 'm1' })).toBeUndefined();
    const ma = { resourceType: 'MedicationAdministration', contained: [med('c', 'contained')] } as MedicationAdministration;
    expect(textOf(store.resolve({ reference: '#c' }, ma))).toBe('contained');
  });

  it('lets the later resource win, whether it answers by "Type/id" or by its bundle fullUrl', () => {
    const entry = (resource: Resource, fullUrl?: string) => ({ resource, fullUrl });
    const byId = new ResourceStore({ resourceType: 'Bundle', entry: [entry(med('m1', 'first')), entry(med('m1', 'second'))] });
    expect(textOf(byId.resolve({ reference: 'Medication/m1' }))).toBe('second');
    const urlLater = new ResourceStore({ resourceType: 'Bundle', entry: [entry(med('m1', 'by id')), entry(med('x', 'by url'), 'Medication/m1')] });
    expect(textOf(urlLater.resolve({ reference: 'Medication/m1' }))).toBe('by url');
    const idLater = new ResourceStore({ resourceType: 'Bundle', entry: [entry(med('x', 'by url'), 'Medication/m1'), entry(med('m1', 'by id'))] });
    expect(textOf(idLater.resolve({ reference: 'Medication/m1' }))).toBe('by id');
    expect(textOf(idLater.resolve({ reference: 'urn:uuid:none' }))).toBeUndefined();
  });

  it('keeps an id holding "/" and a type holding "/" apart, as one "Type/id" string would', () => {
    const store = new ResourceStore([med('a/b', 'slash in id'), { resourceType: 'Odd/Type', id: 'c' } as unknown as Resource]);
    expect(textOf(store.resolve({ reference: 'Medication/a/b' }))).toBe('slash in id');
    expect(store.resolve({ reference: 'Odd/Type/c' })?.resourceType).toBe('Odd/Type');
  });

  it('lists resources of a type in input order', () => {
    const store = new ResourceStore([med('m1', '1'), { resourceType: 'Patient', id: 'p' } as Resource, med('m2', '2')]);
    expect(store.ofType<Medication>('Medication').map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(store.ofType('Procedure')).toEqual([]);
  });
});
