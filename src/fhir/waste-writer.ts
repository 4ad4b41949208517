// Writes a waste record to the EHR (docs/design.md "Waste records in FHIR"): conditional create on the entry's
// identifier, the DocumentReference form when the EHR refuses MedicationAdministration writes, a Provenance
// beside it, and for a correction the old record marked entered-in-error (PUT with If-Match) first, so that a
// half-done correction can never count the waste twice: at worst the finding comes back and asks again.
import { KnownError } from '../errors';
import type { DocumentReference, MedicationAdministration, Resource } from 'fhir/r4';
import type { Capabilities } from './capabilities';
import { FhirHttpError } from './errors';
import { FhirRest } from './rest';
import type { GrantedScopes } from './scopes';
import { carriesIdentifier, identifierQuery, slotIdentifier, wasteAdministration, wasteIdentifier, wasteNote, wasteProvenance, type WasteEntryInput } from './waste-record-builder';

export type WasteRecordResource = MedicationAdministration | DocumentReference;

export interface WasteWriteOutcome {
  record: WasteRecordResource;
  /** false when the EHR already held this entry: an earlier attempt had reached it. */
  created: boolean;
  /** Why the nurse-note form was used instead of a MedicationAdministration. */
  fallbackReason?: string;
  /** The record is saved, but its Provenance (time of entry) is not, and why. */
  provenanceProblem?: string;
}

/** Another page wrote this administration's record (the same slot) first: it is shown, nothing was added. */
export class WasteAlreadyRecorded extends KnownError {
  readonly code = 'waste-already-recorded';
  override readonly httpStatus = 409;

  constructor(readonly record: WasteRecordResource) {
    super(`A waste record for this administration was saved meanwhile (${record.resourceType}/${record.id ?? ''}).`);
    this.name = 'WasteAlreadyRecorded';
  }
}

export class WasteWriteNotAllowed extends KnownError {
  readonly code = 'waste-write-not-allowed';
  override readonly httpStatus = 403;

  constructor() {
    super('The EHR granted no scope to save waste records (patient/MedicationAdministration.c or patient/DocumentReference.c).');
    this.name = 'WasteWriteNotAllowed';
  }
}

export class WasteWriter {
  constructor(
    private readonly rest: FhirRest,
    private readonly capabilities: Capabilities,
    private readonly scopes: GrantedScopes,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Where a new record will go, before trying: the UI says so up front. */
  plannedForm(): 'MedicationAdministration' | 'DocumentReference' | undefined {
    if (this.may('MedicationAdministration')) return 'MedicationAdministration';
    return this.may('DocumentReference') ? 'DocumentReference' : undefined;
  }

  /**
   * Writes the record with a conditional create on its slot (or its own identifier): a retry finds its own first
   * write; a record another page wrote in the same slot is answered as WasteAlreadyRecorded; a slot taken only by
   * a record since marked entered-in-error is left behind and the record written on its own identifier.
   */
  async write(input: WasteEntryInput, drugName: string, replaces?: string): Promise<WasteWriteOutcome> {
    const own = wasteIdentifier(input);
    const slot = slotIdentifier(input);
    const recordedAt = this.now().toISOString();
    let fallbackReason: string | undefined;
    const create = async (entry: WasteEntryInput, query: string): Promise<{ resource: WasteRecordResource; created: boolean }> => {
      const record = wasteAdministration(entry);
      if (!fallbackReason && this.may('MedicationAdministration')) {
        try {
          return await this.rest.createConditional(record, query);
        } catch (err) {
          if (!(err instanceof FhirHttpError && err.refused && this.may('DocumentReference'))) throw err;
          fallbackReason = `the EHR refused to save it as a MedicationAdministration (${err.status}), so it was saved as a nurse note`;
        }
      } else if (!fallbackReason && this.may('DocumentReference')) {
        fallbackReason = 'the EHR does not accept MedicationAdministration records from apps, so it was saved as a nurse note';
      } else if (!fallbackReason) {
        throw new WasteWriteNotAllowed();
      }
      return this.rest.createConditional(wasteNote(entry, record, recordedAt, drugName, replaces), query);
    };
    let written = await create(input, identifierQuery(slot ?? own));
    if (slot && !written.created && !carriesIdentifier(written.resource, own)) {
      if (written.resource.status !== 'entered-in-error') throw new WasteAlreadyRecorded(written.resource);
      written = await create({ ...input, slot: undefined }, identifierQuery(own));
    }

    const outcome: WasteWriteOutcome = { record: written.resource, created: written.created, fallbackReason };
    const target = `${written.resource.resourceType}/${written.resource.id ?? ''}`;
    if (this.may('Provenance')) {
      try {
        // One Provenance per record: If-None-Exist on its target keeps a retry from adding a second.
        await this.rest.createConditional(wasteProvenance(target, recordedAt, input.performer), `target=${target}`);
      } catch (err) {
        outcome.provenanceProblem = err instanceof Error ? err.message : String(err);
      }
    } else {
      outcome.provenanceProblem = 'the EHR did not grant patient/Provenance.c, so the time of entry is not recorded separately';
    }
    return outcome;
  }

  /** Step one of a correction: the old record becomes entered-in-error. Safe to repeat. */
  async retire<T extends WasteRecordResource>(old: T): Promise<T> {
    if (old.status === 'entered-in-error') return old;
    try {
      return (await this.rest.updateIfMatch<T>({ ...old, status: 'entered-in-error' }, old.meta?.versionId)).resource;
    } catch (err) {
      if (!(err instanceof FhirHttpError && err.status === 412)) throw err;
      // Changed since it was read: look again, and mark the current version unless someone already did.
      const fresh = await this.rest.read<T>(`${old.resourceType}/${old.id ?? ''}`);
      if (fresh.status === 'entered-in-error') return fresh;
      return (await this.rest.updateIfMatch<T>({ ...fresh, status: 'entered-in-error' }, fresh.meta?.versionId)).resource;
    }
  }

  private may(type: Resource['resourceType']): boolean {
    return this.scopes.mayAttempt(type, 'c') && this.capabilities.allows(type, 'create') !== false;
  }
}
