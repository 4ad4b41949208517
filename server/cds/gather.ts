// Puts together the record of one visit for derive(): from the prefetch the EHR sent, and for every prefetch key
// that is missing, null, an OperationOutcome or not what the template asked for, from the EHR's FHIR server (all
// those reads at once, every page followed, then the Medications neither included nor contained, at once).
// Whatever cannot be had makes the check inconclusive (GatherProblem): no card is better than a card that blames
// a gap in the prefetch on the nurse ("coverage missing" because the Coverage query failed).
import { isWasteRecord, refKey, refOf } from '../../src/billing';
import type { BillingSettings } from '../../src/billing';
import type { Bundle, DocumentReference, Encounter, MedicationAdministration, Procedure, Resource } from 'fhir/r4';
import { FhirHttpError } from '../../src/fhir/errors';
import { FhirRest } from '../../src/fhir/rest';
import { withinPeriod } from '../../src/fhir/time-window';
import type { HookContext, HookRequest } from './hook-request';
import { OPEN_ENCOUNTER_STATUSES, type CdsService } from './services';

/** Why no conclusion could be drawn; logged (no patient data in it), and the EHR gets an empty card list. */
export class GatherProblem extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'GatherProblem';
  }
}

export interface VisitRecord {
  /** "Encounter/e1", or undefined when the patient has no open visit today (patient-view): nothing to check. */
  encounter?: string;
  resources: Resource[];
}

export interface GatherOptions {
  settings: BillingSettings;
  /** YYYY-MM-DD in the clinic's time: which open visit is today's (patient-view). */
  today: string;
  /** Upper bound on the resources of one call, so that derive's work stays bounded. */
  maxResources: number;
  /** Aborts the FHIR reads when the budget runs out. */
  signal: AbortSignal;
  now?: number;
  fetch?: typeof fetch;
}

/** Resource types each prefetch key may hold (an OperationOutcome entry is a search warning and is skipped). */
const EXPECTED: Record<string, readonly string[]> = {
  encounter: ['Encounter'],
  openEncounters: ['Encounter'],
  administrations: ['MedicationAdministration', 'Medication'],
  procedures: ['Procedure'],
  coverage: ['Coverage'],
  nurseNotes: ['DocumentReference'],
};

const PAGE_SIZE = 100;
/** A server that keeps answering `next` is cut off here; the budget stops it sooner in practice. */
const MAX_PAGES = 20;

export async function gatherVisit(service: CdsService, request: HookRequest, opts: GatherOptions): Promise<VisitRecord> {
  const reader = request.fhir ? new Reader(request.fhir, opts) : undefined;
  const byKey = new Map<string, Resource[]>();
  const missing: string[] = [];
  for (const key of Object.keys(service.prefetch)) {
    const usable = fromPrefetch(key, request.prefetch[key], request.context);
    if (usable) byKey.set(key, usable);
    else missing.push(key);
  }
  if (missing.length && !reader) {
    throw new GatherProblem(`prefetch ${missing.join(', ')} missing or unusable and no fhirServer with fhirAuthorization to read it from`);
  }
  const read = await Promise.all(missing.map((key) => reader!.query(key, fill(service.prefetch[key]!, request.context))));
  missing.forEach((key, i) => byKey.set(key, read[i]!));

  const count = [...byKey.values()].reduce((n, list) => n + list.length, 0);
  if (count > opts.maxResources) throw new GatherProblem(`${count} resources for one patient, more than the ${opts.maxResources} one call may check`);

  const encounter = targetEncounter(service, request.context, byKey, opts.today, opts.now ?? Date.now());
  if (!encounter) return { resources: [] };
  const visit = visitResources(encounter, request.context, byKey, opts.settings);

  const absent = missingMedications(visit);
  if (absent.length) {
    if (!reader) throw new GatherProblem(`${absent.length} Medication(s) the administrations reference were neither included nor contained, and there is no fhirServer to read them from`);
    visit.push(...(await Promise.all(absent.map((ref) => reader.read(ref)))));
  }
  return { encounter: refOf(encounter), resources: visit };
}

/** The prefetched value when it is what the template asked for; undefined when it must be read instead. */
function fromPrefetch(key: string, value: unknown, context: HookContext): Resource[] | undefined {
  if (!isResource(value)) return undefined;
  const expected = EXPECTED[key] ?? [];
  if (key === 'encounter') {
    return value.resourceType === 'Encounter' && value.id === context.encounterId ? [value] : undefined;
  }
  if (value.resourceType !== 'Bundle') return undefined;
  const entries = (value as Bundle).entry;
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) return undefined;
  const resources: Resource[] = [];
  for (const entry of entries) {
    const resource: unknown = (entry as { resource?: unknown } | null)?.resource;
    if (!isResource(resource)) return undefined;
    if (resource.resourceType === 'OperationOutcome') continue;
    if (!expected.includes(resource.resourceType)) return undefined;
    resources.push(resource);
  }
  // A searchset with a next link is a first page only: the rest is read.
  if ((value as Bundle).link?.some?.((l) => l?.relation === 'next')) return undefined;
  return resources;
}

function targetEncounter(service: CdsService, context: HookContext, byKey: Map<string, Resource[]>, today: string, now: number): Encounter | undefined {
  const patient = `Patient/${context.patientId}`;
  if (service.hook === 'encounter-discharge') {
    const encounter = byKey.get('encounter')?.find((r): r is Encounter => r.resourceType === 'Encounter' && r.id === context.encounterId);
    if (!encounter) throw new GatherProblem('the encounter of the context could not be had');
    if (refKey(encounter.subject) !== patient) throw new GatherProblem("the encounter of the context is not the context patient's");
    return encounter;
  }
  const open = (byKey.get('openEncounters') ?? []).filter(
    (r): r is Encounter =>
      r.resourceType === 'Encounter' &&
      refKey((r as Encounter).subject) === patient &&
      (OPEN_ENCOUNTER_STATUSES as readonly string[]).includes((r as Encounter).status) &&
      isToday(r as Encounter, today, now),
  );
  const named = context.encounterId ? open.find((e) => e.id === context.encounterId) : undefined;
  // Of several open visits today (rare: a second visit opened before the first was closed), the latest.
  return named ?? open.sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''))[0];
}

/**
 * Starts today (the date as the EHR wrote it), or has a planned end and is under way now. An open visit that
 * started days ago with no end is a stay or a chart left open, not today's clinic visit.
 */
function isToday(encounter: Encounter, today: string, now: number): boolean {
  const start = encounter.period?.start;
  if (start?.slice(0, 10) === today) return true;
  return Boolean(start && encounter.period?.end) && withinPeriod(new Date(now).toISOString(), encounter.period);
}

/**
 * The resources of this visit only: its administrations (by context, or by time when they name none, as derive
 * joins them), every waste record and nurse note (they belong to an administration through partOf, whatever
 * their date), the Medications, the Procedures not tied to another visit, and the patient's Coverage.
 */
function visitResources(encounter: Encounter, context: HookContext, byKey: Map<string, Resource[]>, settings: BillingSettings): Resource[] {
  const self = refOf(encounter);
  const patient = `Patient/${context.patientId}`;
  const out: Resource[] = [encounter];
  for (const r of byKey.get('administrations') ?? []) {
    if (r.resourceType === 'Medication') {
      out.push(r);
      continue;
    }
    const ma = r as MedicationAdministration;
    if (refKey(ma.subject) !== patient) continue;
    const context = refKey(ma.context);
    if (isWasteRecord(ma, settings.wasteReasonCodes) || context === self || (!context && withinPeriod(ma.effectivePeriod ?? ma.effectiveDateTime, encounter.period))) {
      out.push(ma);
    }
  }
  for (const r of byKey.get('procedures') ?? []) {
    const p = r as Procedure;
    if (refKey(p.subject) === patient && (!p.encounter || refKey(p.encounter) === self)) out.push(p);
  }
  for (const r of byKey.get('coverage') ?? []) out.push(r);
  for (const r of byKey.get('nurseNotes') ?? []) if (refKey((r as DocumentReference).subject) === patient) out.push(r);
  return out;
}

/** "Medication/x" references of the visit's administrations that nothing in hand answers. */
function missingMedications(resources: Resource[]): string[] {
  const have = new Set(resources.filter((r) => r.resourceType === 'Medication').map(refOf));
  const absent = new Set<string>();
  for (const r of resources) {
    if (r.resourceType !== 'MedicationAdministration') continue;
    const ref = (r as MedicationAdministration).medicationReference?.reference;
    if (!ref || ref.startsWith('#')) continue;
    const key = refKey({ reference: ref });
    if (key && /^Medication\/[A-Za-z0-9\-.]{1,64}$/.test(key) && !have.has(key)) absent.add(key);
  }
  return [...absent];
}

/** Only the context tokens CDS Hooks defines; the ids were checked to be FHIR ids, safe in a URL. */
function fill(template: string, context: HookContext): string {
  return template.replace(/\{\{context\.(userId|patientId|encounterId)\}\}/g, (_, name: keyof HookContext) => context[name] ?? '');
}

function isResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Resource).resourceType === 'string';
}

/**
 * Reads from the EHR's FHIR server with the token of this call. The token stays inside this object, which lives
 * as long as the call; links outside the server (a `next` elsewhere) are refused so it never travels further.
 */
class Reader {
  private readonly rest: FhirRest;

  constructor(fhir: { server: string; accessToken: string }, opts: GatherOptions) {
    const base = `${fhir.server}/`;
    const doFetch = opts.fetch ?? fetch;
    this.rest = new FhirRest(
      fhir.server,
      (url, init) => {
        if (!url.startsWith(base)) return Promise.reject(new Error('a link outside the fhirServer was not followed'));
        const headers = new Headers(init?.headers);
        headers.set('authorization', `Bearer ${fhir.accessToken}`);
        headers.set('accept', 'application/fhir+json');
        return doFetch(url, { ...init, headers, signal: opts.signal, redirect: 'error' });
      },
      { retryDelaysMs: [], maxPages: MAX_PAGES },
    );
  }

  async query(key: string, path: string): Promise<Resource[]> {
    try {
      if (!path.includes('?')) return [await this.rest.read<Resource>(path)];
      const entries = await this.rest.search(`${path}&_count=${PAGE_SIZE}`);
      const expected = EXPECTED[key] ?? [];
      return entries.map((e) => e.resource!).filter((r) => expected.includes(r.resourceType));
    } catch (err) {
      throw new GatherProblem(`the fhirServer ${failure(err)} for ${key}`);
    }
  }

  async read(ref: string): Promise<Resource> {
    try {
      return await this.rest.read<Resource>(ref);
    } catch (err) {
      throw new GatherProblem(`the fhirServer ${failure(err)} for a Medication`);
    }
  }
}

/** Status only: the server's text and URL could name the patient. */
function failure(err: unknown): string {
  if (err instanceof FhirHttpError) return `answered ${err.status}`;
  return 'gave no answer';
}
