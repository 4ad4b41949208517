// The one engine every door calls: FHIR resources + catalog + settings in, lines + findings + draft Claim out.
// Pure: no I/O, no DOM, no Node APIs, so it runs unchanged in the browser, the API, the CLI and the audit.
import type { Condition, Coverage, Encounter, MedicationAdministration, Procedure } from 'fhir/r4';
import type { CatalogIndex } from '../catalog/catalog-index';
import { administrationLines } from './administration';
import { chargeLines } from './charges';
import { buildClaim } from './claim';
import { claimDiagnoses, type ClaimDiagnoses } from './diagnoses';
import { drugLines } from './drug-lines';
import { checkEdits } from './edits';
import { finding } from './findings';
import { decideFluids } from './hydration';
import { prepare, type PreparedAdministration } from './prepare';
import { ProcedureIndex } from './procedures';
import { claimProviders, type ProviderIdentity } from './providers';
import { refKey, refOf, ResourceStore } from './resources';
import { instant } from './timing';
import type { BillingLine, BillingSettings, DeriveOptions, DeriveOutput, EncounterResult, Finding } from './types';
import { collectWaste, isWasteRecord } from './waste-record';

export const ENGINE_VERSION = '0.1.0';

interface EncounterGroup {
  ref: string | null;
  encounter: Encounter | undefined;
  administrations: MedicationAdministration[];
  /** Conditions recorded against this encounter (Condition.encounter), indexed once per call. */
  conditions: Condition[];
}

/**
 * Derives every encounter of a FHIR Bundle (or array of resources): lines, findings and a draft Claim each.
 *
 * Contract: derive treats its input as read-only. It never changes the Bundle, its resources, the catalog's entries
 * or the settings (a deep-frozen input derives the same). The output may hold parts of the input as they are (a
 * diagnosis's CodeableConcept in the Claim), so it is read-only in turn. It holds no state a caller can make
 * stale: what it remembers from one call to the next (container facts per Medication, descriptor amounts,
 * container-size tables per catalog) is kept with the object it belongs to and used again only while the values
 * it was computed from are unchanged, so a Medication edited in place between two calls gives the new answer.
 */
export function derive(input: unknown, catalog: CatalogIndex, settings: BillingSettings, options: DeriveOptions): DeriveOutput {
  const store = new ResourceStore(input);
  const waste = collectWaste(store, settings.wasteReasonCodes);
  const procedures = new ProcedureIndex(store.ofType<Procedure>('Procedure'));
  const coverages = coveragesByPatient(store);
  const groups = groupByEncounter(store, settings);
  const results = groups.map((group) => {
    try {
      return deriveEncounter(group, store, waste, procedures, coverages, catalog, settings, options);
    } catch (err) {
      // A defect must not take the other encounters down with it, nor pass silently: it blocks this claim.
      const message = err instanceof Error ? err.message : String(err);
      return {
        encounter: group.ref,
        patient: null,
        lines: [],
        findings: [finding('nothing-to-bill', `This encounter could not be derived (${message}); please report it.`, group.ref ? [group.ref] : [])],
        claim: null,
      } satisfies EncounterResult;
    }
  });
  return { results };
}

function groupByEncounter(store: ResourceStore, settings: BillingSettings): EncounterGroup[] {
  const encounters = store.ofType<Encounter>('Encounter');
  // Keyed by the encounter's "Type/id"; administrations of no encounter are kept apart per patient (below).
  const groups = new Map<string, EncounterGroup>();
  // Mutation testing: a group's empty `conditions` list filled with a string is equivalent: claimDiagnoses reads only
  // objects as Conditions, so the string adds no diagnosis.
  for (const e of encounters) {
    const ref = refOf(e);
    groups.set(ref, { ref, encounter: e, administrations: [], conditions: [] });
  }
  for (const c of store.ofType<Condition>('Condition')) {
    const ref = refKey(c.encounter);
    // Mutation testing: `if (ref)` made true is equivalent: no group is keyed by undefined, so `?.` skips it.
    if (ref) groups.get(ref)?.conditions.push(c);
  }
  for (const ma of store.ofType<MedicationAdministration>('MedicationAdministration')) {
    if (isWasteRecord(ma, settings.wasteReasonCodes)) continue;
    const ref = encounterOf(ma, encounters);
    // Administrations of no encounter form one result per patient, so that no line adds one patient's dose to
    // another's (docs/design.md: such an administration is reported with "encounter": null and an error finding).
    // Mutation testing: another text in place of '' is equivalent: it only has to set patient-less records apart.
    const key = ref ?? `no encounter|${refKey(ma.subject) ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { ref, encounter: undefined, administrations: [], conditions: [] };
      groups.set(key, group);
    }
    group.administrations.push(ma);
  }
  return [...groups.values()];
}

/** The administration's context; failing that, the patient's encounter whose period contains it (docs/design.md, CLI). */
function encounterOf(ma: MedicationAdministration, encounters: readonly Encounter[]): string | null {
  const context = refKey(ma.context);
  if (context?.startsWith('Encounter/')) return context;
  const at = instant(ma.effectivePeriod?.start ?? ma.effectiveDateTime);
  const subject = refKey(ma.subject);
  // Mutation testing: `at !== undefined` or `start !== undefined` made true is equivalent: a comparison with undefined
  // is false, so `start <= at` rejects the encounter all the same.
  const match = encounters.find((e) => {
    const start = instant(e.period?.start);
    const end = instant(e.period?.end);
    return refKey(e.subject) === subject && at !== undefined && start !== undefined && start <= at && (end === undefined || at <= end);
  });
  return match ? refOf(match) : null;
}

function deriveEncounter(
  group: EncounterGroup,
  store: ResourceStore,
  waste: ReturnType<typeof collectWaste>,
  procedures: ProcedureIndex,
  coverages: Map<string, Coverage[]>,
  catalog: CatalogIndex,
  settings: BillingSettings,
  options: DeriveOptions,
): EncounterResult {
  const findings: Finding[] = [];
  const patient = refKey(group.encounter?.subject) ?? refKey(group.administrations[0]?.subject) ?? null;
  const prepared: PreparedAdministration[] = [];
  for (const ma of group.administrations) {
    const result = prepare(ma, store, catalog, settings, procedures, group.ref ?? undefined);
    findings.push(...result.findings);
    if (result.prepared) prepared.push(result.prepared);
  }
  // Mutation testing: `length > 0` made true or `>= 0` is equivalent: a group of no encounter exists only because an
  // administration was put in it.
  if (group.ref === null && group.administrations.length > 0) {
    findings.push(
      finding(
        'encounter-unknown',
        `${group.administrations.length} administration(s) belong to no encounter in the record: neither a context nor an encounter period that contains them.`,
        group.administrations.map(refOf),
      ),
    );
  }
  // Fluids that are not reportable hydration bill nothing at all: no fluid line, no hydration code.
  const fluids = decideFluids(prepared);
  findings.push(...fluids.findings);
  const drugs = drugLines(fluids.billable, waste, catalog, settings);
  findings.push(...drugs.findings);
  const admin = administrationLines(fluids.billable, settings);
  findings.push(...admin.findings);
  const lines = pair(drugs.lines, admin.lines);
  findings.push(...checkEdits(lines, prepared, admin.codesByAdministration, procedures, group.ref, catalog));

  const encounterFindings = encounterChecks(group, patient, store, coverages, settings, lines, prepared, findings);
  findings.push(...encounterFindings.findings);
  // Charges and the draft's content findings only where a draft is made (the audit asks for none).
  const charges = options.claims === false ? undefined : chargeLines(lines, settings.fees ?? {}, group.ref ? [group.ref] : []);
  if (charges) findings.push(...charges.findings, ...encounterFindings.claimContent);
  const ordered = sortFindings(dedupe(findings));
  const blocked = ordered.some((f) => f.severity === 'error');
  const claim =
    !charges || blocked || !group.ref || !patient || !encounterFindings.coverage || !encounterFindings.billingProvider
      ? null
      : buildClaim({
          encounterRef: group.ref,
          encounter: group.encounter,
          patient,
          coverage: encounterFindings.coverage,
          billingProvider: encounterFindings.billingProvider,
          renderingProvider: encounterFindings.renderingProvider,
          diagnoses: encounterFindings.diagnoses.list,
          lines,
          pointers: lines.map((line) => encounterFindings.diagnoses.pointersFor(line)),
          charges: charges.perLine,
          total: charges.total,
          administrations: prepared.map((p) => p.ref),
          placeOfService: settings.placeOfService,
          today: options.today,
        });
  return { encounter: group.ref, patient, lines, findings: ordered, claim };
}

function coveragesByPatient(store: ResourceStore): Map<string, Coverage[]> {
  const byPatient = new Map<string, Coverage[]>();
  for (const c of store.ofType<Coverage>('Coverage')) {
    const patient = refKey(c.beneficiary);
    // Mutation testing: dropping this `continue` is equivalent: coverages kept under an undefined patient are never
    // asked for (a result with no patient looks up none).
    if (!patient) continue;
    const own = byPatient.get(patient);
    if (own) own.push(c);
    else byPatient.set(patient, [c]);
  }
  return byPatient;
}

/**
 * Each drug line names the codes of the administration lines that share a source with it, in their order. The
 * administration lines are indexed by source first, so an encounter of thousands of lines costs a lookup per source
 * rather than a scan of every other line.
 */
function pair(drug: BillingLine[], admin: BillingLine[]): BillingLine[] {
  const linesBySource = new Map<string, number[]>();
  admin.forEach((a, i) => {
    for (const s of a.sources) {
      const at = linesBySource.get(s);
      if (!at) linesBySource.set(s, [i]);
      // Mutation testing: pushing `i` again (this test made true, or `length - 1` made `length + 1`) is equivalent:
      // the indices are gathered in a Set below; the test only keeps the lists short.
      else if (at[at.length - 1] !== i) at.push(i);
    }
  });
  for (const line of drug) {
    const paired = new Set<number>();
    for (const s of line.sources) for (const i of linesBySource.get(s) ?? []) paired.add(i);
    const codes: string[] = [];
    for (const i of [...paired].sort((x, y) => x - y)) if (!codes.includes(admin[i]!.code)) codes.push(admin[i]!.code);
    line.pairedWith = codes;
  }
  return [...drug, ...admin];
}

interface EncounterFacts {
  findings: Finding[];
  /** Findings about the draft's content (charges aside): reported only when claims are drafted. */
  claimContent: Finding[];
  coverage?: Coverage;
  billingProvider?: ProviderIdentity;
  renderingProvider?: ProviderIdentity;
  diagnoses: ClaimDiagnoses;
}

function encounterChecks(
  group: EncounterGroup,
  patient: string | null,
  store: ResourceStore,
  coveragesOf: Map<string, Coverage[]>,
  settings: BillingSettings,
  lines: BillingLine[],
  prepared: PreparedAdministration[],
  earlier: readonly Finding[],
): EncounterFacts {
  const findings: Finding[] = [];
  const about = group.ref ? [group.ref] : [];
  if (lines.length === 0) {
    const nothing = finding(
      'nothing-to-bill',
      group.administrations.length === 0
        ? 'This encounter has no drug administrations to bill.'
        : 'No line could be derived for this encounter; the findings above say why.',
      about,
    );
    const causes = causesOf(earlier);
    if (causes.length > 0) nothing.causedBy = causes;
    findings.push(nothing);
  }
  const coverages = (patient ? coveragesOf.get(patient) ?? [] : []).filter((c) => c.status !== 'entered-in-error' && c.status !== 'cancelled');
  const coverage = coverages.find((c) => c.status === 'active') ?? coverages[0];
  if (!coverage) findings.push(finding('coverage-missing', 'The patient has no insurance coverage on record, so no claim can be drafted.', patient ? [patient] : about));
  const providers = claimProviders(group.encounter, group.ref, store, settings);
  if (!providers.billing) findings.push(finding('provider-missing', 'No billing provider: the encounter has no service provider and none is configured.', about));
  const diagnoses = claimDiagnoses(group.encounter, group.ref, prepared.map((p) => p.ma), group.conditions, store);
  if (diagnoses.list.length === 0 && lines.length > 0) {
    findings.push(finding('diagnosis-missing', 'No diagnosis is recorded on the encounter or the administrations; the claim needs the ICD-10 code the drug treats.', about));
  }
  const claimContent = lines.length > 0 ? [...diagnoses.findings, ...providers.findings] : [];
  return { findings, claimContent, coverage, billingProvider: providers.billing, renderingProvider: providers.rendering, diagnoses };
}

/** The first finding of each code and message; messages are grouped by code rather than joined to it in a key. */
/**
 * Why an encounter with administrations has no line: its errors when it has any (an unmapped drug, a missing
 * dose), otherwise whatever was said about its administrations (not done, still in progress).
 */
function causesOf(earlier: readonly Finding[]): Finding['code'][] {
  const errors = earlier.filter((f) => f.severity === 'error');
  return [...new Set((errors.length > 0 ? errors : earlier).map((f) => f.code))];
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Set<string>>();
  const out: Finding[] = [];
  for (const f of findings) {
    const messages = seen.get(f.code);
    if (!messages) seen.set(f.code, new Set([f.message]));
    else if (messages.has(f.message)) continue;
    else messages.add(f.message);
    out.push(f);
  }
  return out;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Sorts in place (the sort is stable): errors first, then warnings, then information. */
function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(bySeverity);
}

function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}
