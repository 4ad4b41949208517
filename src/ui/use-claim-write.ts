// Writing the encounter's draft Claim (docs/design.md "Claim identity and content"), and knowing afterwards whether
// the draft in the EHR still says what the page derives: when a waste record is added or corrected, the lines
// change, and the page says the EHR's draft is out of date until it is updated.
import type { Claim } from 'fhir/r4';
import { useRef, useState } from 'preact/hooks';
import { writeDraftClaim } from '../fhir/claim-writer';
import { FhirHttpError } from '../fhir/errors';
import type { FhirRest } from '../fhir/rest';
import type { ClaimWriteState } from './ClaimPanel';
import { describeWriteError } from './describe-error';

export interface ClaimTarget {
  rest: FhirRest;
  label: string;
  canUpdate: boolean;
  cannotWrite?: string;
}

export function useClaimWrite(claim: Claim | null, target: ClaimTarget, noteFailure: (err: unknown) => void) {
  const [state, setState] = useState<ClaimWriteState>({ kind: 'idle' });
  const [written, setWritten] = useState<string | undefined>();
  const busy = useRef(false);

  const write = async () => {
    if (!claim || busy.current || target.cannotWrite) return;
    busy.current = true;
    setState({ kind: 'saving' });
    try {
      const outcome = await writeDraftClaim(target.rest, claim, { canUpdate: target.canUpdate });
      setState({ kind: 'saved', id: outcome.claim.id ?? '?', action: outcome.action, where: target.label });
      // "unchanged": the EHR kept the draft as first written, which may not be this content.
      setWritten(outcome.action === 'unchanged' ? undefined : contentOf(claim));
    } catch (err) {
      noteFailure(err);
      setState({ kind: 'failed', message: claimWriteError(err) });
    } finally {
      busy.current = false;
    }
  };

  // Written, and the lines have changed since: the EHR's draft no longer matches the page.
  const outOfDate = state.kind === 'saved' && written !== undefined && (!claim || contentOf(claim) !== written);
  return { state, write, outOfDate };
}

/** What the draft says, without what the server assigns. */
function contentOf(claim: Claim): string {
  const { id: _id, meta: _meta, ...content } = claim;
  return JSON.stringify(content);
}

function claimWriteError(err: unknown): string {
  if (err instanceof FhirHttpError && err.status === 412) {
    return 'Someone changed the draft claim in the EHR while you were working (412), so this update was not saved. Press "Update the draft claim" again to write the current lines over their version.';
  }
  return describeWriteError(err, 'draft claim');
}
