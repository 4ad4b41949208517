// Granted-scope parsing (SMART v1 and v2 syntax) and the encounter's search window.
import { describe, expect, it } from 'vitest';
import { fhirUserOf } from '../../src/fhir/fhirclient-session';
import { GrantedScopes, withEhrLaunch, withStandaloneContext } from '../../src/fhir/scopes';
import { searchWindow, windowParams, withinPeriod } from '../../src/fhir/time-window';

describe('GrantedScopes', () => {
  it('reads v2 permissions', () => {
    const s = new GrantedScopes('launch openid patient/Claim.crus patient/Medication.rs user/Practitioner.r');
    expect(s.allows('Claim', 'c')).toBe(true);
    expect(s.allows('Claim', 'd')).toBe(false);
    expect(s.allows('Medication', 'c')).toBe(false);
    expect(s.allows('Practitioner', 'r')).toBe(true);
    expect(s.has('openid')).toBe(true);
  });

  it('reads v1 read/write/* and wildcards', () => {
    const s = new GrantedScopes('patient/MedicationAdministration.read patient/Claim.write');
    expect(s.allows('MedicationAdministration', 's')).toBe(true);
    expect(s.allows('Claim', 'c')).toBe(true);
    expect(s.allows('Claim', 'r')).toBe(false);
    const all = new GrantedScopes('patient/*.read patient/Claim.*');
    expect(all.allows('Coverage', 'r')).toBe(true);
    expect(all.allows('Coverage', 'c')).toBe(false);
    expect(all.allows('Claim', 'u')).toBe(true);
  });

  it('treats a v2 scope with a query as allowed (the server enforces the query)', () => {
    expect(new GrantedScopes('patient/DocumentReference.rs?category=clinical-note').allows('DocumentReference', 's')).toBe(true);
  });

  it('rules nothing out when the token names no resource scopes', () => {
    const s = new GrantedScopes('launch openid');
    expect(s.restrictsResources).toBe(false);
    expect(s.mayAttempt('Claim', 'c')).toBe(true);
    expect(new GrantedScopes('patient/Patient.r').mayAttempt('Claim', 'c')).toBe(false);
  });

  it('adds launch for an EHR launch and patient/encounter context for a standalone one', () => {
    expect(withEhrLaunch('openid patient/Patient.r')).toBe('launch openid patient/Patient.r');
    expect(withStandaloneContext('launch openid patient/Patient.r')).toBe('openid patient/Patient.r launch/patient launch/encounter');
  });
});

describe('search window', () => {
  it('widens the encounter period by a whole day on each side', () => {
    const w = searchWindow({ resourceType: 'Encounter', status: 'finished', class: {}, period: { start: '2026-03-01T23:30:00-05:00', end: '2026-03-02T01:00:00-05:00' } });
    expect(w).toEqual({ from: '2026-02-28', to: '2026-03-03' });
    expect(windowParams('date', w)).toBe('&date=ge2026-02-28&date=le2026-03-03');
  });

  it('leaves an open end unbounded, and a missing period unbounded both ways', () => {
    expect(searchWindow({ resourceType: 'Encounter', status: 'in-progress', class: {}, period: { start: '2026-12-31T10:00:00Z' } })).toEqual({ from: '2026-12-30', to: undefined });
    expect(windowParams('date', searchWindow({ resourceType: 'Encounter', status: 'finished', class: {} }))).toBe('');
  });

  it('places an instant or a period start within the encounter period, time zones included', () => {
    const period = { start: '2026-03-02T08:30:00-05:00', end: '2026-03-02T12:00:00-05:00' };
    expect(withinPeriod('2026-03-02T14:00:00Z', period)).toBe(true);
    expect(withinPeriod({ start: '2026-03-02T18:00:00Z' }, period)).toBe(false);
    expect(withinPeriod(undefined, period)).toBe(false);
  });
});

describe('fhirUserOf', () => {
  const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
  it('takes Type/id from an absolute or relative fhirUser, whatever base64url characters the token holds', () => {
    expect(fhirUserOf(jwt({ fhirUser: 'https://ehr.example/fhir/Practitioner/abc', pad: '???>>>~~~' }))).toBe('Practitioner/abc');
    expect(fhirUserOf(jwt({ profile: 'Practitioner/9' }))).toBe('Practitioner/9');
    expect(Buffer.from(JSON.stringify({ pad: '???>>>~~~' })).toString('base64url')).toMatch(/[-_]/);
  });
  it('answers undefined for anything else', () => {
    expect(fhirUserOf(undefined)).toBeUndefined();
    expect(fhirUserOf('not a jwt')).toBeUndefined();
    expect(fhirUserOf(jwt({ sub: 'x' }))).toBeUndefined();
  });
});
