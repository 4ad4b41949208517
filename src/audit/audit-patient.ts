// One patient's part of the audit: check the references of their resources, keep the administrations inside the
// date range, run the same derive() as every other door, and put each finding in context (date, drug, HCPCS,
// estimated value of undocumented waste).
import Big from 'big.js';
import type { Encounter, MedicationAdministration, Resource } from 'fhir/r4';
import type { CatalogIndex } from '../catalog/catalog-index';
import { derive, drugName, identify, isWasteRecord, medicationOf, refKey, ResourceStore, serviceDateOf } from '../billing';
import type { BillingLine, BillingSettings, DeriveOutput, EncounterResult, Finding } from '../billing';
import type { FaultLog } from './faults';
import type { LocatedResource, PatientGroup } from './partition';
import { collectReferences, roleOfType } from './resource-roles';
import type { SharedLookup } from './shared-resources';
import { NOBODY, type Directory, type Party } from './who';

export interface PatientAuditContext {
  catalog: CatalogIndex;
  settings: BillingSettings;
  today: string;
  /** Inclusive YYYY-MM-DD bounds on the date of service. */
  since?: string;
  until?: string;
  shared: SharedLookup;
  /** Types the export holds: a reference to any other type is not checked (it was not asked for). */
  typesPresent: ReadonlySet<string>;
  faults: FaultLog;
  fileName: (file: number) => string;
  /** Names the performers and locations. */
  directory: Directory;
}

export interface DrugLabel {
  /** Groups findings "by drug": the HCPCS code, or the drug's name when it maps to none. */
  key: string;
  label: string;
  /** The drug's name: the code's description without "Injection,", or the medication's own name. */
  name: string;
  hcpcs: string;
}

export interface WasteValue {
  units: number;
  /** Absent when the catalog has no payment limit for the code. */
  dollars?: Big;
}

export interface AuditedFinding {
  finding: Finding;
  date: string;
  drug: DrugLabel | undefined;
  /** NDC (11 digits) of the product given, when the finding is about an administration that has one. */
  ndc: string | undefined;
  /** Who gave the (first) administration the finding is about; absent for findings about the encounter or patient. */
  performer: Party | undefined;
  /** For waste-undocumented: the estimate, or why there is none. */
  waste?: WasteValue | { notEstimated: string };
}

export interface AuditedEncounter {
  patient: string;
  encounter: string;
  date: string;
  lines: BillingLine[];
  /** For each line, in order: the drug's name and who gave the administration it came from. */
  lineFacts: { drugName: string; performer: Party }[];
  findings: AuditedFinding[];
  blocked: boolean;
  /** The encounter's location, or its service provider. */
  location: Party;
}

export interface AuditedPatient {
  patient: string;
  encounters: AuditedEncounter[];
  /** Administrations audited (waste records excluded), by drug key. */
  administrationsByDrug: Map<string, { drug: DrugLabel; count: number }>;
  administrations: number;
  wasteRecords: number;
  /** The patient's own id and its encounters' ids, for pseudonymizing free text. */
  ids: { type: string; id: string }[];
}

const UNKNOWN_DRUG = 'drug not identified';

export function auditPatient(group: PatientGroup, ctx: PatientAuditContext): AuditedPatient {
  // Each resource's "Type/id", made once: the date filter and the choice of derive()'s input look them up again.
  const keys: string[] = [];
  const own = new Map<string, Resource>();
  const ids = [{ type: 'Patient', id: group.patient.slice('Patient/'.length) }];
  for (const { resource } of group.resources) {
    const key = `${resource.resourceType}/${resource.id}`;
    keys.push(key);
    own.set(key, resource);
    if (resource.resourceType === 'Encounter') ids.push({ type: 'Encounter', id: resource.id });
  }
  const sharedNeeded = checkReferences(group.resources, own, ctx);

  const kept = keptAdministrations(group.resources, keys, own, ctx);
  const input: Resource[] = [];
  for (let i = 0; i < keys.length; i++) {
    const { resource } = group.resources[i]!;
    if (resource.resourceType !== 'MedicationAdministration' || isKept(kept, keys[i]!)) input.push(resource);
  }
  for (const ref of sharedNeeded) input.push(ctx.shared.get(ref)!);

  // The audit writes no Claims: derive() is asked not to build them.
  const output = derive(input, ctx.catalog, ctx.settings, { today: ctx.today, claims: false });
  const store = new LazyStore(input);
  const administrationsByDrug = labelDrugs(output, kept, store, ctx.catalog);

  const filtering = ctx.since !== undefined || ctx.until !== undefined;
  const encounters: AuditedEncounter[] = [];
  for (const result of output.results) {
    if (!concernsKept(result, kept, filtering)) continue;
    encounters.push(auditedEncounter(result, group.patient, own, kept, ctx));
  }
  return {
    patient: group.patient,
    encounters,
    administrationsByDrug,
    administrations: kept.administrations.size,
    wasteRecords: kept.wasteRecords.size,
    ids,
  };
}

/**
 * Reports references to resources the export should hold and does not; returns the shared resources (drugs,
 * clinic, staff) this patient's resources point at, which derive() needs beside them.
 */
function checkReferences(resources: readonly LocatedResource[], own: ReadonlyMap<string, Resource>, ctx: PatientAuditContext): Set<string> {
  const sharedNeeded = new Set<string>();
  // One list for all the patient's resources, each resource's references at its end.
  const references: string[] = [];
  for (const located of resources) {
    const contained = containedIds(located.resource);
    const first = references.length;
    collectReferences(located.resource, references);
    for (let i = first; i < references.length; i++) {
      const reference = references[i]!;
      if (reference.startsWith('#')) {
        if (!contained?.has(reference.slice(1))) unresolved(ctx, located, reference, 'which is not among its contained resources');
        continue;
      }
      const key = keyOf(reference);
      // Most references name the patient's own resources (only types of the patient role are in own) or a
      // shared resource already found: nothing left to check, and no type to cut out of the reference.
      if (!key || own.has(key) || sharedNeeded.has(key)) continue;
      const slash = key.indexOf('/');
      const type = slash > 0 ? key.slice(0, slash) : undefined;
      if (!type || !ctx.typesPresent.has(type)) continue;
      const role = roleOfType(type);
      if (role === 'patient') unresolved(ctx, located, key, "which is not among this patient's resources in the export");
      else if (role === 'shared') {
        if (ctx.shared.has(key)) sharedNeeded.add(key);
        else unresolved(ctx, located, key, 'which is not in the export');
      }
    }
  }
  return sharedNeeded;
}

/** The ids of a resource's contained resources; undefined when it has none, as most have (no set is made). */
function containedIds(resource: Resource): Set<string | undefined> | undefined {
  const contained = (resource as { contained?: Resource[] }).contained;
  return contained == null ? undefined : new Set(contained.map((c) => c.id));
}

/** "Type/id" of a reference; the plain relative form, by far the most common in exports, skips the regular expression. */
function keyOf(reference: string): string | undefined {
  const slash = reference.indexOf('/');
  if (slash > 0 && reference.indexOf('/', slash + 1) === -1 && reference.indexOf(':') === -1) return reference;
  return refKey({ reference });
}

function unresolved(ctx: PatientAuditContext, { resource, file, line }: LocatedResource, target: string, why: string): void {
  const self = `${resource.resourceType}/${resource.id}`;
  ctx.faults.add({ kind: 'reference-unresolved', file: ctx.fileName(file), line, resource: self, message: `${self} refers to ${target}, ${why}` });
}

interface KeptAdministrations {
  /** The administrations proper (not waste records) kept, by ref. */
  administrations: Map<string, KeptAdministration>;
  /** The waste records kept, by ref (none of them also an administration's). */
  wasteRecords: Set<string>;
  /** Encounters the kept administrations name as their context. */
  contexts: Set<string>;
}

interface KeptAdministration {
  resource: MedicationAdministration;
  /** The date of service, when the administration has one. */
  date: string | undefined;
  /** Set once derive() has run. */
  drug: DrugLabel | undefined;
  /** The product's NDC (11 digits): the drug line's, else identify()'s; set with drug. */
  ndc: string | undefined;
  /** Who gave it; named on first use. */
  performer: Party | undefined;
}

/** Whether a MedicationAdministration, administration or waste record, is kept. */
function isKept(kept: KeptAdministrations, ref: string): boolean {
  return kept.administrations.has(ref) || kept.wasteRecords.has(ref);
}

/**
 * Administrations whose date of service is in the range; a waste record follows the administration it belongs
 * to (the discard may be recorded the day after), or its own date when that administration is not in the export.
 */
function keptAdministrations(
  resources: readonly LocatedResource[],
  keys: readonly string[],
  own: ReadonlyMap<string, Resource>,
  ctx: PatientAuditContext,
): KeptAdministrations {
  const kept: KeptAdministrations = { administrations: new Map(), wasteRecords: new Set(), contexts: new Set() };
  const wasteRecords: number[] = [];
  for (let i = 0; i < resources.length; i++) {
    const { resource } = resources[i]!;
    if (resource.resourceType !== 'MedicationAdministration') continue;
    const ma = resource as MedicationAdministration;
    if (isWasteRecord(ma, ctx.settings.wasteReasonCodes)) {
      wasteRecords.push(i);
      continue;
    }
    const date = serviceDateOf(ma.effectivePeriod?.start ?? ma.effectiveDateTime);
    if (!inRange(date, ctx)) continue;
    kept.administrations.set(keys[i]!, { resource: ma, date, drug: undefined, ndc: undefined, performer: undefined });
    const context = refKey(ma.context);
    if (context) kept.contexts.add(context);
  }
  for (const i of wasteRecords) {
    const record = resources[i]!.resource as MedicationAdministration;
    const parent = (record.partOf ?? []).map(refKey).find((k) => k?.startsWith('MedicationAdministration/'));
    const keep = parent && own.has(parent)
      ? kept.administrations.has(parent)
      : inRange(serviceDateOf(record.effectivePeriod?.start ?? record.effectiveDateTime), ctx);
    if (keep && !kept.administrations.has(keys[i]!)) kept.wasteRecords.add(keys[i]!);
  }
  return kept;
}

function inRange(date: string | undefined, ctx: PatientAuditContext): boolean {
  if (ctx.since === undefined && ctx.until === undefined) return true;
  if (!date) return false;
  return (ctx.since === undefined || date >= ctx.since) && (ctx.until === undefined || date <= ctx.until);
}

/**
 * An encounter result belongs in the audit when it is about a kept administration. Encounters with no
 * administrations at all (office visits, labs) would only say "nothing to bill" and are left out; with a date
 * range, so are encounters whose administrations fall outside it.
 */
function concernsKept(result: EncounterResult, kept: KeptAdministrations, filtering: boolean): boolean {
  if (result.encounter && kept.contexts.has(result.encounter)) return true;
  for (const line of result.lines) for (const s of line.sources) if (isKept(kept, s)) return true;
  for (const f of result.findings) for (const r of f.resources) if (isKept(kept, r)) return true;
  return !filtering && result.lines.length > 0;
}

/**
 * Sets the drug of each kept administration: from its (last) drug line when it has one, from identify() otherwise.
 * Returns the administrations counted by drug.
 */
function labelDrugs(output: DeriveOutput, kept: KeptAdministrations, store: LazyStore, catalog: CatalogIndex): AuditedPatient['administrationsByDrug'] {
  for (const result of output.results) {
    for (const line of result.lines) {
      if (line.kind !== 'drug') continue;
      for (const s of line.sources) {
        const administration = kept.administrations.get(s);
        if (!administration) continue;
        administration.drug = line.code ? labelOfCode(line.code, catalog, line.code) : undefined;
        administration.ndc = line.ndc;
      }
    }
  }
  const byDrug: AuditedPatient['administrationsByDrug'] = new Map();
  for (const administration of kept.administrations.values()) {
    if (!administration.drug) {
      const identified = drugOf(administration.resource, store.get(), catalog);
      administration.drug = identified.drug;
      administration.ndc = identified.ndc;
    }
    const drug = administration.drug;
    const entry = byDrug.get(drug.key);
    if (entry) entry.count++;
    else byDrug.set(drug.key, { drug, count: 1 });
  }
  return byDrug;
}

/** derive()'s input indexed, made only for the patients that need it (a drug derive() made no line for). */
class LazyStore {
  private store: ResourceStore | undefined;

  constructor(private readonly input: readonly Resource[]) {}

  get(): ResourceStore {
    return (this.store ??= new ResourceStore(this.input));
  }
}

/** Labels of the catalog's codes, by catalog: made once per code rather than once per administration. */
const catalogLabels = new WeakMap<CatalogIndex, Map<string, DrugLabel>>();

function labelOfCode(hcpcs: string, catalog: CatalogIndex, name: string): DrugLabel {
  let labels = catalogLabels.get(catalog);
  if (!labels) catalogLabels.set(catalog, (labels = new Map()));
  let label = labels.get(hcpcs);
  if (label) return label;
  const code = catalog.code(hcpcs);
  // Only a code of the catalog has a label of its own to remember; otherwise the label takes the drug's name.
  if (!code) return { key: hcpcs, label: `${hcpcs} ${name}`, name, hcpcs };
  const described = code.description.replace(/^(injection|infusion),\s*/i, '');
  label = { key: hcpcs, label: `${hcpcs} ${described}`, name: described, hcpcs };
  labels.set(hcpcs, label);
  return label;
}

function drugOf(ma: MedicationAdministration, store: ResourceStore, catalog: CatalogIndex): { drug: DrugLabel; ndc: string | undefined } {
  const { drug } = identify(ma, store, catalog);
  if (drug) return { drug: labelOfCode(drug.hcpcs, catalog, drug.name), ndc: drug.ndc };
  const name = drugName(ma, medicationOf(ma, store));
  const label = name === 'the drug' ? UNKNOWN_DRUG : name;
  return { drug: { key: `name:${label}`, label, name: label, hcpcs: '' }, ndc: undefined };
}

function auditedEncounter(
  result: EncounterResult,
  patient: string,
  own: ReadonlyMap<string, Resource>,
  kept: KeptAdministrations,
  ctx: PatientAuditContext,
): AuditedEncounter {
  const date = encounterDate(result, own, kept);
  const findings: AuditedFinding[] = [];
  let blocked = false;
  for (const finding of result.findings) {
    const audited = auditedFinding(finding, date, kept, ctx.directory);
    if (finding.code === 'waste-undocumented') audited.waste = wasteValue(finding, ctx.catalog);
    findings.push(audited);
    if (finding.severity === 'error') blocked = true;
  }
  const lineFacts = result.lines.map((line) => {
    const administration = firstKept(line.sources, kept);
    return { drugName: administration?.drug?.name ?? '', performer: administration ? performerOf(administration, ctx.directory) : NOBODY };
  });
  const encounter = result.encounter ? (own.get(result.encounter) as Encounter | undefined) : undefined;
  return {
    patient: result.patient ?? patient,
    encounter: result.encounter ?? '',
    date,
    lines: result.lines,
    lineFacts,
    findings,
    blocked,
    location: ctx.directory.locationOf(encounter),
  };
}

/** A finding with the earliest date of service, and the drug, product and performer of its first administration. */
function auditedFinding(finding: Finding, encounterDate: string, kept: KeptAdministrations, directory: Directory): AuditedFinding {
  let date = '';
  let first: KeptAdministration | undefined;
  for (const ref of finding.resources) {
    const administration = kept.administrations.get(ref);
    if (!administration) continue;
    date = earlier(date, administration.date);
    first ??= administration;
  }
  return {
    finding,
    date: date || encounterDate,
    drug: first?.drug,
    ndc: first?.ndc,
    performer: first ? performerOf(first, directory) : undefined,
  };
}

function firstKept(refs: readonly string[], kept: KeptAdministrations): KeptAdministration | undefined {
  for (const ref of refs) {
    const administration = kept.administrations.get(ref);
    if (administration) return administration;
  }
  return undefined;
}

function performerOf(administration: KeptAdministration, directory: Directory): Party {
  return (administration.performer ??= directory.performerOf(administration.resource));
}

function encounterDate(result: EncounterResult, own: ReadonlyMap<string, Resource>, kept: KeptAdministrations): string {
  let date = '';
  for (const line of result.lines) date = earlier(date, line.serviceDate);
  if (date) return date;
  for (const f of result.findings) for (const r of f.resources) date = earlier(date, kept.administrations.get(r)?.date);
  if (date) return date;
  const encounter = result.encounter ? (own.get(result.encounter) as Encounter | undefined) : undefined;
  return serviceDateOf(encounter?.period?.start) ?? '';
}

/** The earlier of two dates of service; '' (and undefined) stands for none. */
function earlier(date: string, other: string | undefined): string {
  return other && (date === '' || other < date) ? other : date;
}

/**
 * What one waste-undocumented finding puts at risk: the engine's own count of the billing units the opened
 * containers held beyond the dose (Finding.wasteLeft), at the catalog's ASP payment limit for the code.
 */
function wasteValue(finding: Finding, catalog: CatalogIndex): WasteValue | { notEstimated: string } {
  const left = finding.wasteLeft;
  if (!left) return { notEstimated: 'container size unknown' };
  const limit = catalog.code(left.hcpcs)?.paymentLimit;
  return limit ? { units: left.billingUnits, dollars: new Big(limit).times(left.billingUnits) } : { units: left.billingUnits };
}
