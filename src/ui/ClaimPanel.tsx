// Step 5: one button writes the encounter's draft Claim, enabled only when no error finding remains. Where the
// EHR did not grant Claim writes, the Claim JSON is offered as a download with the reason.
import type { Claim, Coverage, Patient } from 'fhir/r4';
import type { Finding } from '../billing';
import { ClaimPreview } from './ClaimPreview';

export type ClaimWriteState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; id: string; action: 'created' | 'updated' | 'unchanged'; where: string }
  | { kind: 'failed'; message: string };

interface Props {
  claim: Claim | null;
  errorCount: number;
  /** Why the Claim cannot be written to its destination; absent when it can. */
  cannotWrite?: string;
  destination: string;
  state: ClaimWriteState;
  /** The draft was written, and the lines have changed since (a waste record added or corrected). */
  outOfDate: boolean;
  encounterId: string;
  onWrite: () => void;
  /** The encounter's findings: the preview shows those about the claim's content. */
  findings?: Finding[];
  /** The patient and their Coverages as read, for the preview's header (who is billed, which payer). */
  patient?: Patient;
  coverages?: readonly Coverage[];
}

export function ClaimPanel({ claim, errorCount, cannotWrite, destination, state, outOfDate, encounterId, onWrite, findings, patient, coverages }: Props) {
  const blocked = !claim;
  const json = claim ? JSON.stringify(claim, null, 2) : '';
  return (
    <section aria-labelledby="claim-title">
      <h2 id="claim-title">Draft claim</h2>
      {blocked && (
        <p id="claim-blocked">
          {errorCount > 0
            ? `Fix the ${errorCount === 1 ? 'problem' : `${errorCount} problems`} marked "Must fix" above first; then the draft claim can be written.`
            : 'There is nothing to put on a claim for this encounter.'}
        </p>
      )}
      <ClaimPreview claim={claim} findings={findings} patient={patient} coverages={coverages} />
      {!blocked && cannotWrite && (
        <p>
          {cannotWrite} Download the Claim and pass it to billing:{' '}
          <a download={`draft-claim-${encounterId}.json`} href={`data:application/fhir+json;charset=utf-8,${encodeURIComponent(json)}`}>
            Download the Claim (JSON)
          </a>
        </p>
      )}
      {!cannotWrite && (
        <p>
          <button type="button" onClick={onWrite} disabled={blocked || state.kind === 'saving'} aria-describedby={blocked ? 'claim-blocked' : undefined}>
            {state.kind === 'saving' ? 'Writing the draft claim…' : state.kind === 'saved' ? 'Update the draft claim' : 'Write the draft claim'}
          </button>{' '}
          <span class="hint">to {destination}</span>
        </p>
      )}
      <div role="status" aria-live="polite">
        {state.kind === 'saved' && outOfDate && (
          <p class="write-error">
            The draft claim in {state.where} is out of date: the billing lines changed after it was written. Press "Update the draft claim" to bring it
            up to date.
          </p>
        )}
        {state.kind === 'saved' && !outOfDate && (
          <p class="saved">
            Draft claim {state.action === 'created' ? 'created in' : state.action === 'updated' ? 'updated in' : 'already in'} {state.where}
            {state.action === 'unchanged' ? '; the app may not update Claims on this EHR, so its content is as first written.' : ': it matches the lines above.'}
          </p>
        )}
      </div>
      {state.kind === 'failed' && (
        <p class="write-error" role="alert">
          {state.message}
        </p>
      )}
      {claim && (
        <details>
          <summary>Show the Claim as FHIR JSON</summary>
          {state.kind === 'saved' && <p class="sources">Saved as Claim/{state.id}.</p>}
          <pre class="json">{json}</pre>
        </details>
      )}
    </section>
  );
}
