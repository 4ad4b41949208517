// Reads everything the engine needs about one encounter from the EHR, in as few sequential round trips as the
// server allows (issue 3, "Read"):
//   1. Encounter, CapabilityStatement, Patient and Coverage, in parallel;
//   2. the patient's MedicationAdministrations in the encounter's window (with _include of Medication when the
//      CapabilityStatement offers it), Procedures, and the patient's waste records and notes whatever their date
//      (read-waste-records.ts), in parallel, every page followed;
//   3. only for Medications neither contained nor included (and Conditions an administration gives as its reason):
//      each referenced one, once, in parallel, started as soon as the page naming it arrives.
// The Encounter's diagnosis Conditions are read in step 2, beside the searches, and so are the claim's providers
// (the physician or NPP attending, a PractitionerRole's Practitioner one step later, the service provider).
// Failures of optional reads become notes shown to the user; the encounter and its administrations are required.
import type {
  BundleEntry,
  CapabilityStatement,
  Condition,
  Coverage,
  DocumentReference,
  Encounter,
  HumanName,
  Medication,
  MedicationAdministration,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Procedure,
  Reference,
  Resource,
} from 'fhir/r4';
import { refKey } from '../billing';
import { Capabilities } from './capabilities';
import { FhirHttpError } from './errors';
import { LaunchProblem } from './launch-problem';
import { isPartOfAnother, searchWasteRecords, strayMessage, wasteRecordsOf } from './read-waste-records';
import { FhirRest } from './rest';
import type { LaunchContext } from './session';
import { searchWindow, windowParams, withinPeriod } from './time-window';

/** Something the app could not read; the page says it and what it means for the result. */
export interface ReadNote {
  message: string;
}

export interface EncounterRecord {
  patient: Patient | undefined;
  encounter: Encounter;
  /** This encounter's administrations, waste records included. */
  administrations: MedicationAdministration[];
  /** Medications referenced by the administrations (contained ones stay inside their administration). */
  medications: Medication[];
  /** The encounter's diagnoses and the administrations' reasons, for the Claim's diagnosis codes. */
  conditions: Condition[];
  procedures: Procedure[];
  coverages: Coverage[];
  /** Nurse notes that may carry waste records (docs/design.md, the DocumentReference form). */
  wasteNotes: DocumentReference[];
  /**
   * The claim's providers as the EHR records them: the encounter's physician or NPP (participants PPRF, ATND, SPRF;
   * a PractitionerRole and its Practitioner) and its service provider, for their NPIs and tax id (docs/billing-rules.md 8).
   * Optional so a record built by hand without them still derives (the claim then leans on configuration).
   */
  providers?: (Practitioner | PractitionerRole | Organization)[];
  capabilities: Capabilities;
  notes: ReadNote[];
  /** The signed-in user's name (from their fhirUser resource, when the grant allows reading it). */
  userName: string | undefined;
}

/** Results per page: a server's maximum is often 100 (Oracle Health), and larger pages are slower to first byte. */
const PAGE_SIZE = 100;
const MEDICATION_INCLUDE = 'MedicationAdministration:medication';

export interface ReadHooks {
  /**
   * The first page of this encounter's administrations, once its Medications are at hand (included, contained or
   * read): enough to start the catalog lookup while the other reads finish.
   */
  onFirstAdministrations?: (administrations: MedicationAdministration[], medications: Medication[]) => void;
}

export async function readEncounter(rest: FhirRest, context: LaunchContext, hooks: ReadHooks = {}): Promise<EncounterRecord> {
  const { patientId, encounterId, scopes } = context;
  if (!encounterId) throw new LaunchProblem('no-encounter');
  const notes: ReadNote[] = [];
  const optional = <T>(what: string, promise: Promise<T>, fallback: T): Promise<T> =>
    observed(
      promise.catch((err: unknown) => {
        if (err instanceof LaunchProblem) throw err;
        notes.push({ message: `${what} could not be read (${describe(err)}).` });
        return fallback;
      }),
    );
  const skipped = (what: string, scope: string): void => {
    notes.push({ message: `${what} were not read: the EHR did not grant the scope ${scope}.` });
  };

  // Round trip 1.
  const encounterP = observed(
    rest.read<Encounter>(`Encounter/${encounterId}`).catch((err: unknown) => {
      throw requiredReadProblem(err, `Encounter/${encounterId}`);
    }),
  );
  const metadataP = rest.read<CapabilityStatement>('metadata').catch(() => undefined);
  const patientP = scopes.mayAttempt('Patient', 'r')
    ? optional('The patient', rest.read<Patient>(`Patient/${patientId}`), undefined)
    : Promise.resolve(undefined);
  const coveragesP = scopes.mayAttempt('Coverage', 's')
    ? optional('Coverage (insurance)', rest.search(`Coverage?patient=${patientId}&_count=${PAGE_SIZE}`), [] as BundleEntry[])
    : (skipped('Coverage (insurance) records', 'patient/Coverage.rs'), Promise.resolve([] as BundleEntry[]));

  const userP = readUserName(rest, context);

  const [encounter, statement] = await Promise.all([encounterP, metadataP]);
  const capabilities = new Capabilities(statement);
  const window = searchWindow(encounter);
  const ofThisEncounter = (ref: { reference?: string } | undefined, when: string | { start?: string; end?: string } | undefined) =>
    ref?.reference ? refKey(ref) === `Encounter/${encounterId}` : withinPeriod(when, encounter.period);

  // Round trip 2 (+ pages), with round trip 3 started per page for Medications not already at hand.
  const medications = new ReferenceResolver<Medication>('Medication', rest, notes, 'its drug cannot be identified');
  const conditions = new ReferenceResolver<Condition>('Condition', rest, notes, 'its diagnosis code is not on the claim');
  const providersP = observed(readProviders(rest, encounter, scopes, notes));
  const readConditions = scopes.mayAttempt('Condition', 'r');
  if (readConditions) for (const d of encounter.diagnosis ?? []) conditions.need(d.condition);
  const include = capabilities.supportsInclude('MedicationAdministration', MEDICATION_INCLUDE) ? `&_include=${MEDICATION_INCLUDE}` : '';
  if (!scopes.mayAttempt('MedicationAdministration', 's')) {
    throw new LaunchProblem('read-refused', 'the EHR did not grant patient/MedicationAdministration.rs');
  }
  let firstPage = true;
  const administrationsP = rest
    .search(
      `MedicationAdministration?patient=${patientId}${windowParams('effective-time', window)}&_count=${PAGE_SIZE}${include}`,
      (page) => {
        for (const e of page) if (e.resource?.resourceType === 'Medication') medications.known(e.resource as Medication);
        const ours = FhirRest.matches<MedicationAdministration>(page, 'MedicationAdministration').filter((ma) =>
          ofThisEncounter(ma.context, ma.effectivePeriod ?? ma.effectiveDateTime),
        );
        for (const ma of ours) {
          medications.need(ma.medicationReference);
          if (readConditions) for (const r of ma.reasonReference ?? []) conditions.need(r);
        }
        if (firstPage && ours.length && hooks.onFirstAdministrations) {
          firstPage = false;
          const report = hooks.onFirstAdministrations;
          medications.settled(ours.map((ma) => ma.medicationReference)).then((found) => report(ours, found), () => undefined);
        }
      },
    )
    .catch((err: unknown) => {
      throw requiredReadProblem(err, 'MedicationAdministration');
    });
  observed(administrationsP);
  const proceduresP = scopes.mayAttempt('Procedure', 's')
    ? optional('Procedures', rest.search(`Procedure?patient=${patientId}${windowParams('date', window)}&_count=${PAGE_SIZE}`), [] as BundleEntry[])
    : (skipped('Procedures', 'patient/Procedure.rs'), Promise.resolve([] as BundleEntry[]));
  // Waste records belong to their administration through partOf, whatever their date: read without the window.
  // Nurse notes carry the DocumentReference form of a waste record; reading them back needs read access, which an
  // EHR may not grant an app that only writes notes.
  const waste = searchWasteRecords(rest, patientId, scopes.mayAttempt('DocumentReference', 's'));
  // Required: without them the page would ask for an amount already recorded, and a second record would follow.
  const wasteRecordsP = observed(
    waste.records.catch((err: unknown) => {
      throw requiredReadProblem(err, 'MedicationAdministration (discarded amounts)');
    }),
  );
  const notesP = waste.notes ? optional('Nurse notes (waste records kept as notes)', waste.notes, [] as BundleEntry[]) : Promise.resolve([] as BundleEntry[]);

  const [administrationEntries, wasteEntries, procedureEntries, noteEntries, patient, coverageEntries, userName] = await Promise.all([
    administrationsP,
    wasteRecordsP,
    proceduresP,
    notesP,
    patientP,
    coveragesP,
    userP,
  ]);
  const given = FhirRest.matches<MedicationAdministration>(administrationEntries, 'MedicationAdministration').filter(
    (ma) => !isPartOfAnother(ma) && ofThisEncounter(ma.context, ma.effectivePeriod ?? ma.effectiveDateTime),
  );
  const found = wasteRecordsOf(wasteEntries, noteEntries, given, `Encounter/${encounterId}`);
  for (const stray of found.strays) notes.push({ message: strayMessage(stray) });
  const administrations = [...given, ...found.records];
  const procedures = FhirRest.matches<Procedure>(procedureEntries, 'Procedure').filter((p) =>
    ofThisEncounter(p.encounter, p.performedPeriod ?? p.performedDateTime),
  );
  return {
    patient,
    encounter,
    administrations,
    medications: await medications.all(),
    conditions: await conditions.all(),
    procedures,
    coverages: FhirRest.matches<Coverage>(coverageEntries, 'Coverage'),
    wasteNotes: found.notes,
    providers: await providersP,
    capabilities,
    notes,
    userName,
  };
}

/** Participation types whose practitioner may render the claim (docs/billing-rules.md 8). */
const RENDERING_TYPES = new Set(['PPRF', 'ATND', 'SPRF']);

/** The encounter's rendering candidates and service provider, each read once; a refused read is a note. */
async function readProviders(
  rest: FhirRest,
  encounter: Encounter,
  scopes: LaunchContext['scopes'],
  notes: ReadNote[],
): Promise<(Practitioner | PractitionerRole | Organization)[]> {
  const practitioners = new ReferenceResolver<Practitioner>('Practitioner', rest, notes, 'the claim cannot name them as rendering provider');
  const roles = new ReferenceResolver<PractitionerRole>('PractitionerRole', rest, notes, 'the claim cannot name them as rendering provider');
  const organizations = new ReferenceResolver<Organization>('Organization', rest, notes, "the billing provider's NPI and tax id come from configuration");
  for (const p of encounter.participant ?? []) {
    const renders = (p.type ?? []).some((t) => (t.coding ?? []).some((c) => c.code !== undefined && RENDERING_TYPES.has(c.code)));
    if (!renders) continue;
    if (scopes.mayAttempt('Practitioner', 'r')) practitioners.need(p.individual);
    if (scopes.mayAttempt('PractitionerRole', 'r')) roles.need(p.individual);
  }
  if (scopes.mayAttempt('Organization', 'r')) organizations.need(encounter.serviceProvider);
  // A role names its practitioner, whose NPI the claim may need: one more round trip, only for roles.
  const foundRoles = await roles.all();
  if (scopes.mayAttempt('Practitioner', 'r')) for (const role of foundRoles) practitioners.need(role.practitioner);
  const [people, places] = await Promise.all([practitioners.all(), organizations.all()]);
  return [...people, ...foundRoles, ...places];
}

/** "Dana Okafor" for fhirUser Practitioner/123: who the waste form says is recording. A display hint only. */
async function readUserName(rest: FhirRest, context: LaunchContext): Promise<string | undefined> {
  const type = /^(Practitioner|Patient|RelatedPerson|Person)\/[^/]+$/.exec(context.fhirUser ?? '')?.[1];
  if (!type || !context.scopes.allows(type, 'r')) return undefined;
  try {
    const user = await rest.read<Resource & { name?: HumanName[] }>(context.fhirUser!);
    const name = user.name?.find((n) => n.use === 'official') ?? user.name?.[0];
    return name?.text ?? ([...(name?.given ?? []), name?.family].filter(Boolean).join(' ') || undefined);
  } catch (err) {
    if (err instanceof LaunchProblem) throw err;
    return undefined; // the reference alone still says who
  }
}

/** Fetches each referenced resource of one type once, in parallel; contained and _include'd ones need no request. */
class ReferenceResolver<T extends Resource> {
  private readonly byRef = new Map<string, Promise<T | undefined>>();

  constructor(
    private readonly type: T['resourceType'],
    private readonly rest: FhirRest,
    private readonly notes: ReadNote[],
    /** What a failed read means for the result, for the note. */
    private readonly consequence: string,
  ) {}

  known(resource: T): void {
    if (resource.id) this.byRef.set(`${this.type}/${resource.id}`, Promise.resolve(resource));
  }

  need(ref: Reference | undefined): void {
    if (!ref?.reference || ref.reference.startsWith('#')) return;
    const key = refKey(ref);
    if (!key?.startsWith(`${this.type}/`) || this.byRef.has(key)) return;
    const label = ref.display ? `${ref.reference} (${ref.display})` : ref.reference;
    if (/^https?:\/\//.test(ref.reference) && !ref.reference.startsWith(`${this.rest.base}/`)) {
      this.notes.push({ message: `${label} is on another server and was not read; ${this.consequence}.` });
      this.byRef.set(key, Promise.resolve(undefined));
      return;
    }
    this.byRef.set(
      key,
      observed(
        this.rest.read<T>(key).catch((err: unknown) => {
          if (err instanceof LaunchProblem) throw err;
          this.notes.push({ message: `${label} could not be read (${describe(err)}); ${this.consequence}.` });
          return undefined;
        }),
      ),
    );
  }

  /** The resources behind these references, once each read has finished (failed reads left out). */
  async settled(refs: (Reference | undefined)[]): Promise<T[]> {
    const keys = refs.map((ref) => (ref?.reference ? refKey(ref) : undefined)).filter((k): k is string => Boolean(k));
    const found = await Promise.all(keys.map((key) => this.byRef.get(key) ?? Promise.resolve(undefined)));
    return found.filter((r): r is Awaited<T> => r !== undefined);
  }

  async all(): Promise<T[]> {
    const found = await Promise.all(this.byRef.values());
    return found.filter((r): r is Awaited<T> => r !== undefined);
  }
}

/**
 * Marks a promise as handled: reads run in parallel, and when one fails the others may reject (an expired session)
 * after the caller has stopped listening. The promise itself still rejects for whoever awaits it.
 */
function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function requiredReadProblem(err: unknown, what: string): LaunchProblem {
  if (err instanceof LaunchProblem) return err;
  if (err instanceof FhirHttpError && (err.status === 403 || err.status === 401)) return new LaunchProblem('read-refused', `${what}: ${err.message}`);
  if (err instanceof FhirHttpError && err.status === 404 && what.startsWith('Encounter/')) return new LaunchProblem('no-encounter', `${what} was not found`);
  return new LaunchProblem('read-failed', err instanceof Error ? err.message : String(err));
}

function describe(err: unknown): string {
  if (err instanceof FhirHttpError) {
    if (err.status === 403) return 'the EHR refused access (403)';
    if (err.status === 404) return 'not found (404)';
    // A 200 that is not FHIR (a proxy's or portal's HTML page): the reason is in the text.
    if (err.status < 300 && err.serverText) return err.serverText;
    return `the EHR answered ${err.status}`;
  }
  return err instanceof Error ? err.message : String(err);
}
