// The nurse records what was discarded from one administration's single-dose containers (issue 3, step 4; issue
// 13). The draft lives in the parent, so closing the form, a failed write or a re-render never loses what was
// typed. The amount starts at what the opened containers left; the nurse confirms or changes it.
import { useEffect, useRef } from 'preact/hooks';
import type { WasteContext } from './encounter-model';
import { clockLabel } from './clinic-time';
import { recordedTime } from './format';
import { WASTE_FIELDS, type WasteDraft, type WasteField } from './waste-draft';

interface Props {
  id: string;
  context: WasteContext;
  draft: WasteDraft;
  /** The signed-in user's name (or their reference when the EHR gives no name); absent: the form asks for a name. */
  recordedBy: string | undefined;
  /** A correction: the record it replaces, in words ("50 mg discarded at 2026-03-02 11:15 by Dana Okafor"). */
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
  const leftSomething = Boolean(context.left?.amount.value.gt(0));
  // The button that opened the form is replaced by it: keyboard and screen-reader users continue at its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const error = (name: WasteField) =>
    invalid[name] && (
      <p id={field(`${name}-error`)} class="field-error">
        {invalid[name]}
      </p>
    );
  const describedBy = (name: WasteField) => (invalid[name] ? field(`${name}-error`) : undefined);
  const idOf = (name: TextField) => field(FIELD_IDS[name]);
  /** What every checked text field's input has: its id, value, error state and what typing in it does. */
  const checked = (name: TextField) => ({
    id: idOf(name),
    value: draft[name],
    'aria-invalid': invalid[name] ? true : undefined,
    'aria-describedby': describedBy(name),
    onInput: (e: { currentTarget: { value: string } }) => set({ [name]: e.currentTarget.value }),
  });
  // After a refused save, focus goes to the first field in error, where its message is. Focusing alone scrolls
  // only the field into view: in a short side panel its message below it stayed under the sticky Save bar or
  // below the frame. So the field's whole block (field and message) is scrolled into view, clear of the bar
  // (scroll-margin in app.css).
  useEffect(() => {
    const first = WASTE_FIELDS.find((f) => draft.invalid?.[f]);
    const input = first ? document.getElementById(first === 'mode' ? field('mode-some') : idOf(first)) : null;
    if (!input) return;
    input.focus({ preventScroll: true });
    (input.closest('.waste-form > div, .waste-form > fieldset') ?? input).scrollIntoView({ block: 'nearest' });
  }, [draft.invalid]);
  return (
    <form
      class="waste-form"
      aria-labelledby={field('title')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.saving) onSave();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !draft.saving) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h3 id={field('title')} ref={heading} tabIndex={-1}>
        {correcting ? 'Correct the waste record' : 'Record the discarded amount'} of {context.drugName}
      </h3>
      {draft.notice && (
        <p class="write-error" role="alert">
          {draft.notice}
        </p>
      )}
      {/* Each term and its value in one div, so a pair wraps as a whole and never splits across lines. */}
      <dl class="facts">
        <div>
          <dt>Given</dt>
          <dd>
            {context.given}
            {context.startedAt ? ` at ${recordedTime(context.startedAt)}` : ''}
          </dd>
        </div>
        {context.containers && (
          <div>
            <dt>Opened containers</dt>
            <dd>{context.containers}</dd>
          </div>
        )}
        {context.left && (
          <div>
            <dt>Left after the dose</dt>
            <dd>{context.left.text}</dd>
          </div>
        )}
        {correcting && (
          <div>
            <dt>Replaces</dt>
            <dd>{correcting}</dd>
          </div>
        )}
      </dl>

      <fieldset aria-describedby={describedBy('mode')}>
        <legend>Was any of the drug discarded?</legend>
        <label>
          <input id={field('mode-some')} type="radio" name={field('mode')} value="some" checked={draft.mode === 'some'} onChange={() => set({ mode: 'some' })} />
          Yes, an amount was discarded
        </label>
        <label>
          <input type="radio" name={field('mode')} value="none" checked={draft.mode === 'none'} onChange={() => set({ mode: 'none' })} />
          Nothing was discarded
        </label>
        {error('mode')}
      </fieldset>

      {draft.mode === 'some' && (
        <div class="amount">
          <label for={idOf('amount')}>Discarded amount</label>
          <input {...checked('amount')} inputMode="decimal" autoComplete="off" />
          <label for={idOf('unit')} class="unit-label">
            Unit
          </label>
          <input {...checked('unit')} class="unit" />
          {error('amount')}
          {error('unit')}
        </div>
      )}

      {draft.mode === 'none' && leftSomething && (
        <div>
          <label for={idOf('reason')}>Why was none of the {context.left!.text} left discarded?</label>
          <textarea {...checked('reason')} rows={2} />
          {error('reason')}
        </div>
      )}

      <div>
        <label for={idOf('discardedAt')}>
          Discarded at <span class="clock">({clockLabel(context.clock)})</span>
        </label>
        <input {...checked('discardedAt')} type="datetime-local" />
        {error('discardedAt')}
      </div>

      {recordedBy ? (
        <p>
          Discarded by: <span class="who">{recordedBy}</span>
        </p>
      ) : (
        <div>
          <label for={idOf('performerName')}>Discarded by (your name)</label>
          <input {...checked('performerName')} autoComplete="name" />
          {error('performerName')}
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

/** The checked fields a nurse types into (the mode is a pair of radios). */
type TextField = Exclude<WasteField, 'mode'>;

/** The element id suffix of each text field. */
const FIELD_IDS: Record<TextField, string> = {
  amount: 'amount',
  unit: 'unit',
  reason: 'reason',
  discardedAt: 'time',
  performerName: 'by',
};
