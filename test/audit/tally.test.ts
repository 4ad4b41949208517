// The worst-encounters list and the weeks of the tally.
import { describe, expect, it } from 'vitest';
import { compareEncounters, emptyTally, trimWorst, weekOf, WORST_ENCOUNTERS, WorstEncounters, type EncounterRow } from '../../src/audit/tally';

/** Rows with many ties (few distinct values), seeded. */
function rows(count: number, seed: number): EncounterRow[] {
  let state = seed;
  const pick = (n: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
  return Array.from({ length: count }, (_, i) => ({
    patient: `Patient/p${pick(5)}`,
    encounter: `Encounter/e${pick(7)}`,
    date: `2025-10-0${1 + pick(3)}`,
    errors: pick(2),
    warnings: pick(3),
    infos: 0,
    codes: [`row-${i}`],
    wasteUnits: pick(4),
    wasteDollars: ['0', '12.5', '12.50', '7.512', '100'][pick(5)]!,
    lines: 1,
  }));
}

describe('WorstEncounters', () => {
  it('keeps the same encounters in the same order as sorting them all (ties in the order offered)', () => {
    for (const seed of [1, 2, 3]) {
      const all = rows(2000, seed);
      const tally = emptyTally();
      const worst = new WorstEncounters(tally);
      for (const row of all) worst.consider(row);
      trimWorst(tally);
      const expected = [...all].sort(compareEncounters).slice(0, WORST_ENCOUNTERS);
      expect(tally.worst.map((r) => r.codes[0])).toEqual(expected.map((r) => r.codes[0]));
    }
  });
});

describe('weekOf', () => {
  it('gives the Monday of the week, the same every time it is asked', () => {
    for (let i = 0; i < 2; i++) {
      expect(weekOf('2025-10-12')).toBe('2025-10-06');
      expect(weekOf('2025-10-13')).toBe('2025-10-13');
      expect(weekOf('2026-01-01')).toBe('2025-12-29');
    }
  });

  it('says undated for anything but a YYYY-MM-DD date', () => {
    expect(weekOf('')).toBe('undated');
    expect(weekOf('2025-10-12T08:00:00Z')).toBe('undated');
  });
});
