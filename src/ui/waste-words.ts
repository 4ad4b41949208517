// A waste record in the words a nurse uses: the amount in its own unit, the time as recorded, people's names.
import type { MedicationAdministration } from 'fhir/r4';
import { recordedTime } from './format';

/** "50 mg discarded at 2026-03-02 11:15 by Dana Okafor" / "nothing discarded at ...". */
export function wasteRecordSummary(record: MedicationAdministration): string {
  const dose = record.dosage?.dose;
  const amount = dose?.value === 0 ? 'nothing discarded' : `${dose?.value ?? '?'} ${dose?.unit ?? dose?.code ?? ''} discarded`.replace(/\s+/g, ' ');
  const when = record.effectiveDateTime ? ` at ${recordedTime(record.effectiveDateTime)}` : '';
  const by = peopleOf(record).by;
  return `${amount}${when}${by ? ` by ${by}` : ''}`;
}

/** Who discarded it and who witnessed it, by name (a bare reference only when the record names nobody). */
export function peopleOf(record: MedicationAdministration): { by?: string; witness?: string } {
  const people = (record.performer ?? []).map((p) => ({
    witness: p.function?.coding?.some((c) => c.code === 'witness') ?? false,
    name: p.actor.display ?? 'someone not named in the record',
  }));
  return { by: people.find((p) => !p.witness)?.name, witness: people.find((p) => p.witness)?.name };
}
