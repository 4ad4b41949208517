// The claim's diagnoses and each item's pointers (docs/billing-rules.md 8; NUCC 1500 item 21 and 24E; X12 837P loop 2300
// HI and SV107): at most 12 diagnoses, ordered by the encounter's rank, then the administrations' reasons, then the
// encounter's other conditions; each line points to at most 4, its own administration's reasons first.
import type { CodeableConcept, Coding, Condition, Encounter, MedicationAdministration } from 'fhir/r4';
import { finding } from './findings';
import { list, refOf, type ResourceStore } from './resources';
import type { BillingLine, Finding } from './types';

const MAX_DIAGNOSES = 12;
const MAX_POINTERS = 4;

export interface ClaimDiagnoses {
  /** The diagnoses on the claim, in order (sequence = index + 1). */
  list: CodeableConcept[];
  findings: Finding[];
  /** The 1-based sequences a line points to. */
  pointersFor(line: Pick<BillingLine, 'sources'>): number[];
}

export function claimDiagnoses(
  encounter: Encounter | undefined,
  encounterRef: string | null,
  administrations: readonly MedicationAdministration[],
  /** The Conditions whose Condition.encounter is this encounter. */
  recorded: readonly Condition[],
  store: ResourceStore,
): ClaimDiagnoses {
  const distinct = new DistinctDiagnoses();
  // 1. The encounter's diagnoses with a rank, lowest rank first (a stable sort keeps the record's order on ties).
  // Mutation testing: `typeof d === 'object'` made true is equivalent (a number or string entry has no rank and no
  // condition, so it adds nothing); the null test is what guards.
  const listed = list(encounter?.diagnosis).filter((d) => typeof d === 'object' && d !== null);
  const ranked = listed.filter((d) => typeof d.rank === 'number' && d.rank > 0).sort((a, b) => a.rank! - b.rank!);
  for (const d of ranked) distinct.add(codeOf(store.resolve<Condition>(d.condition)));
  // 2. The administrations' reasons, remembered per administration for the pointers.
  // Mutation testing: a non-key string in `keys`, or in the `?? []` fallback of pointersFor, is equivalent (it has
  // no sequence, so it points to nothing).
  const reasonsOf = new Map<string, string[]>();
  for (const ma of administrations) {
    const keys: string[] = [];
    for (const r of list(ma.reasonReference)) pushKey(keys, distinct.add(codeOf(store.resolve<Condition>(r, ma))));
    for (const cc of list(ma.reasonCode)) pushKey(keys, distinct.add(cc));
    reasonsOf.set(refOf(ma), keys);
  }
  // 3. The other encounter conditions: unranked encounter diagnoses, then Conditions recorded against the encounter.
  // Mutation testing: `!ranked.includes(d)` made true is equivalent (a ranked diagnosis is already in, and adding
  // it again changes nothing).
  for (const d of listed) if (!ranked.includes(d)) distinct.add(codeOf(store.resolve<Condition>(d.condition)));
  for (const c of recorded) distinct.add(codeOf(c));

  const kept = distinct.entries.slice(0, MAX_DIAGNOSES);
  const left = distinct.entries.slice(MAX_DIAGNOSES);
  const sequenceOf = new Map(kept.map((e, i) => [e.key, i + 1]));
  const findings: Finding[] = [];
  if (left.length > 0) {
    findings.push(
      finding(
        'diagnosis-truncated',
        `${distinct.entries.length} diagnoses were found; a claim holds ${MAX_DIAGNOSES}, so ${left.map((e) => labelOf(e.cc)).join(', ')} ${left.length === 1 ? 'was' : 'were'} left off.`,
        encounterRef ? [encounterRef] : [],
      ),
    );
  }
  return {
    list: kept.map((e) => e.cc),
    findings,
    pointersFor(line) {
      const pointers: number[] = [];
      for (const source of line.sources) {
        for (const key of reasonsOf.get(source) ?? []) {
          const sequence = sequenceOf.get(key);
          if (sequence !== undefined && !pointers.includes(sequence)) pointers.push(sequence);
        }
      }
      // Own reasons in claim order, then the claim's leading diagnoses to fill up to 4.
      // Mutation testing: `pointers.length <= MAX_POINTERS` in the loop is equivalent (the slice below keeps 4).
      pointers.sort((a, b) => a - b);
      for (let sequence = 1; sequence <= kept.length && pointers.length < MAX_POINTERS; sequence++) {
        if (!pointers.includes(sequence)) pointers.push(sequence);
      }
      return pointers.slice(0, MAX_POINTERS);
    },
  };
}

/** A Condition's code, unless the Condition was refuted or entered in error. */
function codeOf(condition: Condition | undefined): CodeableConcept | undefined {
  // Mutation testing: `condition === null` made false is equivalent (the store answers undefined, never null).
  if (typeof condition !== 'object' || condition === null) return undefined;
  const status = list(condition.verificationStatus?.coding).map((c) => c?.code);
  if (status.includes('entered-in-error') || status.includes('refuted')) return undefined;
  return condition.code;
}

function pushKey(keys: string[], key: string | undefined): void {
  // Mutation testing: either test made true is equivalent: an undefined key has no sequence, and pointersFor drops
  // a sequence it already has.
  if (key !== undefined && !keys.includes(key)) keys.push(key);
}

function labelOf(cc: CodeableConcept): string {
  const coding = list(cc.coding).find((c) => typeof c?.code === 'string');
  return coding?.code ?? cc.text ?? '(uncoded)';
}

/** Diagnoses in order of first appearance, one per distinct list of system|code pairs. */
class DistinctDiagnoses {
  readonly entries: { key: string; cc: CodeableConcept }[] = [];
  private readonly seen = new Set<string>();

  /** Adds a coded concept; returns its key (also when it was already there), undefined when it has no coding. */
  add(cc: CodeableConcept | undefined): string | undefined {
    if (!Array.isArray(cc?.coding) || cc.coding.length === 0) return undefined;
    // Mutation testing: joining with '' instead of ',' is equivalent for real codes (two lists could only collide if
    // a code or system contained '|').
    const key = cc.coding.map(codingKey).join(',');
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.entries.push({ key, cc });
    }
    return key;
  }
}

function codingKey(c: Coding): string {
  return `${c?.system}|${c?.code}`;
}
