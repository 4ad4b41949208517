// Writes the encounter's one draft Claim (docs/design.md "Claim identity and content"; issue 3 step 5): find it by
// the identifier derived from the encounter, update it with If-Match, or create it with If-None-Exist, so a
// double click, a retry or a second visit never makes two drafts.
import { KnownError } from '../errors';
import type { Claim } from 'fhir/r4';
import { DRAFT_CLAIM_SYSTEM } from '../billing';
import { FhirHttpError } from './errors';
import { FhirRest } from './rest';
import { identifierQuery } from './waste-record-builder';

export interface ClaimWriteOutcome {
  claim: Claim;
  /** "created" a new draft, "updated" the existing one, or "unchanged" (found by conditional create, not updatable). */
  action: 'created' | 'updated' | 'unchanged';
}

export interface ClaimPermissions {
  /** Claim search and update are granted: an existing draft can be found and brought up to date. */
  canUpdate: boolean;
}

export class ClaimNotDraftError extends KnownError {
  readonly code = 'claim-not-draft';
  override readonly httpStatus = 409;

  constructor(readonly existing: Claim) {
    super(`The Claim for this encounter (Claim/${existing.id ?? ''}) is no longer a draft (status ${existing.status}), so it was not changed.`);
    this.name = 'ClaimNotDraftError';
  }
}

export class DuplicateDraftsError extends KnownError {
  readonly code = 'claim-drafts-duplicate';
  override readonly httpStatus = 409;

  constructor(readonly ids: string[]) {
    super(`The EHR holds ${ids.length} Claims with this encounter's draft identifier (${ids.map((id) => `Claim/${id}`).join(', ')}); resolve them in the EHR first.`);
    this.name = 'DuplicateDraftsError';
  }
}

export async function writeDraftClaim(rest: FhirRest, claim: Claim, permissions: ClaimPermissions): Promise<ClaimWriteOutcome> {
  const identifier = claim.identifier?.find((i) => i.system === DRAFT_CLAIM_SYSTEM);
  if (!identifier?.value) throw new Error('The derived Claim carries no draft identifier.');
  const query = identifierQuery({ system: DRAFT_CLAIM_SYSTEM, value: identifier.value });
  const search = `Claim?identifier=${encodeURIComponent(`${DRAFT_CLAIM_SYSTEM}|${identifier.value}`)}`;

  if (permissions.canUpdate) {
    const existing = await findDraft(rest, search);
    if (existing) return { claim: await updateDraft(rest, claim, existing, search), action: 'updated' };
  }
  const created = await rest.createConditional(claim, query);
  if (created.created) return { claim: created.resource, action: 'created' };
  // A draft appeared since the search (or could not be searched): bring it up to date when allowed.
  if (!permissions.canUpdate) return { claim: created.resource, action: 'unchanged' };
  return { claim: await updateDraft(rest, claim, created.resource, search), action: 'updated' };
}

async function findDraft(rest: FhirRest, search: string): Promise<Claim | undefined> {
  const found = FhirRest.matches<Claim>(await rest.search(search), 'Claim');
  if (found.length > 1) throw new DuplicateDraftsError(found.map((c) => c.id ?? '?'));
  return found[0];
}

async function updateDraft(rest: FhirRest, claim: Claim, existing: Claim, search: string): Promise<Claim> {
  for (let attempt = 0; ; attempt++) {
    if (existing.status !== 'draft') throw new ClaimNotDraftError(existing);
    try {
      return (await rest.updateIfMatch<Claim>({ ...claim, id: existing.id }, existing.meta?.versionId)).resource;
    } catch (err) {
      // 412: changed since it was read. Read it again and update that version, once; then let the person decide.
      if (!(err instanceof FhirHttpError && err.status === 412) || attempt > 0) throw err;
      const fresh = await findDraft(rest, search);
      if (!fresh) throw err;
      existing = fresh;
    }
  }
}
