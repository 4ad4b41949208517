// derive() throughput on one core: a generated bundle of 10,000 administrations (2,500 infusion-day encounters
// of four administrations each: a chemo infusion with its waste record, an anti-emetic push, a hydration bag and
// an SC injection), on the starter catalog. Target: above 20,000 administrations per second.
import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4';
import { derive } from '../src/billing';
import { CatalogIndex } from '../src/catalog/catalog-index';
import { starterCatalog } from '../src/catalog/starter';
import { defaultBillingSettings } from '../src/config/smart-config';

const ENCOUNTERS = 2_500;
const NDC = 'http://hl7.org/fhir/sid/ndc';
const IV = { coding: [{ system: 'http://snomed.info/sct', code: '47625008' }] };
const SC = { coding: [{ system: 'http://snomed.info/sct', code: '34206005' }] };

function generate(): Bundle {
  const entry: BundleEntry[] = [];
  const add = (resource: FhirResource) => entry.push({ resource });
  add({ resourceType: 'Medication', id: 'opdivo100', code: { coding: [{ system: NDC, code: '00003-3774-12' }] } });
  add({ resourceType: 'Medication', id: 'ondansetron', code: { coding: [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code: 'J2405' }] } });
  add({ resourceType: 'Organization', id: 'clinic' });
  for (let i = 0; i < ENCOUNTERS; i++) {
    const p = `Patient/p${i}`;
    const e = `Encounter/e${i}`;
    const day = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const at = (hhmm: string) => `${day}T${hhmm}:00-05:00`;
    add({ resourceType: 'Patient', id: `p${i}` });
    add({ resourceType: 'Encounter', id: `e${i}`, status: 'finished', class: { code: 'AMB' }, subject: { reference: p }, serviceProvider: { reference: 'Organization/clinic' }, period: { start: at('08:00'), end: at('17:00') } });
    add({ resourceType: 'Coverage', id: `c${i}`, status: 'active', beneficiary: { reference: p }, payor: [{ reference: 'Organization/clinic' }] });
    const ma = (id: string, med: string, dose: number, route: typeof IV, start: string, end?: string): FhirResource => ({
      resourceType: 'MedicationAdministration',
      id: `${id}${i}`,
      status: 'completed',
      subject: { reference: p },
      context: { reference: e },
      medicationReference: { reference: `Medication/${med}` },
      ...(end ? { effectivePeriod: { start: at(start), end: at(end) } } : { effectiveDateTime: at(start) }),
      dosage: { route, dose: { value: dose, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } },
    });
    add(ma('chemo', 'opdivo100', 160, IV, '09:00', '09:45'));
    add({ resourceType: 'MedicationAdministration', id: `w${i}`, status: 'not-done', statusReason: [{ coding: [{ system: 'https://jcode-assist.dev/fhir/CodeSystem/medication-waste', code: 'discarded' }] }], partOf: [{ reference: `MedicationAdministration/chemo${i}` }], subject: { reference: p }, context: { reference: e }, medicationReference: { reference: 'Medication/opdivo100' }, effectiveDateTime: at('09:50'), dosage: { dose: { value: 40, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } } });
    add(ma('push', 'ondansetron', 8, IV, '08:40', '08:45'));
    add(ma('push2', 'ondansetron', 4, IV, '10:40', '10:42'));
    add(ma('sc', 'ondansetron', 4, SC, '11:00'));
  }
  return { resourceType: 'Bundle', type: 'collection', entry };
}

export default async function (): Promise<Record<string, string | number>> {
  const bundle = generate();
  const administrations = ENCOUNTERS * 4;
  const catalog = new CatalogIndex(starterCatalog);
  const settings = { ...defaultBillingSettings, containerType: { J2405: 'multi-dose' as const } };
  derive(bundle, catalog, settings, { today: '2026-12-31' }); // warm-up
  // The best of five runs: this machine shares its cores, and the engine's own speed is the fastest run.
  let seconds = Infinity;
  let lines = 0;
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    lines = derive(bundle, catalog, settings, { today: '2026-12-31' }).results.reduce((n, x) => n + x.lines.length, 0);
    seconds = Math.min(seconds, (performance.now() - started) / 1000);
  }
  return {
    administrations,
    encounters: ENCOUNTERS,
    'lines derived': lines,
    'seconds per derive (best of 5)': seconds.toFixed(3),
    'administrations per second': Math.round(administrations / seconds),
    'target (administrations/s)': '> 20000',
  };
}
