// What the nurse types into the waste form, and the checks made before anything is sent (docs/design.md "Finding them
// again"): a time between the administration's start and now, an amount no larger than what the opened
// containers left (the engine's figure, in the engine's units), and a reason when nothing was discarded although
// something was left. Pure: the form shows, the hook saves.
import { amountOf, inDescriptorDimension } from '../billing';
import type { WasteContext } from './encounter-model';
import { instantOf } from './clinic-time';
import { recordedTime } from './format';

export interface WasteDraft {
  /** Made when the entry was started; kept across retries so a retry finds the first write. */
  entryId: string;
  mode: 'some' | 'none' | '';
  amount: string;
  unit: string;
  /** datetime-local value ("2026-11-24T12:10"), in the clinic's clock (the context's `clock`), not the browser's zone. */
  discardedAt: string;
  /** Who discarded it, typed when the EHR did not say who is signed in. */
  performerName: string;
  witness: string;
  /** Why nothing was discarded although the containers left something (kept in the record's note). */
  reason: string;
  note: string;
  /** For a correction: the old record is already marked entered-in-error. */
  retired?: boolean;
  saving?: boolean;
  error?: string;
  /** Why this form is open again: a record saved meanwhile by someone else, shown above it. */
  notice?: string;
  /** Field problems found before sending. */
  invalid?: Partial<Record<WasteField, string>>;
}

/** The fields in the order the form shows them: focus goes to the first one in error. */
export const WASTE_FIELDS = ['mode', 'amount', 'unit', 'reason', 'discardedAt', 'performerName'] as const;
export type WasteField = (typeof WASTE_FIELDS)[number];

/** A decimal as a nurse types it: digits, one optional decimal point; no sign, no exponent. */
const DECIMAL = /^\d{1,7}(\.\d{1,4})?$/;
/** datetime-local has minutes: an administration that began at 09:00:30 may be discarded "at 09:00". */
const MINUTE = 60_000;

/** Field problems, before anything is sent. */
export function validateWasteDraft(draft: WasteDraft, context: WasteContext, needsName: boolean, now: Date): WasteDraft['invalid'] | undefined {
  const invalid: NonNullable<WasteDraft['invalid']> = {};
  if (!draft.mode) invalid.mode = 'Choose whether any of the drug was discarded.';
  if (draft.mode === 'some') {
    const typed = draft.amount.trim();
    if (!DECIMAL.test(typed)) invalid.amount = 'Enter the discarded amount as a number, e.g. 50 or 2.5.';
    else if (Number(typed) <= 0) invalid.amount = 'Enter an amount above zero, or choose "Nothing was discarded".';
    else {
      const beyond = beyondWhatWasLeft(typed, draft.unit.trim(), context);
      if (beyond) invalid.amount = beyond;
    }
    if (!draft.unit.trim()) invalid.unit = 'Enter the unit of the amount, e.g. mg.';
  }
  if (draft.mode === 'none' && context.left && context.left.amount.value.gt(0) && !draft.reason.trim()) {
    invalid.reason = `The opened containers left ${context.left.text}: say why none of it was discarded.`;
  }
  const at = instantOf(draft.discardedAt, context.clock)?.getTime();
  const started = context.startedAt ? Date.parse(context.startedAt) : NaN;
  if (at === undefined) invalid.discardedAt = 'Enter when the drug was discarded.';
  else if (at > now.getTime() + MINUTE) invalid.discardedAt = 'The time of discarding cannot be in the future.';
  else if (!Number.isNaN(started) && at < Math.floor(started / MINUTE) * MINUTE) {
    invalid.discardedAt = `The drug cannot have been discarded before it was given (${recordedTime(context.startedAt)}).`;
  }
  if (needsName && !draft.performerName.trim()) invalid.performerName = 'Enter who discarded the drug.';
  return Object.keys(invalid).length > 0 ? invalid : undefined;
}

/** Why the amount is more than the opened containers left, converted as the engine converts it; or undefined. */
function beyondWhatWasLeft(value: string, unit: string, context: WasteContext): string | undefined {
  if (!context.left || !context.descriptor) return undefined;
  const typed = amountOf({ value: Number(value), unit });
  if (!typed.ok) return `"${unit}" is not a unit the amount can be counted in; use ${context.left.unit}.`;
  const converted = inDescriptorDimension(typed.amount, context.descriptor, context.measures);
  if (!converted.ok) return `An amount in ${unit} cannot be compared with the ${context.left.text} left; use ${context.left.unit}.`;
  if (converted.amount.value.gt(context.left.amount.value)) {
    return `That is more than was left: the opened containers (${context.containers ?? ''}) left ${context.left.text} after the ${context.given} dose.`;
  }
  return undefined;
}

/** The note the record carries: the reason for discarding nothing, then the nurse's own note. */
export function noteOf(draft: WasteDraft, context: WasteContext): string {
  const reason = draft.mode === 'none' && draft.reason.trim() && context.left ? `Nothing discarded although ${context.left.text} was left: ${draft.reason.trim()}` : '';
  return [reason, draft.note.trim()].filter(Boolean).join('\n');
}

/** The amount the form offers: what was left, in the unit the engine counts it in (the nurse confirms or changes it). */
export function prefilledAmount(context: WasteContext): { amount: string; unit: string } {
  return context.left ? { amount: context.left.amount.value.toString(), unit: context.left.unit } : { amount: '', unit: context.unit.unit };
}
