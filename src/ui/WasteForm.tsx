// The nurse records what was discarded from one administration's single-dose containers (issue 3, step 4).
// The draft lives in the parent, so closing the form, a failed write or a re-render never loses what was typed.
import { useEffect, useRef } from 'preact/hooks';
import type { WasteContext } from './encounter-model';

export interface WasteDraft {
  /** Made when the entry was started; kept across retries so a retry finds the first write. */
  entryId: string;
  mode: 'some' | 'none' | '';
  amount: string;
  unit: string;
  /** datetime-local value, the browser's zone. */
  discardedAt: string;
  /** Who discarded it, typed when the EHR did not say who is signed in. */
  performerName: string;
  witness: string;
  note: string;
  /** For a correction: the old record is already marked entered-in-error. */
  retired?: boolean;
  saving?: boolean;
  error?: string;
  /** Field problems found before sending. */
  invalid?: Partial<Record<'mode' | 'amount' | 'unit' | 'discardedAt' | 'performerName', string>>;
}

interface Props {
  id: string;
  context: WasteContext;
  draft: WasteDraft;
  /** The signed-in user as the EHR names them; absent: the form asks for a name. */
  recordedBy: string | undefined;
  /** A correction replaces this record (shown in the legend). */
  correcting?: string;
  /** Where the record will be saved, said up front when it is the nurse-note form. */
  savedAs: 'MedicationAdministration' | 'DocumentReference' | undefined;
  onChange: (draft: WasteDraft) => void;
  onSave: () => void;
  onCancel: () => void;
}

export function WasteForm({ id, context, draft, recordedBy, correcting, savedAs, onChange, onSave, onCancel }: Props) {
  const set = (patch: Partial<WasteDraft>) => onChange({ ...draft, ...patch, error: undefined, invalid: undefined });
  const field = (name: string) => `${id}-${name}`;
  const invalid = draft.invalid ?? {};
  // The button that opened the form is replaced by it: keyboard and screen-reader users continue at its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <form
      class="waste-form"
      aria-labelledby={field('title')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.saving) onSave();
      }}
    >
      <h3 id={field('title')} ref={heading} tabIndex={-1}>
        {correcting ? 'Correct the waste record' : 'Record the discarded amount'} of {context.drugName}
      </h3>
      <dl class="facts">
        <dt>Given</dt>
        <dd>{context.given}</dd>
        {context.containers && (
          <>
            <dt>Opened containers</dt>
            <dd>{context.containers}</dd>
          </>
        )}
        {context.remainder && (
          <>
            <dt>Left after the dose</dt>
            <dd>{context.remainder}</dd>
          </>
        )}
        {correcting && (
          <>
            <dt>Replaces</dt>
            <dd>{correcting}</dd>
          </>
        )}
      </dl>

      <fieldset aria-describedby={invalid.mode ? field('mode-error') : undefined}>
        <legend>Was any of the drug discarded?</legend>
        <label>
          <input type="radio" name={field('mode')} value="some" checked={draft.mode === 'some'} onChange={() => set({ mode: 'some' })} />
          Yes, an amount was discarded
        </label>
        <label>
          <input type="radio" name={field('mode')} value="none" checked={draft.mode === 'none'} onChange={() => set({ mode: 'none', amount: '0' })} />
          Nothing was discarded
        </label>
        {invalid.mode && <p id={field('mode-error')} class="field-error">{invalid.mode}</p>}
      </fieldset>

      {draft.mode === 'some' && (
        <div class="amount">
          <label for={field('amount')}>Discarded amount</label>
          <input
            id={field('amount')}
            inputMode="decimal"
            autoComplete="off"
            value={draft.amount}
            aria-invalid={invalid.amount ? true : undefined}
            aria-describedby={invalid.amount ? field('amount-error') : undefined}
            onInput={(e) => set({ amount: e.currentTarget.value })}
          />
          <label for={field('unit')} class="unit-label">
            Unit
          </label>
          <input
            id={field('unit')}
            class="unit"
            value={draft.unit}
            aria-invalid={invalid.unit ? true : undefined}
            onInput={(e) => set({ unit: e.currentTarget.value })}
          />
          {invalid.amount && <p id={field('amount-error')} class="field-error">{invalid.amount}</p>}
          {invalid.unit && <p class="field-error">{invalid.unit}</p>}
        </div>
      )}

      <div>
        <label for={field('time')}>Discarded at</label>
        <input
          id={field('time')}
          type="datetime-local"
          value={draft.discardedAt}
          aria-invalid={invalid.discardedAt ? true : undefined}
          aria-describedby={invalid.discardedAt ? field('time-error') : undefined}
          onInput={(e) => set({ discardedAt: e.currentTarget.value })}
        />
        {invalid.discardedAt && <p id={field('time-error')} class="field-error">{invalid.discardedAt}</p>}
      </div>

      {recordedBy ? (
        <p>
          Discarded by: <span class="who">{recordedBy}</span>
        </p>
      ) : (
        <div>
          <label for={field('by')}>Discarded by (your name)</label>
          <input
            id={field('by')}
            autoComplete="name"
            value={draft.performerName}
            aria-invalid={invalid.performerName ? true : undefined}
            onInput={(e) => set({ performerName: e.currentTarget.value })}
          />
          {invalid.performerName && <p class="field-error">{invalid.performerName}</p>}
        </div>
      )}

      <div>
        <label for={field('witness')}>Witness (optional)</label>
        <input id={field('witness')} autoComplete="off" value={draft.witness} onInput={(e) => set({ witness: e.currentTarget.value })} />
      </div>
      <div>
        <label for={field('note')}>Note (optional)</label>
        <textarea id={field('note')} rows={2} value={draft.note} onInput={(e) => set({ note: e.currentTarget.value })} />
      </div>

      {savedAs === 'DocumentReference' && (
        <p class="hint">This EHR does not take waste records as medication administrations; it will be saved as a nurse note.</p>
      )}
      {draft.error && (
        <p class="write-error" role="alert">
          {draft.error}
        </p>
      )}
      <div class="buttons">
        <button type="submit" disabled={draft.saving}>
          {draft.saving ? 'Saving…' : draft.error ? 'Try again' : 'Save waste record'}
        </button>
        <button type="button" class="secondary" onClick={onCancel} disabled={draft.saving}>
          Close
        </button>
      </div>
    </form>
  );
}

/** Field problems, before anything is sent. */
export function validateWasteDraft(draft: WasteDraft, needsName: boolean, now: Date): WasteDraft['invalid'] | undefined {
  const invalid: NonNullable<WasteDraft['invalid']> = {};
  if (!draft.mode) invalid.mode = 'Choose whether any of the drug was discarded.';
  if (draft.mode === 'some') {
    if (!/^\d+(\.\d+)?$/.test(draft.amount.trim())) invalid.amount = 'Enter the discarded amount as a number, e.g. 50 or 2.5.';
    else if (Number(draft.amount) <= 0) invalid.amount = 'Enter an amount above zero, or choose "Nothing was discarded".';
    if (!draft.unit.trim()) invalid.unit = 'Enter the unit of the amount, e.g. mg.';
  }
  const at = Date.parse(draft.discardedAt);
  if (!draft.discardedAt || Number.isNaN(at)) invalid.discardedAt = 'Enter when the drug was discarded.';
  else if (at > now.getTime() + 5 * 60_000) invalid.discardedAt = 'The time of discarding cannot be in the future.';
  if (needsName && !draft.performerName.trim()) invalid.performerName = 'Enter who discarded the drug.';
  return Object.keys(invalid).length > 0 ? invalid : undefined;
}
