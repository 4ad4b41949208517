// derive()'s result for one visit, as the CDS card a nurse sees in the EHR (CDS Hooks 2.0, "Card Attributes"):
// one card per visit with a finding that blocks its claim, none otherwise. The summary says in one line what is
// missing, in the nurse's terms; the detail lists every blocking finding with what to do; the link opens the app
// on that visit, where the nurse records it.
import { ResourceStore, drugName, isWasteRecord, medicationOf, to3Places } from '../../src/billing';
import type { BillingSettings, EncounterResult, Finding, FindingCode } from '../../src/billing';
import Big from 'big.js';
import type { MedicationAdministration, Resource } from 'fhir/r4';
import type { CatalogIndex } from '../../src/catalog/catalog-index';

export interface CdsCard {
  uuid: string;
  summary: string;
  detail: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; topic?: { system: string; code: string; display: string } };
  links: { label: string; url: string; type: 'smart'; appContext: string }[];
  overrideReasons: { system: string; code: string; display: string }[];
}

/** CDS Hooks 2.0: a card's summary is under 140 characters. */
export const SUMMARY_MAX = 139;
export const SOURCE_LABEL = 'J-Code Assist';
const TOPIC_SYSTEM = 'https://jcode-assist.dev/fhir/CodeSystem/cds-topic';
export const OVERRIDE_SYSTEM = 'https://jcode-assist.dev/fhir/CodeSystem/cds-override-reason';

/** Reasons a clinician may give for dismissing the card; only these codes are ever counted in the logs. */
export const OVERRIDE_REASONS = [
  { system: OVERRIDE_SYSTEM, code: 'recorded-elsewhere', display: 'Already recorded in another system' },
  { system: OVERRIDE_SYSTEM, code: 'will-record-later', display: 'I will record it before billing' },
  { system: OVERRIDE_SYSTEM, code: 'not-billed-here', display: 'This visit is not billed from this clinic' },
] as const;

export interface CardContext {
  record: Resource[];
  catalog: CatalogIndex;
  settings: BillingSettings;
  /** The app's SMART launch URL. */
  launchUrl: string;
  uuid?: () => string;
}

/** The card for one visit's result, or undefined when nothing blocks its claim (or no drug was given). */
export function cardFor(result: EncounterResult, ctx: CardContext): CdsCard | undefined {
  if (!result.encounter) return undefined;
  const store = new ResourceStore(ctx.record);
  const given = store
    .ofType<MedicationAdministration>('MedicationAdministration')
    .filter((ma) => !isWasteRecord(ma, ctx.settings.wasteReasonCodes));
  // A visit without drugs has nothing for this service to say, even though derive finds "nothing to bill".
  if (given.length === 0) return undefined;
  const errors = result.findings.filter((f) => f.severity === 'error');
  // "No line could be derived" follows from the other errors when there are any: it is not one more problem.
  const causes = errors.filter((f) => f.code !== 'nothing-to-bill');
  const blocking = causes.length > 0 ? causes : errors;
  if (blocking.length === 0) return undefined;

  const lines = blocking.map((f) => summaryOf(f, store));
  const summary = lines.length === 1 ? lines[0]! : `${lines[0]!} (and ${lines.length - 1} more)`;
  const onlyWaste = blocking.every((f) => f.code === 'waste-undocumented');
  const first = blocking[0]!;
  return {
    uuid: ctx.uuid ? ctx.uuid() : crypto.randomUUID(),
    summary: clip(summary, SUMMARY_MAX),
    detail: detailOf(blocking, onlyWaste),
    // Undocumented waste is fixed by recording it; anything else gets the claim returned as it stands.
    indicator: onlyWaste ? 'warning' : 'critical',
    source: { label: SOURCE_LABEL, topic: { system: TOPIC_SYSTEM, code: first.code, display: TOPIC_DISPLAY[first.code] ?? first.code } },
    links: [
      {
        label: onlyWaste ? 'Record the discarded amount in J-Code Assist' : 'Open J-Code Assist on this visit',
        url: ctx.launchUrl,
        type: 'smart',
        appContext: JSON.stringify({ encounter: result.encounter }),
      },
    ],
    overrideReasons: OVERRIDE_REASONS.map((r) => ({ ...r })),
  };
}

const TOPIC_DISPLAY: Partial<Record<FindingCode, string>> = {
  'waste-undocumented': 'Discarded amount of a single-dose vial not recorded',
};

/** One line per finding, in the words a nurse uses at the bedside. */
function summaryOf(f: Finding, store: ResourceStore): string {
  const ma = f.resources.map((r) => store.resolve({ reference: r })).find((r): r is MedicationAdministration => r?.resourceType === 'MedicationAdministration');
  const drug = ma ? shortName(drugName(ma, medicationOf(ma, store))) : 'A drug';
  switch (f.code) {
    case 'waste-undocumented': {
      const left = amountLeft(f);
      return left ? `${drug}: ${left} left in the vials has no discarded amount recorded` : `${drug}: no discarded amount is recorded for the single-dose vials`;
    }
    case 'drug-unmapped':
      return `${drug}: the product given cannot be identified for billing (no NDC or HCPCS code)`;
    case 'drug-ambiguous':
      return `${drug}: the NDC recorded does not say which product was given`;
    case 'dose-missing':
      return `${drug}: the dose given is not recorded`;
    case 'dose-unconvertible':
      return `${drug}: the dose is recorded in a unit that cannot be billed`;
    case 'route-missing':
      return `${drug}: the route (IV, subcutaneous, ...) is not recorded`;
    case 'code-inactive':
      return `${drug}: its billing code is not valid on the visit date`;
    case 'container-unknown':
      return `${drug}: not known whether the vial is single-dose or multi-dose`;
    case 'descriptor-unknown':
      return `${drug}: its billing unit is unknown`;
    case 'coverage-missing':
      return 'No insurance is on record for this visit, so the drug claim cannot be drafted';
    case 'provider-missing':
      return 'No billing provider is set for this visit';
    case 'encounter-unknown':
      return `${drug}: the administration is not linked to this visit`;
    case 'nothing-to-bill':
      return 'No drug given at this visit could be turned into a billing line';
    default:
      return f.message;
  }
}

/**
 * What the opened vials held beyond the dose, e.g. "50 mg", as the engine worked it out for the finding
 * (docs/billing-rules.md section 4: the smallest whole number of the product's containers that holds the dose).
 * Undefined when the container size or dose is not known, and the summary then says so without an amount.
 */
function amountLeft(f: Finding): string | undefined {
  const left = f.wasteLeft;
  if (!left || !(Number(left.amount) > 0)) return undefined;
  return `${to3Places(new Big(left.amount))} ${left.unit}`;
}

function detailOf(blocking: Finding[], onlyWaste: boolean): string {
  const items = blocking.map((f) => `- ${markdownText(f.message)}\n  **What to do:** ${markdownText(f.action)}`);
  const why = onlyWaste
    ? 'Medicare requires the JW modifier for the amount discarded from a single-dose vial, or JZ when none was; without the record neither can be billed.'
    : 'As recorded, the drug claim for this visit would be returned.';
  return `${why}\n\n${items.join('\n')}\n\nOpen J-Code Assist from this card to review the visit and record what is missing.`;
}

/** The record's text in Markdown without its markup: the EHR renders the detail, and data must not become links. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#!|]/g, (ch) => `\\${ch}`);
}

/** "Remicade (infliximab) 100 mg powder vial" -> "Remicade (infliximab)": the strength and form are on the MAR. */
function shortName(name: string): string {
  const short = name.replace(/\s+\d[\s\S]*$/, '').trim();
  const chosen = short || name;
  return chosen.charAt(0).toUpperCase() + chosen.slice(1);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
