// POST /cds-services/{id}/feedback (CDS Hooks 2.0, "Feedback"): what the clinician did with a card. Only counts
// reach the log: the outcome of each card, and the override reason when it is one this service offered. The
// user's free-text comment may name the patient and is never logged or kept.
import { z } from 'zod';
import { issueText } from '../../src/config/issue-text';
import type { LogNote } from '../request-log';
import { OVERRIDE_REASONS, OVERRIDE_SYSTEM } from './cards';

const coding = z.object({ system: z.string().optional(), code: z.string().optional(), display: z.string().optional() }).passthrough();

const item = z
  .object({
    card: z.string().min(1).max(128),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z.array(z.object({ id: z.string() }).passthrough()).optional(),
    overrideReason: z.object({ reason: coding.optional(), userComment: z.string().optional() }).passthrough().optional(),
    outcomeTimestamp: z.string().min(1),
  })
  .passthrough();

const body = z.object({ feedback: z.array(item).min(1).max(100) }).passthrough();

export type FeedbackItem = z.infer<typeof item>;

export function parseFeedback(json: unknown): { ok: true; items: FeedbackItem[] } | { ok: false; problems: string[] } {
  const parsed = body.safeParse(json);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => issueText(i, body)) };
  return { ok: true, items: parsed.data.feedback };
}

const OFFERED: readonly string[] = OVERRIDE_REASONS.map((r) => r.code);

/** { cdsFeedbackService, cdsAccepted, cdsOverridden, cdsOverride_<code> }: numbers and this service's own codes. */
export function tallyFeedback(serviceId: string, items: readonly FeedbackItem[]): LogNote {
  const note: LogNote = { cdsFeedbackService: serviceId, cdsAccepted: 0, cdsOverridden: 0 };
  const bump = (key: string) => {
    note[key] = (Number(note[key]) || 0) + 1;
  };
  for (const f of items) {
    bump(f.outcome === 'accepted' ? 'cdsAccepted' : 'cdsOverridden');
    if (f.outcome !== 'overridden') continue;
    const reason = f.overrideReason?.reason;
    const code = reason?.system === OVERRIDE_SYSTEM && OFFERED.includes(reason.code ?? '') ? reason.code! : reason ? 'other' : 'none';
    bump(`cdsOverride_${code}`);
  }
  return note;
}
