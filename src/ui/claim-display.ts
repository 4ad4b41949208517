// How the draft Claim reads on a CMS-1500: diagnoses lettered A-L (box 21) and each line's pointers as those
// letters (box 24E), the dates of service, the payer of the claim's coverage. Display only: the Claim keeps its
// integer diagnosisSequence (FHIR R4 Claim.item.diagnosisSequence points at Claim.diagnosis.sequence).
import type { Claim, ClaimItem, Coverage } from 'fhir/r4';

/** Box 21 has twelve slots, A to L (NUCC 1500 Claim Form Reference Instruction Manual, item 21). */
const BOX_21_LETTERS = 'ABCDEFGHIJKL';

/** Each diagnosis sequence number of the claim to its box 21 letter, in the order the claim lists them. */
export function diagnosisLetters(claim: Claim): Map<number, string> {
  const letters = new Map<number, string>();
  (claim.diagnosis ?? []).forEach((d, i) => {
    const letter = BOX_21_LETTERS[i];
    if (letter) letters.set(d.sequence, letter);
  });
  return letters;
}

/**
 * A line's pointers as box 24E letters, in the line's order ("B, A, C, D"). A pointer to no listed diagnosis is
 * shown by its number and flagged, so a broken pointer is seen rather than dropped.
 */
export function pointerLetters(item: ClaimItem, letters: Map<number, string>): string[] {
  return (item.diagnosisSequence ?? []).map((seq) => letters.get(seq) ?? `${seq}?`);
}

/** "2026-11-23", or "2026-11-23 to 2026-11-24" when the lines span days; undefined when no line has a date. */
export function serviceDates(claim: Claim): string | undefined {
  const dates = (claim.item ?? [])
    .flatMap((i) => [i.servicedDate, i.servicedPeriod?.start, i.servicedPeriod?.end])
    .filter((d): d is string => Boolean(d))
    .map((d) => d.slice(0, 10))
    .sort();
  if (dates.length === 0) return undefined;
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  return first === last ? first : `${first} to ${last}`;
}

/**
 * The payer the claim is drafted to: the focal insurance's Coverage as the EHR gave it ("Medicare Part B, member
 * ID 1EG4-TE5-MK73"); the bare reference when that Coverage is not among those read.
 */
export function payerParts(claim: Claim, coverages: readonly Coverage[]): string[] {
  const insurance = claim.insurance?.find((i) => i.focal) ?? claim.insurance?.[0];
  const ref = insurance?.coverage.reference;
  if (!insurance || !ref) return ['none on the claim'];
  const coverage = coverages.find((c) => `Coverage/${c.id}` === ref);
  if (!coverage) return [insurance.coverage.display ?? `${ref} (not read from the EHR)`];
  const payor = coverage.payor?.[0];
  const name = payor?.display ?? coverage.type?.text ?? coverage.type?.coding?.[0]?.display ?? payor?.reference ?? ref;
  return coverage.subscriberId ? [name, `member ID ${coverage.subscriberId}`] : [name];
}
