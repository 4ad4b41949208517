// A failed write, in words a nurse can act on: the app's one mapping from a thrown error to what it shows.
// Every write the app makes is conditional (If-None-Exist on an identifier the app made, or If-Match on the
// version it read), so "try again" is always safe advice.
import { ClaimNotDraftError, DuplicateDraftsError } from '../fhir/claim-writer';
import { FhirHttpError, FhirNetworkError } from '../fhir/errors';
import { LaunchProblem } from '../fhir/launch-problem';

export function describeWriteError(err: unknown, what: string): string {
  if (err instanceof LaunchProblem) {
    if (err.kind === 'expired') return `Your session with the EHR has ended, so the ${what} was not saved. Relaunch the app from the EHR; what you typed stays on this page until you leave it.`;
    return `${err.title}: the ${what} was not saved.`;
  }
  if (err instanceof FhirNetworkError) {
    return `The EHR did not answer, so it is not known whether the ${what} was saved. Trying again is safe: it cannot be saved twice.`;
  }
  if (err instanceof FhirHttpError) {
    const said = err.serverText ? ` The EHR said: "${err.serverText}".` : '';
    if (err.status === 403 || err.status === 405) return `The EHR refused to save the ${what} (${err.status}): your account or the app's registration does not allow it.${said}`;
    if (err.status === 412) return `The ${what} was changed in the EHR while you worked (412). Try again to save over the current version.${said}`;
    if (err.status === 400 || err.status === 409 || err.status === 422) return `The EHR rejected the ${what} (${err.status}).${said}`;
    if (err.status >= 500) return `The EHR had a problem saving the ${what} (${err.status}). Trying again is safe: it cannot be saved twice.${said}`;
    return `The EHR answered ${err.status}; the ${what} was not saved.${said}`;
  }
  // These already say what happened to the Claim and what to do.
  if (err instanceof ClaimNotDraftError || err instanceof DuplicateDraftsError) return err.message;
  return `The ${what} was not saved: ${err instanceof Error ? err.message : String(err)}`;
}
