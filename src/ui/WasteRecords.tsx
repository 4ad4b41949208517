// The waste records that count for this encounter, in a nurse's words, each with a way to correct it (a correction
// marks the old record entered-in-error and writes a new one: docs/design.md "Waste records in FHIR"). Where each record
// lives in the EHR is folded away for whoever checks the set-up.
import type { ComponentChildren } from 'preact';
import { refOf } from '../billing';
import type { WasteRecordView } from './encounter-model';
import { peopleOf, wasteRecordSummary } from './waste-words';

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
          const ref = refOf(view.resource);
          const summary = wasteRecordSummary(view.record);
          const { witness } = peopleOf(view.record);
          const form = formFor(view);
          return (
            <li key={ref}>
              <p>
                <strong>{drugOf(view.administration)}</strong>: {summary.charAt(0).toUpperCase() + summary.slice(1)}
                {witness ? `, witnessed by ${witness}` : ''}.
              </p>
              {view.record.note?.[0]?.text && <p class="note">Note: {view.record.note[0].text}</p>}
              {view.retired && <p class="write-error">Marked entered in error; its correction below is not saved yet.</p>}
              {!view.retired && !form && (
                <p>
                  <button type="button" class="link" id={`open-fix-${ref.replace(/[^A-Za-z0-9-]/g, '-')}`} onClick={() => onCorrect(view)}>
                    Correct<span class="visually-hidden"> the waste record of {drugOf(view.administration)}</span>
                  </button>
                </p>
              )}
              <details>
                <summary>Record in the EHR</summary>
                <p class="sources">
                  {ref}
                  {view.resource.resourceType === 'DocumentReference' ? ' (kept as a nurse note)' : ''}, part of {view.administration}.
                </p>
              </details>
              {form}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
