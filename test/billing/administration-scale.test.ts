// The IV administration codes of an encounter with many infusions (issue 11): the pairing used to compare every
// infusion with every other (bags, concurrency), which grew with the square of the infusions. The two passes that
// replaced those scans are checked here against the straightforward scans on many small random encounters, and the
// whole derive on one encounter of 3,000 infusions against the lines worked out by hand from the rules.
import fc from 'fast-check';
import type { Encounter, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { mergeBags, runsDuringEarlier, type IvEvent } from '../../src/billing/administration';
import { derive } from '../../src/billing/derive';
import type { PreparedAdministration } from '../../src/billing/prepare';
import { defaultBillingSettings } from '../../src/config/smart-config';
import { admin, bundle, context, HCPCS, medication, NDC, testCatalog } from './fixtures';

const MINUTE = 60_000;

/** A small IV event: a push has no length; an infusion runs 16 minutes or more, as timing.ts makes them. */
const eventSpec = fc.record({
  slot: fc.integer({ min: 0, max: 6 }),
  infusion: fc.boolean(),
  minutes: fc.integer({ min: 16, max: 45 }),
  ivClass: fc.constantFrom('chemo', 'therapeutic', 'hydration') as fc.Arbitrary<IvEvent['ivClass']>,
  drug: fc.constantFrom('J9299', 'J1100', 'J2405'),
});
type EventSpec = typeof eventSpec extends fc.Arbitrary<infer T> ? T : never;

function toEvents(specs: EventSpec[]): IvEvent[] {
  return specs.map((s, i) => {
    // Starts on a 10-minute grid, so ties and touching ends are common.
    const start = s.slot * 10 * MINUTE;
    return {
      administrations: [{ ref: `MedicationAdministration/a${i}` } as PreparedAdministration],
      ivClass: s.ivClass,
      kind: s.infusion ? 'infusion' : 'push',
      start,
      end: s.infusion ? start + s.minutes * MINUTE : start,
      minutes: s.infusion ? s.minutes : 5,
      drugs: [s.drug],
      serviceDate: '2026-03-02',
    };
  });
}

const overlaps = (a: IvEvent, b: IvEvent) => a.end !== undefined && b.end !== undefined && a.start < b.end && b.start < a.end;

/** The rule as written: an infusion is concurrent when it overlaps an infusion that began before it, or at the same moment and was coded first. */
function concurrentByScan(ordered: IvEvent[], initial: IvEvent): boolean[] {
  const all = [initial, ...ordered];
  return ordered.map(
    (e, i) =>
      e.kind === 'infusion' &&
      all.some((o) => o !== e && o.kind === 'infusion' && overlaps(e, o) && (o.start < e.start || (o.start === e.start && (o === initial || ordered.indexOf(o) < i)))),
  );
}

/** Bags by scan: each infusion joins the first one merged so far with its start and stop. */
function bagsByScan(events: IvEvent[]): IvEvent[] {
  const merged: IvEvent[] = [];
  for (const e of events) {
    const bag = e.kind === 'infusion' ? merged.find((m) => m.kind === 'infusion' && m.start === e.start && m.end === e.end) : undefined;
    if (!bag) {
      merged.push({ ...e, administrations: [...e.administrations], drugs: [...e.drugs] });
      continue;
    }
    bag.administrations.push(...e.administrations);
    bag.drugs.push(...e.drugs);
    const rank = { chemo: 3, therapeutic: 2, hydration: 1 };
    if (rank[e.ivClass] > rank[bag.ivClass]) bag.ivClass = e.ivClass;
  }
  return merged;
}

const shape = (events: IvEvent[]) => events.map((e) => ({ ...e, administrations: e.administrations.map((p) => p.ref) }));

describe('IV pairing passes agree with the straightforward scans', () => {
  it('concurrency: the sweep with a running latest stop marks the same infusions as comparing each with every other', () => {
    fc.assert(
      fc.property(fc.array(eventSpec, { minLength: 1, maxLength: 12 }), fc.nat(), (specs, pick) => {
        const events = toEvents(specs);
        const initial = events[pick % events.length]!;
        const ordered = events.filter((e) => e !== initial).sort((a, b) => a.start - b.start);
        expect(runsDuringEarlier(ordered, initial)).toEqual(concurrentByScan(ordered, initial));
      }),
      { numRuns: 2000 },
    );
  });

  it('bags: finding a bag by its times in a map merges exactly as searching the merged events did', () => {
    fc.assert(
      fc.property(fc.array(eventSpec.map((s) => ({ ...s, minutes: 16 + (s.minutes % 3) * 10 })), { minLength: 1, maxLength: 12 }), (specs) => {
        const expected = shape(bagsByScan(toEvents(specs)));
        expect(shape(mergeBags(toEvents(specs)))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('one encounter with 3,000 infusions', () => {
  it('codes every infusion by the rules: one initial, its hours, one sequential, and 96368 once however many run concurrently', () => {
    const cycles = 1000;
    const opdivo = medication('opdivo', [{ system: NDC, code: '00003-3734-13' }]);
    const dex = medication('dex', [{ system: HCPCS, code: 'J1100' }]);
    const day0 = Date.parse('2026-03-02T08:00:00-05:00');
    const at = (ms: number) => new Date(ms).toISOString();
    // The encounter of context() lasts a day; this one lasts as long as the 1,000 six-hour cycles.
    const resources: Resource[] = context().map((r) =>
      r.resourceType === 'Encounter' ? { ...(r as Encounter), period: { start: at(day0), end: at(day0 + cycles * 6 * 60 * MINUTE) } } : r,
    );
    resources.push(opdivo, dex);
    for (let c = 0; c < cycles; c++) {
      const base = day0 + c * 6 * 60 * MINUTE;
      // Opdivo 100 minutes (one additional hour); dexamethasone 45 minutes two hours later; a second dexamethasone
      // starting ten minutes into the first (concurrent with it).
      resources.push(admin({ id: `o${c}`, med: 'opdivo', dose: 240, route: 'iv', start: at(base), end: at(base + 100 * MINUTE) }));
      resources.push(admin({ id: `d${c}`, med: 'dex', dose: 10, route: 'iv', start: at(base + 120 * MINUTE), end: at(base + 165 * MINUTE) }));
      resources.push(admin({ id: `x${c}`, med: 'dex', dose: 4, route: 'iv', start: at(base + 130 * MINUTE), end: at(base + 160 * MINUTE) }));
    }
    const out = derive(bundle(resources), testCatalog, { ...defaultBillingSettings, containerType: { J1100: 'multi-dose' } }, { today: '2026-12-31' });
    const result = out.results.find((r) => r.encounter === 'Encounter/e1')!;
    const administration = result.lines.filter((l) => l.kind === 'administration').map((l) => `${l.code} x${l.units}`);
    // Opdivo first: the initial chemo infusion and its hour; the first dexamethasone is a new drug (96367); the
    // second runs during it (96368); every later opdivo adds its hour, every later dexamethasone is not a new drug.
    expect(administration).toEqual(['96413 x1', '96415 x1', '96367 x1', '96368 x1', ...Array.from({ length: cycles - 1 }, () => '96415 x1')]);
    expect(result.lines.find((l) => l.code === '96368')!.sources).toEqual(['MedicationAdministration/x0']);
    // The same finding for each later one is said once per encounter (derive's dedupe), about the first of them.
    const onceOnly = result.findings.filter((f) => f.code === 'administration-not-billed' && f.message.includes('96368'));
    expect(onceOnly.map((f) => f.resources)).toEqual([['MedicationAdministration/x1']]);
  });
});
