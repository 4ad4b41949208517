// The worst-encounters list and the weeks of the tally.
import { describe, expect, it } from 'vitest';
import {
  compareEncounters, compareGroups, emptyTally, GroupEncounters, GROUP_ENCOUNTERS, groupTally, mergeTallies, trimWorst, weekOf, WORST_ENCOUNTERS, WorstEncounters,
  type EncounterRow,
} from '../../src/audit/tally';

/** Rows with many ties (few distinct values), seeded. */
function rows(count: number, seed: number): EncounterRow[] {
  let state = seed;
  const pick = (n: number) => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
  return Array.from({ length: count }, (_, i) => ({
    patient: `Patient/p${pick(5)}`,
    encounter: `Encounter/e${pick(7)}`,
    date: `2025-10-0${1 + pick(3)}`,
    location: 'Infusion',
    performers: [],
    drugs: [],
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

describe('groups (by drug, location, performer)', () => {
  it("keep each row's worst encounters, the same as sorting them all, and add up across parts", () => {
    const all = rows(500, 7);
    const one = emptyTally();
    const [a, b] = [emptyTally(), emptyTally()];
    const [inOne, inParts] = [new GroupEncounters(), new GroupEncounters()];
    for (const [i, row] of all.entries()) {
      inOne.consider(groupTally(one.byLocation, 'Location/1', 'Infusion', 'Location/1'), row);
      inParts.consider(groupTally((i % 2 ? a : b).byLocation, 'Location/1', 'Infusion', 'Location/1'), row);
    }
    trimWorst(one);
    mergeTallies(a, b);
    const expected = [...all].sort(compareEncounters).slice(0, GROUP_ENCOUNTERS).map((r) => r.codes[0]);
    expect(one.byLocation['Location/1']!.worst.map((r) => r.codes[0])).toEqual(expected);
    expect(a.byLocation['Location/1']!.worst.map((r) => r.codes[0])).toEqual(expected);
    expect(a.byLocation['Location/1']!.encounters).toBe(500);
  });

  it('order by money first, then errors', () => {
    const t = emptyTally();
    const cheap = groupTally(t.byPerformer, 'a', 'A', 'Practitioner/a');
    cheap.errors = 50;
    const dear = groupTally(t.byPerformer, 'b', 'B', 'Practitioner/b');
    dear.wasteDollars = '154577.10';
    const none = groupTally(t.byPerformer, 'c', 'C', 'Practitioner/c');
    none.wasteDollars = '9.5';
    none.errors = 1;
    expect([cheap, none, dear].sort(compareGroups).map((g) => g.label)).toEqual(['B', 'C', 'A']);
  });

  it('order amounts exactly, even those a double cannot tell apart, and equal amounts written two ways as equal', () => {
    const t = emptyTally();
    const [a, b, c] = ['a', 'b', 'c'].map((k) => groupTally(t.byDrug, k, k.toUpperCase(), ''));
    // 2^53 + 1 and 2^53 are the same double.
    a!.wasteDollars = '9007199254740992';
    b!.wasteDollars = '9007199254740993';
    c!.wasteDollars = '9007199254740992.00';
    expect([a!, b!, c!].sort(compareGroups).map((g) => g.label)).toEqual(['B', 'A', 'C']);
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
