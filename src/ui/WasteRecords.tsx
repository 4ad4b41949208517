// The waste records that count for this encounter, each with a way to correct it (a correction marks the old
// record entered-in-error and writes a new one: design.md "Waste records in FHIR").
import type { ComponentChildren } from 'preact';
import type { WasteRecordView } from './encounter-model';
import { recordedTime } from './format';

export function WasteRecords({
  records,
  drugOf,
  onCorrect,
  formFor,
}: {
  /** `retired`: already marked entered-in-error while its correction is not saved yet. */
  records: (WasteRecordView & { retired?: boolean })[];
  drugOf: (administration: string) => string;
  onCorrect: (view: WasteRecordView) => void;
  /** The open correction form of a record, shown under it. */
  formFor: (view: WasteRecordView) => ComponentChildren;
}) {
  if (records.length === 0) return null;
  return (
    <section aria-labelledby="waste-title">
      <h2 id="waste-title">Waste recorded</h2>
      <ul class="waste-records">
        {records.map((view) => {
          const ref = `${view.resource.resourceType}/${view.resource.id ?? ''}`;
          const dose = view.record.dosage?.dose;
          const amount = dose?.value === 0 ? 'Nothing discarded' : `${dose?.value ?? '?'} ${dose?.unit ?? dose?.code ?? ''} discarded`;
          const people = (view.record.performer ?? []).map((p) => ({
            witness: p.function?.coding?.some((c) => c.code === 'witness') ?? false,
            name: p.actor.display ?? p.actor.reference ?? '',
          }));
          const by = people.find((p) => !p.witness)?.name;
          const witness = people.find((p) => p.witness)?.name;
          return (
            <li key={ref}>
              <p>
                <strong>{drugOf(view.administration)}</strong>: {amount}
                {view.record.effectiveDateTime ? ` at ${recordedTime(view.record.effectiveDateTime)}` : ''}
                {by ? ` by ${by}` : ''}
                {witness ? `, witnessed by ${witness}` : ''}.
              </p>
              {view.record.note?.[0]?.text && <p class="note">Note: {view.record.note[0].text}</p>}
              {view.retired && <p class="write-error">Marked entered in error; its correction below is not saved yet.</p>}
              <p class="sources">
                {ref}
                {view.resource.resourceType === 'DocumentReference' ? ' (nurse note)' : ''}{' '}
                {!view.retired && (
                  <button type="button" class="link" onClick={() => onCorrect(view)}>
                    Correct<span class="visually-hidden"> the waste record {ref}</span>
                  </button>
                )}
              </p>
              {formFor(view)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
