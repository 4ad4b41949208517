// A realistic synthetic FHIR Bulk Data export for tests and benchmarks (`npm run gen:export`): the layout the
// $export operation writes (manifest.json + NDJSON per resource type, several files per type), drugs and NDCs
// from the starter catalog, the cases the sandbox patients cover, and, on request, the faults real exports have.
// Deterministic: the same seed and sizes give byte-identical files. Written as it goes, in constant memory.
// Alongside the files it returns a ledger of what it planted, so tests know the answers without the audit.
import Big from 'big.js';
import { mkdirSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { starterCatalog } from '../src/catalog/starter';
import type { HcpcsCode, NdcProduct } from '../src/catalog/types';
import { NDC_SYSTEM, WASTE_REASON_SYSTEM } from '../src/billing';
import { MANIFEST_NAME } from '../src/audit/export-files';
import { PrivateFileWriter } from '../src/audit/private-files';

export interface GenerateOptions {
  outDir: string;
  /** Stop after this many encounters... */
  encounters?: number;
  /** ...or once this many administrations (waste records not counted) are written, whichever comes first. */
  administrations?: number;
  seed?: number;
  /** Plant the faults of real exports (see PLANTED_FAULTS). */
  faults?: boolean;
  /** Lines per NDJSON file before the next file of the type starts. */
  linesPerFile?: number;
  /** First Monday of the period, YYYY-MM-DD. */
  startDate?: string;
}

export type Scenario =
  | 'waste-documented'
  | 'waste-missing'
  | 'exact-vials'
  | 'multi-dose'
  | 'chemo-antiemetic'
  | 'sequential-chemo'
  | 'intravitreal'
  | 'rxnorm-only';

export interface Ledger {
  patients: number;
  patientsWithoutCoverage: number;
  encounters: number;
  /** MedicationAdministration resources that are administrations (waste records apart). */
  administrations: number;
  wasteRecords: number;
  encountersByScenario: Record<Scenario, number>;
  /** Findings the planted cases must produce, by code. */
  expectedFindings: { 'waste-undocumented': number; 'drug-unmapped': number; 'coverage-missing': number };
  /** Billing units of undocumented waste, by HCPCS code. */
  undocumentedWasteUnits: Record<string, number>;
  /** Faults planted, by kind (all zero without `faults`). */
  faults: Record<'truncated-line' | 'invalid-json' | 'wrong-type' | 'reference-unresolved' | 'duplicate-id', number>;
  files: { type: string; name: string; lines: number }[];
}

/** What `faults: true` plants, once each per export. */
export const PLANTED_FAULTS = {
  'truncated-line': 1,
  'invalid-json': 2,
  'wrong-type': 1,
  'reference-unresolved': 2,
  'duplicate-id': 2,
} as const;

const SCENARIO_WEIGHTS: [Scenario, number][] = [
  ['waste-documented', 22],
  ['waste-missing', 14],
  ['exact-vials', 16],
  ['multi-dose', 10],
  ['chemo-antiemetic', 14],
  ['sequential-chemo', 8],
  ['intravitreal', 12],
  ['rxnorm-only', 4],
];
const NO_COVERAGE_SHARE = 0.03;

const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const CPT = 'http://www.ama-assn.org/go/cpt';
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const OFFSET = '-05:00';
const BASE_URL = 'https://ehr.example.org/fhir';

type Route = 'iv' | 'sc' | 'intravitreal';
const ROUTES: Record<Route, { code: string; display: string }> = {
  iv: { code: '47625008', display: 'Intravenous route' },
  sc: { code: '34206005', display: 'Subcutaneous route' },
  intravitreal: { code: '418401004', display: 'Intravitreal route' },
};

interface DrugPlan {
  ndc: string;
  route: Route;
  /** Infusion or push length in minutes; 0 for injections timed by a single instant. */
  minutes: number;
  unit: 'mg' | '[iU]';
  /** Doses that do not fill whole containers (waste) and doses that do (exact). */
  partial: number[];
  exact: number[];
  diagnosis: [string, string];
}

// Doses are typical adult doses from the products' labelling; diagnosis codes are ICD-10-CM codes commonly billed
// with the drug.
const PLANS = {
  infliximab: { ndc: '57894-0030-01', route: 'iv', minutes: 120, unit: 'mg', partial: [350, 450, 550, 380], exact: [300, 400, 500], diagnosis: ['M05.79', 'Rheumatoid arthritis with rheumatoid factor of multiple sites'] },
  tocilizumab: { ndc: '50242-0136-01', route: 'iv', minutes: 60, unit: 'mg', partial: [320, 480, 560], exact: [400, 600], diagnosis: ['M05.79', 'Rheumatoid arthritis with rheumatoid factor of multiple sites'] },
  bevacizumab: { ndc: '50242-0061-01', route: 'iv', minutes: 90, unit: 'mg', partial: [350, 525, 700], exact: [400, 800], diagnosis: ['C18.9', 'Malignant neoplasm of colon, unspecified'] },
  rituximab: { ndc: '50242-0053-06', route: 'iv', minutes: 240, unit: 'mg', partial: [650, 700, 750], exact: [500, 1000], diagnosis: ['C83.30', 'Diffuse large B-cell lymphoma, unspecified site'] },
  gemcitabine: { ndc: '00409-0181-01', route: 'iv', minutes: 30, unit: 'mg', partial: [1700, 1800, 1600], exact: [1000, 2000], diagnosis: ['C25.9', 'Malignant neoplasm of pancreas, unspecified'] },
  nivolumab: { ndc: '00003-3734-13', route: 'iv', minutes: 30, unit: 'mg', partial: [], exact: [240, 480], diagnosis: ['C34.90', 'Malignant neoplasm of unspecified part of unspecified bronchus or lung'] },
  pembrolizumab: { ndc: '00006-3026-02', route: 'iv', minutes: 30, unit: 'mg', partial: [], exact: [200, 400], diagnosis: ['C34.90', 'Malignant neoplasm of unspecified part of unspecified bronchus or lung'] },
  pertuzumab: { ndc: '50242-0145-01', route: 'iv', minutes: 60, unit: 'mg', partial: [], exact: [420, 840], diagnosis: ['C50.911', 'Malignant neoplasm of unspecified site of right female breast'] },
  trastuzumab: { ndc: '50242-0132-01', route: 'iv', minutes: 90, unit: 'mg', partial: [420, 380, 520], exact: [450], diagnosis: ['C50.911', 'Malignant neoplasm of unspecified site of right female breast'] },
  ondansetron: { ndc: '63323-0373-02', route: 'iv', minutes: 5, unit: 'mg', partial: [], exact: [8], diagnosis: ['R11.2', 'Nausea with vomiting, unspecified'] },
  paclitaxel: { ndc: '63323-0763-50', route: 'iv', minutes: 180, unit: 'mg', partial: [280, 315], exact: [300], diagnosis: ['C56.9', 'Malignant neoplasm of unspecified ovary'] },
  carboplatin: { ndc: '61703-0339-50', route: 'iv', minutes: 30, unit: 'mg', partial: [600, 650], exact: [450], diagnosis: ['C56.9', 'Malignant neoplasm of unspecified ovary'] },
  heparin: { ndc: '00409-2720-02', route: 'sc', minutes: 0, unit: '[iU]', partial: [5000], exact: [10000], diagnosis: ['Z79.01', 'Long term (current) use of anticoagulants'] },
  aflibercept: { ndc: '61755-0005-01', route: 'intravitreal', minutes: 0, unit: 'mg', partial: [], exact: [2], diagnosis: ['H35.3211', 'Exudative age-related macular degeneration, right eye, with active choroidal neovascularization'] },
  ranibizumab: { ndc: '50242-0080-03', route: 'intravitreal', minutes: 0, unit: 'mg', partial: [], exact: [0.5], diagnosis: ['H35.3211', 'Exudative age-related macular degeneration, right eye, with active choroidal neovascularization'] },
} satisfies Record<string, DrugPlan>;
type DrugName = keyof typeof PLANS;

const WASTE_DRUGS: DrugName[] = ['infliximab', 'tocilizumab', 'bevacizumab', 'rituximab', 'gemcitabine', 'trastuzumab'];
const EXACT_DRUGS: DrugName[] = ['nivolumab', 'pembrolizumab', 'infliximab', 'pertuzumab', 'tocilizumab'];
const MULTI_DOSE_DRUGS: DrugName[] = ['paclitaxel', 'carboplatin', 'heparin'];
const CHEMO_WITH_ANTIEMETIC: DrugName[] = ['nivolumab', 'pembrolizumab'];
const EYE_DRUGS: DrugName[] = ['aflibercept', 'ranibizumab'];

/** mulberry32: a small, fast, seedable PRNG; quality is ample for picking cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ProductFacts {
  product: NdcProduct;
  code: HcpcsCode;
  /** Content of one container in the dose unit. */
  content: Big;
  /** The descriptor quantity in the dose unit. */
  u: Big;
}

function productFacts(ndc: string): ProductFacts {
  const ndc11 = ndc.replaceAll('-', '');
  const product = starterCatalog.products.find((p) => p.ndc === ndc11);
  const code = product && starterCatalog.codes.find((c) => c.code === product.hcpcs);
  if (!product || !code?.descriptor || !product.billUnits) throw new Error(`synthetic export: ${ndc} is not in the starter catalog`);
  // Every plan's dose unit is the descriptor's own (mg for mg codes, units for unit codes).
  const u = new Big(code.descriptor.amount);
  return { product, code, u, content: new Big(product.billUnits).times(u) };
}

/** Appends lines to FILE-1.ndjson, FILE-2.ndjson, ... of one type, starting a new file every linesPerFile lines. */
class TypeFiles {
  private writer: PrivateFileWriter | undefined;
  private lines = 0;
  readonly files: { type: string; name: string; lines: number }[] = [];

  constructor(
    private readonly dir: string,
    readonly type: string,
    private readonly linesPerFile: number,
  ) {}

  write(text: string): void {
    if (!this.writer || this.lines >= this.linesPerFile) this.next();
    this.writer!.write(`${text}\n`);
    this.lines++;
    this.files[this.files.length - 1]!.lines++;
  }

  /** A line with no newline after it: the end of a file cut short. */
  writeUnterminated(text: string): void {
    if (!this.writer) this.next();
    this.writer!.write(text);
    this.files[this.files.length - 1]!.lines++;
  }

  close(): void {
    this.writer?.close();
  }

  private next(): void {
    this.writer?.close();
    const name = `${this.type}-${this.files.length + 1}.ndjson`;
    this.writer = new PrivateFileWriter(join(this.dir, name));
    this.files.push({ type: this.type, name, lines: 0 });
    this.lines = 0;
  }
}

export async function generateExport(options: GenerateOptions): Promise<Ledger> {
  const maxEncounters = options.encounters ?? Number.POSITIVE_INFINITY;
  const maxAdministrations = options.administrations ?? Number.POSITIVE_INFINITY;
  if (!Number.isFinite(maxEncounters) && !Number.isFinite(maxAdministrations)) throw new Error('give encounters or administrations');
  const random = prng(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const linesPerFile = options.linesPerFile ?? 50_000;
  const start = Date.parse(`${options.startDate ?? '2025-10-06'}T00:00:00Z`);

  mkdirSync(options.outDir, { recursive: true });
  for (const name of readdirSync(options.outDir)) if (name.endsWith('.ndjson') || name === MANIFEST_NAME) rmSync(join(options.outDir, name));
  const files = new Map<string, TypeFiles>();
  const out = (type: string): TypeFiles => {
    let f = files.get(type);
    if (!f) {
      f = new TypeFiles(options.outDir, type, linesPerFile);
      files.set(type, f);
    }
    return f;
  };
  const emit = (resource: object) => out((resource as { resourceType: string }).resourceType).write(JSON.stringify(resource));

  const ledger: Ledger = {
    patients: 0,
    patientsWithoutCoverage: 0,
    encounters: 0,
    administrations: 0,
    wasteRecords: 0,
    encountersByScenario: Object.fromEntries(SCENARIO_WEIGHTS.map(([s]) => [s, 0])) as Record<Scenario, number>,
    expectedFindings: { 'waste-undocumented': 0, 'drug-unmapped': 0, 'coverage-missing': 0 },
    undocumentedWasteUnits: {},
    faults: { 'truncated-line': 0, 'invalid-json': 0, 'wrong-type': 0, 'reference-unresolved': 0, 'duplicate-id': 0 },
    files: [],
  };

  // Shared resources: the clinic, the payer, the nurses and one Medication per NDC product used.
  const lastUpdated = '2026-01-15T06:00:00Z';
  emit({ resourceType: 'Organization', id: 'clinic-1', meta: { lastUpdated }, identifier: [{ system: NPI, value: '1234567893' }], name: 'Riverside Infusion Center' });
  emit({ resourceType: 'Organization', id: 'payer-medicare', meta: { lastUpdated }, name: 'Medicare Part B' });
  const nurses = ['rn-1', 'rn-2', 'rn-3', 'rn-4'];
  const nurseNames = [['Ana', 'Lopez'], ['Sam', 'Carter'], ['Priya', 'Shah'], ['Tom', 'Becker']] as const;
  nurses.forEach((id, i) =>
    emit({ resourceType: 'Practitioner', id, meta: { lastUpdated }, identifier: [{ system: NPI, value: `19${String(87654321 + i).padStart(8, '0')}` }], name: [{ family: nurseNames[i]![1], given: [nurseNames[i]![0]] }] }),
  );
  // The clinic's treatment areas: each patient is seen in one (chosen by number, so the random draws stay as they were).
  const locations = [['loc-infusion', 'Infusion Suite, 2nd floor'], ['loc-oncology', 'Oncology Clinic'], ['loc-rheum', 'Rheumatology Infusion']] as const;
  for (const [id, name] of locations) emit({ resourceType: 'Location', id, meta: { lastUpdated }, name, managingOrganization: { reference: 'Organization/clinic-1' } });
  const facts = new Map<DrugName, ProductFacts>();
  for (const [name, plan] of Object.entries(PLANS) as [DrugName, DrugPlan][]) {
    const f = productFacts(plan.ndc);
    facts.set(name, f);
    emit(medicationResource(f, plan));
  }

  const weightTotal = SCENARIO_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const pickScenario = (): Scenario => {
    let r = random() * weightTotal;
    for (const [s, w] of SCENARIO_WEIGHTS) if ((r -= w) < 0) return s;
    return SCENARIO_WEIGHTS[0]![0];
  };

  let patientNo = 0;
  const carriedMa: string[] = [];
  while (ledger.encounters < maxEncounters && ledger.administrations < maxAdministrations) {
    patientNo++;
    const patientId = `pt-${String(patientNo).padStart(6, '0')}`;
    const patient = `Patient/${patientId}`;
    const hasCoverage = random() >= NO_COVERAGE_SHARE;
    ledger.patients++;
    emit({
      resourceType: 'Patient',
      id: patientId,
      meta: { lastUpdated },
      name: [{ family: `Synthetic${patientNo}`, given: [pick(['Alex', 'Jordan', 'Casey', 'Riley', 'Morgan', 'Taylor'])] }],
      gender: pick(['female', 'male']),
      birthDate: `19${40 + Math.floor(random() * 50)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    });
    if (hasCoverage) {
      emit({ resourceType: 'Coverage', id: `cov-${patientId}`, meta: { lastUpdated }, status: 'active', beneficiary: { reference: patient }, payor: [{ reference: 'Organization/payer-medicare' }] });
    } else {
      ledger.patientsWithoutCoverage++;
    }

    // A patient keeps one treatment (scenario) over a course of visits every one to three weeks.
    const scenario = pickScenario();
    const visits = 2 + Math.floor(random() * 7);
    let day = Math.floor(random() * 21);
    for (let v = 0; v < visits && ledger.encounters < maxEncounters && ledger.administrations < maxAdministrations; v++) {
      ledger.encounters++;
      ledger.encountersByScenario[scenario]++;
      if (!hasCoverage) ledger.expectedFindings['coverage-missing']++;
      const encounterId = `enc-${patientId}-${v + 1}`;
      const encounter = `Encounter/${encounterId}`;
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      let minute = 8 * 60 + Math.floor(random() * 16) * 15;
      const encounterStart = minute;
      const nurse = `Practitioner/${pick(nurses)}`;
      let admin = 0;

      const give = (drug: DrugName, dose: number, waste: 'documented' | 'missing' | 'none', withProcedure: boolean, eye?: 'right' | 'left') => {
        const plan: DrugPlan = PLANS[drug];
        const f = facts.get(drug)!;
        admin++;
        const maId = `ma-${patientId}-${v + 1}-${admin}`;
        const begin = at(date, minute);
        const end = plan.minutes > 0 ? at(date, minute + plan.minutes) : undefined;
        const procedureId = withProcedure ? `proc-${patientId}-${v + 1}-${admin}` : undefined;
        const ma = administration(maId, patient, encounter, `Medication/${medicationId(f)}`, plan, dose, begin, end, nurse, eye, procedureId);
        emit(ma);
        ledger.administrations++;
        if (carriedMa.length < 2) carriedMa.push(JSON.stringify(ma));
        if (procedureId) {
          emit({
            resourceType: 'Procedure',
            id: procedureId,
            meta: { lastUpdated },
            status: 'completed',
            code: { coding: [{ system: CPT, code: '96413', display: 'Chemotherapy administration, intravenous infusion technique; up to 1 hour, single or initial substance/drug' }] },
            subject: { reference: patient },
            encounter: { reference: encounter },
            performedPeriod: { start: begin, end: end ?? begin },
          });
        }
        const opened = new Big(dose).div(f.content).round(0, Big.roundUp).times(f.content);
        const discarded = opened.minus(dose);
        if (waste === 'documented' && discarded.gt(0)) {
          emit(wasteRecord(`${maId}-waste`, maId, patient, encounter, `Medication/${medicationId(f)}`, plan, discarded, end ?? begin, nurse));
          ledger.wasteRecords++;
        }
        if (waste === 'missing' && discarded.gt(0)) {
          ledger.expectedFindings['waste-undocumented']++;
          // The units the audit should estimate: floor(opened / u) - max(1, ceil(dose / u)).
          const units = opened.div(f.u).round(0, Big.roundDown).toNumber() - Math.max(1, new Big(dose).div(f.u).round(0, Big.roundUp).toNumber());
          ledger.undocumentedWasteUnits[f.code.code] = (ledger.undocumentedWasteUnits[f.code.code] ?? 0) + units;
        }
        minute += Math.max(plan.minutes, 10) + 5;
      };

      switch (scenario) {
        case 'waste-documented':
        case 'waste-missing': {
          const drug = pick(WASTE_DRUGS);
          give(drug, pick(PLANS[drug].partial), scenario === 'waste-documented' ? 'documented' : 'missing', random() < 0.5);
          break;
        }
        case 'exact-vials': {
          const drug = pick(EXACT_DRUGS);
          give(drug, pick(PLANS[drug].exact), 'none', random() < 0.5);
          break;
        }
        case 'multi-dose': {
          const drug = pick(MULTI_DOSE_DRUGS);
          give(drug, pick([...PLANS[drug].partial, ...PLANS[drug].exact]), 'none', false);
          break;
        }
        case 'chemo-antiemetic': {
          give('ondansetron', 8, 'none', false);
          const drug = pick(CHEMO_WITH_ANTIEMETIC);
          give(drug, pick(PLANS[drug].exact), 'none', false);
          break;
        }
        case 'sequential-chemo': {
          give('pertuzumab', 420, 'none', false);
          give('trastuzumab', pick(PLANS.trastuzumab.partial), 'documented', false);
          break;
        }
        case 'intravitreal': {
          const drug = pick(EYE_DRUGS);
          give(drug, PLANS[drug].exact[0]!, 'none', false, random() < 0.5 ? 'right' : 'left');
          break;
        }
        case 'rxnorm-only': {
          // Oracle Health style: the Medication is contained and coded in RxNorm only, so the drug is unmapped.
          admin++;
          const maId = `ma-${patientId}-${v + 1}-${admin}`;
          const ma = administration(maId, patient, encounter, '#med', PLANS.pembrolizumab, 200, at(date, minute), at(date, minute + 30), nurse);
          (ma as { contained?: unknown[] }).contained = [
            { resourceType: 'Medication', id: 'med', code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1547545', display: 'pembrolizumab' }], text: 'pembrolizumab 100 MG in 4 ML Injection' } },
          ];
          emit(ma);
          ledger.administrations++;
          ledger.expectedFindings['drug-unmapped']++;
          minute += 35;
          break;
        }
      }
      emit({
        resourceType: 'Encounter',
        id: encounterId,
        meta: { lastUpdated },
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
        subject: { reference: patient },
        period: { start: at(date, encounterStart - 15), end: at(date, minute + 15) },
        location: [{ location: { reference: `Location/${locations[patientNo % locations.length]![0]}` } }],
        serviceProvider: { reference: 'Organization/clinic-1' },
      });
      day += 7 * (1 + Math.floor(random() * 3));
    }
  }

  if (options.faults) plantFaults(out, ledger, carriedMa, facts.get('pembrolizumab')!, start);
  for (const f of files.values()) {
    f.close();
    ledger.files.push(...f.files);
  }
  writeManifest(options.outDir, ledger);
  return ledger;
}

/**
 * The faults of real exports, each once or twice: an error page and a half-written line in the middle of a file,
 * a resource of another type, administrations whose Medication was not exported, the same administration
 * exported twice, and a last line cut short. None of them takes other resources down with it, so the ledger's
 * expected findings stay exact (apart from the two unmapped drugs counted here).
 */
function plantFaults(out: (type: string) => TypeFiles, ledger: Ledger, carried: string[], pembrolizumab: ProductFacts, start: number): void {
  const ma = out('MedicationAdministration');
  ma.write('<html><body><h1>502 Bad Gateway</h1></body></html>');
  ma.write('{"resourceType":"MedicationAdministration","id":"ma-broken","status":');
  ledger.faults['invalid-json'] += 2;
  ma.write(JSON.stringify({ resourceType: 'Observation', id: 'obs-stray-1', status: 'final', code: { text: 'Body weight' }, valueQuantity: { value: 72, unit: 'kg' } }));
  ledger.faults['wrong-type']++;
  // Two administrations of an existing patient and encounter whose Medication is not in the export.
  const date = new Date(start).toISOString().slice(0, 10);
  for (const n of [1, 2]) {
    const m = administration(`ma-orphan-${n}`, 'Patient/pt-000001', 'Encounter/enc-pt-000001-1', 'Medication/med-not-exported', PLANS.pembrolizumab, 200, at(date, 600 + n * 40), at(date, 630 + n * 40), 'Practitioner/rn-1');
    ma.write(JSON.stringify(m));
    ledger.administrations++;
    ledger.faults['reference-unresolved']++;
    ledger.expectedFindings['drug-unmapped']++;
  }
  // The same administrations exported twice (a retried page): identical copies.
  for (const line of carried.slice(0, 2)) {
    ma.write(line);
    ledger.faults['duplicate-id']++;
  }
  // The last line of the last file, cut short: an extra administration that is lost.
  const lost = administration('ma-cut-short', 'Patient/pt-000001', 'Encounter/enc-pt-000001-1', `Medication/${medicationId(pembrolizumab)}`, PLANS.pembrolizumab, 200, at(date, 900), at(date, 930), 'Practitioner/rn-1');
  const text = JSON.stringify(lost);
  ma.writeUnterminated(text.slice(0, Math.floor(text.length / 2)));
  ledger.faults['truncated-line']++;
}

function writeManifest(dir: string, ledger: Ledger): void {
  const manifest = {
    transactionTime: '2026-01-15T06:00:00Z',
    request: `${BASE_URL}/Group/infusion-center/$export?_type=Patient,Encounter,MedicationAdministration,Medication,Procedure,Coverage,Organization,Practitioner,Location`,
    requiresAccessToken: true,
    output: ledger.files.map((f) => ({ type: f.type, url: `https://ehr.example.org/bulk/7f3c/${f.name}`, count: f.lines })),
    error: [],
  };
  const w = new PrivateFileWriter(join(dir, MANIFEST_NAME));
  w.write(`${JSON.stringify(manifest, null, 2)}\n`);
  w.close();
}

function medicationId(f: ProductFacts): string {
  return `med-${f.product.ndc}`;
}

function medicationResource(f: ProductFacts, plan: DrugPlan): object {
  const ndc = plan.ndc;
  const single = f.product.containerType === 'single-dose';
  // HL7 puts the FDA package description in the NDC coding's display.
  const container = /syringe/i.test(f.product.name ?? '') ? 'SYRINGE' : 'VIAL';
  const display = `1 ${container}, ${single ? 'SINGLE-DOSE' : 'MULTI-DOSE'} in 1 CARTON`;
  return {
    resourceType: 'Medication',
    id: medicationId(f),
    meta: { lastUpdated: '2026-01-15T06:00:00Z' },
    code: { coding: [{ system: NDC_SYSTEM, code: ndc, display }], text: f.product.name },
    form: { text: f.product.liquid ? 'solution' : 'powder' },
  };
}

function at(date: string, minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00${OFFSET}`;
}

function administration(
  id: string,
  patient: string,
  encounter: string,
  medication: string,
  plan: DrugPlan,
  dose: number,
  begin: string,
  end: string | undefined,
  nurse: string,
  eye?: 'right' | 'left',
  procedureId?: string,
): Record<string, unknown> {
  const route = ROUTES[plan.route];
  const dosage: Record<string, unknown> = {
    route: { coding: [{ system: SNOMED, code: route.code, display: route.display }] },
    dose: { value: dose, unit: plan.unit === 'mg' ? 'mg' : 'units', system: UCUM, code: plan.unit },
  };
  if (eye) {
    dosage.site = { coding: eye === 'right' ? [{ system: SNOMED, code: '18944008', display: 'Right eye structure' }] : [{ system: SNOMED, code: '8966001', display: 'Left eye structure' }] };
  }
  const ma: Record<string, unknown> = {
    resourceType: 'MedicationAdministration',
    id,
    meta: { lastUpdated: '2026-01-15T06:00:00Z' },
    status: 'completed',
    medicationReference: { reference: medication },
    subject: { reference: patient },
    context: { reference: encounter },
  };
  if (end) ma.effectivePeriod = { start: begin, end };
  else ma.effectiveDateTime = begin;
  ma.performer = [{ actor: { reference: nurse } }];
  ma.reasonCode = [{ coding: [{ system: ICD10, code: plan.diagnosis[0], display: plan.diagnosis[1] }] }];
  if (procedureId) ma.partOf = [{ reference: `Procedure/${procedureId}` }];
  ma.dosage = dosage;
  return ma;
}

function wasteRecord(id: string, parent: string, patient: string, encounter: string, medication: string, plan: DrugPlan, amount: Big, when: string, nurse: string): object {
  return {
    resourceType: 'MedicationAdministration',
    id,
    meta: { lastUpdated: '2026-01-15T06:00:00Z' },
    identifier: [{ system: 'https://jcode-assist.dev/fhir/NamingSystem/waste-entry', value: `${parent}/1` }],
    status: 'not-done',
    statusReason: [{ coding: [{ system: WASTE_REASON_SYSTEM, code: 'discarded', display: 'Discarded' }] }],
    partOf: [{ reference: `MedicationAdministration/${parent}` }],
    medicationReference: { reference: medication },
    subject: { reference: patient },
    context: { reference: encounter },
    effectiveDateTime: when,
    performer: [{ actor: { reference: nurse } }],
    dosage: { dose: { value: Number(amount.toString()), unit: plan.unit === 'mg' ? 'mg' : 'units', system: UCUM, code: plan.unit } },
  };
}
