// The curated starter catalog: facts about drugs commonly given in infusion centres and oncology, rheumatology
// and ophthalmology offices, so the engine works with no CMS files at all. A CMS quarter loaded with --cms-dir is
// merged over these facts (src/catalog/load.ts).
//
// Sources, each checked by test/catalog/starter.test.ts against the real files when ../shared/data/cms exists:
// - code, long descriptor, ADD DT and TERM DT: CMS HCPCS Level II file, October 2025 (HCPC2025_OCT_ANWEB.xlsx);
// - NDC, BILLUNITS (billing units in ONE container), PKG SIZE, PKG QTY: CMS ASP NDC-HCPCS crosswalk, October 2025;
// - MUE and its adjudication indicator: CMS practitioner MUE table for J and Q codes, April 2026.
// Not in any CMS file, taken from the products' FDA labelling (DailyMed "How supplied" sections and NDC package
// descriptions such as "1 VIAL, SINGLE-DOSE in 1 CARTON"):
// - containerType: left undefined wherever the labelling was not confirmed; the engine then reports
//   container-unknown and the practice sets it in smart-config.json (billing.containerType);
// - liquid: solutions and suspensions are billed in ML on the NDC line, powders, implants and kits in UN.
// administrationClass: Medicare Claims Processing Manual ch.12 section 30.5 lets chemotherapy administration codes
// cover anti-neoplastics and also monoclonal antibodies and other biologic response modifiers, so those are
// 'chemo' here; anti-emetics, steroids, iron, ESAs and growth factors are 'therapeutic'. Payers publish their
// own lists: billing.administrationClass in smart-config.json overrides any of these defaults.
import type { AdministrationClass, CatalogEntries, ContainerType, DescriptorUnit, HcpcsCode, MueAdjudication, NdcProduct } from './types';

const SDV: ContainerType = 'single-dose';
const MDV: ContainerType = 'multi-dose';
/** Container type not confirmed from the labelling: leave it to the override file rather than guess. */
const UNCONFIRMED = undefined;
const LIQUID = true;
const SOLID = false;

const SOURCE = 'starter';

interface CodeFacts {
  /** HCPCS ADD DT, YYYY-MM-DD. */
  added: string;
  /** HCPCS TERM DT, YYYY-MM-DD. */
  ended?: string;
  /** "up to X" descriptors: one unit covers any dose up to X. */
  upTo?: boolean;
  /** Only when every product of the code, not just those listed here, shares the container type. */
  container?: ContainerType;
  mue?: readonly [units: number, adjudication: MueAdjudication];
}

type ProductRow = readonly [
  ndc: string,
  name: string,
  labeler: string,
  billUnits: string,
  packageSize: string,
  packageQuantity: string,
  containerType: ContainerType | undefined,
  liquid: boolean,
  /** Only where a fact deliberately differs from the crosswalk; says which and why. */
  source?: string,
];

interface Drug {
  code: HcpcsCode;
  products: NdcProduct[];
}

function drug(
  code: string,
  description: string,
  amount: string,
  unit: DescriptorUnit,
  administrationClass: AdministrationClass,
  facts: CodeFacts,
  rows: readonly ProductRow[],
): Drug {
  const hcpcs: HcpcsCode = {
    code,
    description,
    descriptor: facts.upTo ? { amount, unit, upTo: true } : { amount, unit },
    addDate: facts.added,
    administrationClass,
    source: SOURCE,
  };
  if (facts.ended) hcpcs.termDate = facts.ended;
  if (facts.container) hcpcs.containerType = facts.container;
  if (facts.mue) hcpcs.mue = { units: facts.mue[0], adjudication: facts.mue[1] };
  return { code: hcpcs, products: rows.map((row) => product(code, row)) };
}

function product(hcpcs: string, [ndc, name, labeler, billUnits, packageSize, packageQuantity, containerType, liquid, source]: ProductRow): NdcProduct {
  const entry: NdcProduct = { ndc: ndc11(ndc), hcpcs, name, labeler, billUnits, packageSize, packageQuantity, liquid, source: source ?? SOURCE };
  if (containerType) entry.containerType = containerType;
  return entry;
}

/** The rows below are written 5-4-2 with hyphens, as the crosswalk prints them, for reading; NdcProduct wants 11 digits. */
function ndc11(hyphenated: string): string {
  if (!/^\d{5}-\d{4}-\d{2}$/.test(hyphenated)) throw new Error(`starter catalog: NDC ${hyphenated} is not written 5-4-2`);
  return hyphenated.replaceAll('-', '');
}

const AMGEN = 'Amgen Inc';
const BAXTER = 'Baxter Healthcare Corporation';
const ASTRAZENECA = 'AstraZeneca Pharmaceuticals LP';
const FRESENIUS = 'Fresenius Kabi USA, LLC';
const GENENTECH = 'Genentech, Inc.';
const HIKMA = 'Hikma Pharmaceuticals USA Inc.';
const PFIZER = 'Pfizer Inc';
const REGENERON = 'Regeneron Pharmaceuticals, Inc.';

const drugs: Drug[] = [
  // --- Immune checkpoint inhibitors and other oncology monoclonal antibodies (chemo administration, ch.12 s30.5).
  // All are single-dose vials (each product's labelling).
  drug('J9299', 'Injection, nivolumab, 1 mg', '1', 'mg', 'chemo', { added: '2016-01-01', container: SDV, mue: [480, 3] }, [
    ['00003-3772-11', 'Opdivo 40 mg/4 mL vial', 'E.R. Squibb & Sons, L.L.C.', '40', '4', '1', SDV, LIQUID],
    ['00003-3774-12', 'Opdivo 100 mg/10 mL vial', 'E.R. Squibb & Sons, L.L.C.', '100', '10', '1', SDV, LIQUID],
    ['00003-3756-14', 'Opdivo 120 mg/12 mL vial', 'E.R. Squibb & Sons, L.L.C.', '120', '12', '1', SDV, LIQUID],
    ['00003-3734-13', 'Opdivo 240 mg/24 mL vial', 'E.R. Squibb & Sons, L.L.C.', '240', '24', '1', SDV, LIQUID],
  ]),
  drug('J9271', 'Injection, pembrolizumab, 1 mg', '1', 'mg', 'chemo', { added: '2016-01-01', container: SDV, mue: [400, 3] }, [
    ['00006-3026-02', 'Keytruda 100 mg/4 mL vial', 'Merck Sharp & Dohme LLC', '100', '4', '1', SDV, LIQUID],
    ['00006-3026-04', 'Keytruda 100 mg/4 mL vial, carton of 2', 'Merck Sharp & Dohme LLC', '100', '4', '2', SDV, LIQUID],
  ]),
  drug('J9022', 'Injection, atezolizumab, 10 mg', '10', 'mg', 'chemo', { added: '2018-01-01', container: SDV, mue: [168, 3] }, [
    ['50242-0918-01', 'Tecentriq 840 mg/14 mL vial', GENENTECH, '84', '14', '1', SDV, LIQUID],
    ['50242-0917-01', 'Tecentriq 1,200 mg/20 mL vial', GENENTECH, '120', '20', '1', SDV, LIQUID],
  ]),
  drug('J9173', 'Injection, durvalumab, 10 mg', '10', 'mg', 'chemo', { added: '2019-01-01', container: SDV, mue: [150, 3] }, [
    ['00310-4500-12', 'Imfinzi 120 mg/2.4 mL vial', ASTRAZENECA, '12', '2.4', '1', SDV, LIQUID],
    ['00310-4611-50', 'Imfinzi 500 mg/10 mL vial', ASTRAZENECA, '50', '10', '1', SDV, LIQUID],
  ]),
  // Bevacizumab stays chemo even when a retina practice gives it intravitreally (then 67028 is coded from the route).
  drug('J9035', 'Injection, bevacizumab, 10 mg', '10', 'mg', 'chemo', { added: '2005-01-01', container: SDV, mue: [230, 3] }, [
    ['50242-0060-01', 'Avastin 100 mg/4 mL vial', GENENTECH, '10', '4', '1', SDV, LIQUID],
    ['50242-0061-01', 'Avastin 400 mg/16 mL vial', GENENTECH, '40', '16', '1', SDV, LIQUID],
  ]),
  // Herceptin 150 mg is a single-dose powder vial (the 420 mg multi-dose vial is not in the October 2025 crosswalk).
  drug('J9355', 'Injection, trastuzumab, excludes biosimilar, 10 mg', '10', 'mg', 'chemo', { added: '2000-01-01', mue: [120, 3] }, [
    ['50242-0132-01', 'Herceptin 150 mg powder vial', GENENTECH, '15', '1', '1', SDV, SOLID],
  ]),
  drug('J9306', 'Injection, pertuzumab, 1 mg', '1', 'mg', 'chemo', { added: '2014-01-01', container: SDV, mue: [840, 3] }, [
    ['50242-0145-01', 'Perjeta 420 mg/14 mL vial', GENENTECH, '420', '14', '1', SDV, LIQUID],
  ]),
  drug('J9312', 'Injection, rituximab, 10 mg', '10', 'mg', 'chemo', { added: '2019-01-01', container: SDV, mue: [150, 3] }, [
    ['50242-0051-21', 'Rituxan 100 mg/10 mL vial', GENENTECH, '10', '10', '1', SDV, LIQUID],
    ['50242-0053-06', 'Rituxan 500 mg/50 mL vial', GENENTECH, '50', '50', '1', SDV, LIQUID],
  ]),

  // --- Cytotoxic chemotherapy.
  drug('J9041', 'Injection, bortezomib, 0.1 mg', '0.1', 'mg', 'chemo', { added: '2005-01-01', mue: [35, 3] }, [
    ['63020-0049-01', 'Velcade 3.5 mg powder vial', 'Takeda Pharmaceuticals America, Inc.', '35', '1', '1', SDV, SOLID],
  ]),
  // Doxorubicin 2 mg/mL (Actavis labelling): 10, 20 and 50 mg single-dose vials; 200 mg/100 mL multiple-dose vial.
  drug('J9000', 'Injection, doxorubicin hydrochloride, 10 mg', '10', 'mg', 'chemo', { added: '1984-01-01', mue: [20, 3] }, [
    ['45963-0733-55', 'Doxorubicin 10 mg/5 mL vial', 'Actavis Pharma, Inc.', '1', '5', '1', SDV, LIQUID],
    ['45963-0733-68', 'Doxorubicin 50 mg/25 mL vial', 'Actavis Pharma, Inc.', '5', '25', '1', SDV, LIQUID],
    ['45963-0733-60', 'Doxorubicin 200 mg/100 mL vial', 'Actavis Pharma, Inc.', '20', '100', '1', MDV, LIQUID],
  ]),
  // Carboplatin 10 mg/mL (Hospira labelling): multiple-dose vials.
  drug('J9045', 'Injection, carboplatin, 50 mg', '50', 'mg', 'chemo', { added: '1990-01-01', mue: [22, 3] }, [
    ['61703-0339-18', 'Carboplatin 50 mg/5 mL vial', PFIZER, '1', '5', '1', MDV, LIQUID],
    ['61703-0339-22', 'Carboplatin 150 mg/15 mL vial', PFIZER, '3', '15', '1', MDV, LIQUID],
    ['61703-0339-50', 'Carboplatin 450 mg/45 mL vial', PFIZER, '9', '45', '1', MDV, LIQUID],
  ]),
  // Paclitaxel 6 mg/mL (Fresenius Kabi labelling): multidose vials.
  drug('J9267', 'Injection, paclitaxel, 1 mg', '1', 'mg', 'chemo', { added: '2015-01-01', mue: [750, 3] }, [
    ['63323-0763-16', 'Paclitaxel 100 mg/16.7 mL vial', FRESENIUS, '100', '16.7', '1', MDV, LIQUID],
    ['63323-0763-50', 'Paclitaxel 300 mg/50 mL vial', FRESENIUS, '300', '50', '1', MDV, LIQUID],
  ]),
  // Gemcitabine 38 mg/mL solution (Hospira and Mylan labelling): single-dose vials.
  drug('J9201', 'Injection, gemcitabine hydrochloride, not otherwise specified, 200 mg', '200', 'mg', 'chemo', { added: '1998-01-01', mue: [20, 3] }, [
    ['00409-0183-01', 'Gemcitabine 200 mg/5.26 mL vial', PFIZER, '1', '5.26', '1', SDV, LIQUID],
    ['00409-0181-01', 'Gemcitabine 1 g/26.3 mL vial', PFIZER, '5', '26.3', '1', SDV, LIQUID],
    ['00409-0182-01', 'Gemcitabine 2 g/52.6 mL vial', PFIZER, '10', '52.6', '1', SDV, LIQUID],
    ['67457-0617-30', 'Gemcitabine 1 g/26.3 mL vial', 'Mylan Institutional LLC', '5', '26.3', '1', SDV, LIQUID],
  ]),
  // Fluorouracil 5 g/100 mL comes as a pharmacy bulk package, which is neither a single- nor a multi-dose vial.
  drug('J9190', 'Injection, fluorouracil, 500 mg', '500', 'mg', 'chemo', { added: '1984-01-01', mue: [20, 3] }, [
    ['25021-0215-99', 'Fluorouracil 5 g/100 mL pharmacy bulk package', 'Sagent Pharmaceuticals', '10', '100', '1', UNCONFIRMED, LIQUID],
    ['71288-0154-76', 'Fluorouracil 5 g/100 mL pharmacy bulk package', 'Meitheal Pharmaceuticals Inc.', '10', '100', '1', UNCONFIRMED, LIQUID],
  ]),
  // Cisplatin 1 mg/mL: the labelling read did not state single- or multiple-dose.
  drug('J9060', 'Injection, cisplatin, powder or solution, 10 mg', '10', 'mg', 'chemo', { added: '1984-01-01', mue: [24, 3] }, [
    ['63323-0103-51', 'Cisplatin 50 mg/50 mL vial', FRESENIUS, '5', '50', '1', UNCONFIRMED, LIQUID],
    ['63323-0103-65', 'Cisplatin 100 mg/100 mL vial', FRESENIUS, '10', '100', '1', UNCONFIRMED, LIQUID],
  ]),
  // Docetaxel 10 mg/mL (Pfizer labelling): 20 mg single-dose vial; 80 mg and 160 mg multiple-dose vials.
  drug('J9171', 'Injection, docetaxel, 1 mg', '1', 'mg', 'chemo', { added: '2010-01-01', mue: [300, 3] }, [
    ['00409-0201-02', 'Docetaxel 20 mg/2 mL vial', PFIZER, '20', '2', '1', SDV, LIQUID],
    ['00409-0201-10', 'Docetaxel 80 mg/8 mL vial', PFIZER, '80', '8', '1', MDV, LIQUID],
    ['00409-0201-20', 'Docetaxel 160 mg/16 mL vial', PFIZER, '160', '16', '1', MDV, LIQUID],
  ]),
  // Oxaliplatin 5 mg/mL: single-dose vials.
  drug('J9263', 'Injection, oxaliplatin, 0.5 mg', '0.5', 'mg', 'chemo', { added: '2004-01-01', mue: [700, 3] }, [
    ['63323-0750-10', 'Oxaliplatin 50 mg/10 mL vial', FRESENIUS, '100', '10', '1', SDV, LIQUID],
    ['63323-0750-20', 'Oxaliplatin 100 mg/20 mL vial', FRESENIUS, '200', '20', '1', SDV, LIQUID],
  ]),
  // Camptosar 20 mg/mL: single-dose vials.
  drug('J9206', 'Injection, irinotecan, 20 mg', '20', 'mg', 'chemo', { added: '1998-01-01', mue: [42, 3] }, [
    ['00009-7529-04', 'Camptosar 40 mg/2 mL vial', PFIZER, '2', '2', '1', SDV, LIQUID],
    ['00009-7529-03', 'Camptosar 100 mg/5 mL vial', PFIZER, '5', '5', '1', SDV, LIQUID],
    ['00009-7529-05', 'Camptosar 300 mg/15 mL vial', PFIZER, '15', '15', '1', SDV, LIQUID],
  ]),
  // J9070 (100 mg) ended 2024-03-31; unbranded cyclophosphamide is J9075 (5 mg) since 2024-04-01.
  drug('J9075', 'Injection, cyclophosphamide, not otherwise specified, 5 mg', '5', 'mg', 'chemo', { added: '2024-04-01', mue: [1500, 3] }, [
    ['10019-0955-01', 'Cyclophosphamide 500 mg powder vial', 'Baxter Healthcare Corporation', '100', '1', '1', UNCONFIRMED, SOLID],
    ['10019-0956-01', 'Cyclophosphamide 1 g powder vial', 'Baxter Healthcare Corporation', '200', '1', '1', UNCONFIRMED, SOLID],
    ['10019-0957-01', 'Cyclophosphamide 2 g powder vial', 'Baxter Healthcare Corporation', '400', '1', '1', UNCONFIRMED, SOLID],
  ]),
  // Methotrexate (also given SC in rheumatology: 96401). J9250 (5 mg) ended 2024-03-31, J9260 (50 mg) remains.
  // Pfizer labelling: 50 mg/2 mL with preservative = multiple-dose; 1 g/40 mL preservative-free = single-dose.
  drug('J9260', 'Injection, methotrexate sodium, 50 mg', '50', 'mg', 'chemo', { added: '1984-01-01', mue: [400, 3] }, [
    ['61703-0350-38', 'Methotrexate 50 mg/2 mL vial (preserved), carton of 5', PFIZER, '1', '2', '5', MDV, LIQUID],
    ['61703-0408-41', 'Methotrexate 1 g/40 mL vial (preservative-free)', PFIZER, '20', '40', '1', SDV, LIQUID],
  ]),

  // --- Hormonal anti-neoplastics (96402 when given SC/IM). Depot kits, implants and prefilled syringes are single-dose.
  drug('J9217', 'Leuprolide acetate (for depot suspension), 7.5 mg', '7.5', 'mg', 'hormonal-antineoplastic', { added: '1991-01-01', container: SDV, mue: [6, 3] }, [
    ['00074-3642-03', 'Lupron Depot 7.5 mg (1-month) kit', 'AbbVie Inc.', '1', '1', '1', SDV, SOLID],
    ['00074-3346-03', 'Lupron Depot 22.5 mg (3-month) kit', 'AbbVie Inc.', '3', '1', '1', SDV, SOLID],
  ]),
  drug('J9202', 'Goserelin acetate implant, per 3.6 mg', '3.6', 'mg', 'hormonal-antineoplastic', { added: '1991-01-01', container: SDV, mue: [3, 3] }, [
    ['70720-0950-36', 'Zoladex 3.6 mg implant', 'TerSera Therapeutics LLC', '1', '1', '1', SDV, SOLID],
    ['70720-0951-30', 'Zoladex 10.8 mg implant', 'TerSera Therapeutics LLC', '3', '1', '1', SDV, SOLID],
  ]),
  drug('J9395', 'Injection, fulvestrant, 25 mg', '25', 'mg', 'hormonal-antineoplastic', { added: '2004-01-01', container: SDV, mue: [20, 3] }, [
    ['00310-0720-10', 'Faslodex 250 mg/5 mL prefilled syringe, carton of 2', ASTRAZENECA, '10', '5', '2', SDV, LIQUID],
  ]),
  drug('J9155', 'Injection, degarelix, 1 mg', '1', 'mg', 'hormonal-antineoplastic', { added: '2010-01-01', container: SDV, mue: [240, 3] }, [
    ['55566-8303-01', 'Firmagon 80 mg powder vial', 'Ferring Pharmaceuticals Inc.', '80', '1', '1', SDV, SOLID],
    ['55566-8403-01', 'Firmagon 120 mg powder vial, carton of 2 (starting dose)', 'Ferring Pharmaceuticals Inc.', '120', '1', '2', SDV, SOLID],
  ]),
  drug('J3315', 'Injection, triptorelin pamoate, 3.75 mg', '3.75', 'mg', 'hormonal-antineoplastic', { added: '2003-01-01', container: SDV, mue: [6, 3] }, [
    ['74676-5902-01', 'Trelstar 3.75 mg powder vial', 'Verity Pharmaceuticals Inc.', '1', '1', '1', SDV, SOLID],
    ['74676-5904-01', 'Trelstar 11.25 mg powder vial', 'Verity Pharmaceuticals Inc.', '3', '1', '1', SDV, SOLID],
    ['74676-5906-01', 'Trelstar 22.5 mg powder vial', 'Verity Pharmaceuticals Inc.', '6', '1', '1', SDV, SOLID],
  ]),

  // --- Rheumatology, neurology and complement biologics (monoclonal antibodies: chemo administration).
  drug('J1745', 'Injection, infliximab, excludes biosimilar, 10 mg', '10', 'mg', 'chemo', { added: '2000-01-01', container: SDV, mue: [150, 3] }, [
    ['57894-0030-01', 'Remicade 100 mg powder vial', 'Janssen Biotech, Inc.', '10', '1', '1', SDV, SOLID],
    ['57894-0160-01', 'Infliximab (unbranded Janssen) 100 mg powder vial', 'Janssen Biotech, Inc.', '10', '1', '1', SDV, SOLID],
  ]),
  drug('J3262', 'Injection, tocilizumab, 1 mg', '1', 'mg', 'chemo', { added: '2011-01-01', container: SDV, mue: [800, 3] }, [
    ['50242-0135-01', 'Actemra 80 mg/4 mL vial', GENENTECH, '80', '4', '1', SDV, LIQUID],
    ['50242-0136-01', 'Actemra 200 mg/10 mL vial', GENENTECH, '200', '10', '1', SDV, LIQUID],
    ['50242-0137-01', 'Actemra 400 mg/20 mL vial', GENENTECH, '400', '20', '1', SDV, LIQUID],
  ]),
  drug('J2350', 'Injection, ocrelizumab, 1 mg', '1', 'mg', 'chemo', { added: '2018-01-01', container: SDV, mue: [600, 3] }, [
    ['50242-0150-01', 'Ocrevus 300 mg/10 mL vial', GENENTECH, '300', '10', '1', SDV, LIQUID],
  ]),
  // Eculizumab changed descriptor on 2025-04-01: J1300 (10 mg) ended 2025-03-31, J1299 (2 mg) began. A retired
  // code keeps no rows in the crosswalk, so J1300 lists no product: its NDC now maps to J1299.
  drug('J1300', 'Injection, eculizumab, 10 mg', '10', 'mg', 'chemo', { added: '2008-01-01', ended: '2025-03-31', container: SDV }, []),
  drug('J1299', 'Injection, eculizumab, 2 mg', '2', 'mg', 'chemo', { added: '2025-04-01', container: SDV, mue: [600, 3] }, [
    ['25682-0001-01', 'Soliris 300 mg/30 mL vial', 'Alexion Pharmaceuticals, Inc.', '150', '30', '1', SDV, LIQUID],
  ]),

  // --- Anti-emetics and premedications given with chemotherapy (therapeutic: 96375 pushes, 96367 infusions).
  // Ondansetron 2 mg/mL: 2 mL single-dose vials; 20 mL multiple-dose vials (parabens), Fresenius and Hikma labelling.
  drug('J2405', 'Injection, ondansetron hydrochloride, per 1 mg', '1', 'mg', 'therapeutic', { added: '1993-01-01', mue: [64, 3] }, [
    ['63323-0373-02', 'Ondansetron 4 mg/2 mL vial, tray of 25', FRESENIUS, '4', '2', '25', SDV, LIQUID],
    ['63323-0374-20', 'Ondansetron 40 mg/20 mL vial', FRESENIUS, '40', '20', '1', MDV, LIQUID],
    ['00641-6080-25', 'Ondansetron 4 mg/2 mL vial, carton of 25', HIKMA, '4', '2', '25', SDV, LIQUID],
    ['00641-6079-01', 'Ondansetron 40 mg/20 mL vial', HIKMA, '40', '20', '1', MDV, LIQUID],
  ]),
  // Granisetron 1 mg/mL: 1 mL single-dose vial; 4 mL multiple-dose vial (benzyl alcohol).
  drug('J1626', 'Injection, granisetron hydrochloride, 100 mcg', '100', 'mcg', 'therapeutic', { added: '1998-01-01', mue: [30, 3] }, [
    ['63323-0318-01', 'Granisetron 1 mg/1 mL vial', FRESENIUS, '10', '1', '1', SDV, LIQUID],
    ['63323-0319-04', 'Granisetron 4 mg/4 mL vial', FRESENIUS, '40', '4', '1', MDV, LIQUID],
  ]),
  drug('J1453', 'Injection, fosaprepitant, 1 mg', '1', 'mg', 'therapeutic', { added: '2009-01-01', container: SDV, mue: [150, 3] }, [
    ['00006-3061-00', 'Emend for injection 150 mg powder vial', 'Merck Sharp & Dohme LLC', '150', '1', '1', SDV, SOLID],
  ]),
  drug('J2469', 'Injection, palonosetron hcl, 25 mcg', '25', 'mcg', 'therapeutic', { added: '2005-01-01', container: SDV, mue: [60, 3] }, [
    ['63323-0673-05', 'Palonosetron 0.25 mg/5 mL vial', FRESENIUS, '10', '5', '1', SDV, LIQUID],
  ]),
  // Dexamethasone sodium phosphate (Fresenius labelling): 1 mL single-dose vials; 5 mL and 30 mL multiple-dose vials.
  drug('J1100', 'Injection, dexamethasone sodium phosphate, 1 mg', '1', 'mg', 'therapeutic', { added: '1982-01-01', mue: [120, 3] }, [
    ['63323-0165-01', 'Dexamethasone 4 mg/1 mL vial, tray of 25', FRESENIUS, '4', '1', '25', SDV, LIQUID],
    ['63323-0165-05', 'Dexamethasone 20 mg/5 mL vial, tray of 25', FRESENIUS, '20', '5', '25', MDV, LIQUID],
    ['63323-0165-30', 'Dexamethasone 120 mg/30 mL vial', FRESENIUS, '120', '30', '1', MDV, LIQUID],
    ['63323-0506-01', 'Dexamethasone 10 mg/1 mL vial, tray of 25', FRESENIUS, '10', '1', '25', SDV, LIQUID],
  ]),
  drug('J1200', 'Injection, diphenhydramine hcl, up to 50 mg', '50', 'mg', 'therapeutic', { added: '1982-01-01', upTo: true, mue: [8, 3] }, [
    ['63323-0664-01', 'Diphenhydramine 50 mg/1 mL vial, tray of 25', FRESENIUS, '1', '1', '25', SDV, LIQUID],
  ]),
  // Famotidine had no J-code before J1308 (2025-04-01). 10 mg/mL: 2 mL single-dose; 20 mL multiple-dose vials.
  drug('J1308', 'Injection, famotidine, 0.25 mg', '0.25', 'mg', 'therapeutic', { added: '2025-04-01', mue: [160, 3] }, [
    ['63323-0739-12', 'Famotidine 20 mg/2 mL vial, tray of 25', FRESENIUS, '80', '2', '25', SDV, LIQUID],
    ['63323-0738-20', 'Famotidine 200 mg/20 mL vial, carton of 10', FRESENIUS, '800', '20', '10', MDV, LIQUID],
  ]),
  // Leucovorin is a rescue agent, not an anti-neoplastic: therapeutic by default (payers differ).
  drug('J0640', 'Injection, leucovorin calcium, per 50 mg', '50', 'mg', 'therapeutic', { added: '1982-01-01', mue: [24, 3] }, [
    ['63323-0631-10', 'Leucovorin 100 mg/10 mL vial', FRESENIUS, '2', '10', '1', UNCONFIRMED, LIQUID],
    ['63323-0631-50', 'Leucovorin 500 mg/50 mL vial', FRESENIUS, '10', '50', '1', UNCONFIRMED, LIQUID],
  ]),

  // --- Growth factors, ESAs, iron, bone agents (therapeutic; ESAs and iron are never chemo administration).
  // Pegfilgrastim changed descriptor on 2022-01-01: J2505 (6 mg) ended 2021-12-31, J2506 (0.5 mg) began.
  drug('J2505', 'Injection, pegfilgrastim, 6 mg', '6', 'mg', 'therapeutic', { added: '2004-01-01', ended: '2021-12-31', container: SDV }, []),
  drug('J2506', 'Injection, pegfilgrastim, excludes biosimilar, 0.5 mg', '0.5', 'mg', 'therapeutic', { added: '2022-01-01', container: SDV, mue: [12, 3] }, [
    ['55513-0190-01', 'Neulasta 6 mg/0.6 mL prefilled syringe', AMGEN, '12', '0.6', '1', SDV, LIQUID],
    ['55513-0192-01', 'Neulasta Onpro kit 6 mg/0.6 mL', AMGEN, '12', '0.6', '1', SDV, LIQUID],
  ]),
  drug('J1442', 'Injection, filgrastim (g-csf), excludes biosimilars, 1 microgram', '1', 'mcg', 'therapeutic', { added: '2014-01-01', container: SDV, mue: [1500, 3] }, [
    ['55513-0530-10', 'Neupogen 300 mcg/1 mL vial, carton of 10', AMGEN, '300', '1', '10', SDV, LIQUID],
    ['55513-0546-10', 'Neupogen 480 mcg/1.6 mL vial, carton of 10', AMGEN, '480', '1.6', '10', SDV, LIQUID],
    ['55513-0924-91', 'Neupogen 300 mcg/0.5 mL prefilled syringe', AMGEN, '300', '0.5', '1', SDV, LIQUID],
    ['55513-0209-91', 'Neupogen 480 mcg/0.8 mL prefilled syringe', AMGEN, '480', '0.8', '1', SDV, LIQUID],
  ]),
  // Epoetin alfa labelling: single-dose vials of 2,000-40,000 units/mL; multiple-dose vials of 20,000 units/2 mL
  // and 20,000 units/mL (benzyl alcohol).
  drug('J0885', 'Injection, epoetin alfa, (for non-esrd use), 1000 units', '1000', 'unit', 'therapeutic', { added: '2006-01-01', mue: [60, 3] }, [
    ['55513-0148-10', 'Epogen 4,000 units/1 mL vial, carton of 10', AMGEN, '4', '1', '10', SDV, LIQUID],
    ['55513-0144-10', 'Epogen 10,000 units/1 mL vial, carton of 10', AMGEN, '10', '1', '10', SDV, LIQUID],
    ['55513-0283-10', 'Epogen 20,000 units/2 mL vial, carton of 10', AMGEN, '20', '2', '10', MDV, LIQUID],
    ['55513-0478-10', 'Epogen 20,000 units/1 mL vial, carton of 10', AMGEN, '20', '1', '10', MDV, LIQUID],
    ['59676-0340-01', 'Procrit 40,000 units/1 mL vial, carton of 4', 'Janssen Products, LP', '40', '1', '4', SDV, LIQUID],
  ]),
  // The crosswalk maps every Epogen and Procrit NDC to Q4081 as well (100 units, ESRD on dialysis). Listed so that the
  // starter sees the two codes the full quarter sees; the engine drops Q4081 on a practitioner claim (1.2b).
  drug('Q4081', 'Injection, epoetin alfa, 100 units (for esrd on dialysis)', '100', 'unit', 'therapeutic', { added: '2007-01-01', mue: [100, 3] }, [
    ['55513-0148-10', 'Epogen 4,000 units/1 mL vial, carton of 10', AMGEN, '40', '1', '10', SDV, LIQUID],
    ['55513-0144-10', 'Epogen 10,000 units/1 mL vial, carton of 10', AMGEN, '100', '1', '10', SDV, LIQUID],
    ['55513-0283-10', 'Epogen 20,000 units/2 mL vial, carton of 10', AMGEN, '200', '2', '10', MDV, LIQUID],
    ['55513-0478-10', 'Epogen 20,000 units/1 mL vial, carton of 10', AMGEN, '200', '1', '10', MDV, LIQUID],
    ['59676-0340-01', 'Procrit 40,000 units/1 mL vial, carton of 4', 'Janssen Products, LP', '400', '1', '4', SDV, LIQUID],
  ]),
  drug('J0881', 'Injection, darbepoetin alfa, 1 microgram (non-esrd use)', '1', 'mcg', 'therapeutic', { added: '2006-01-01', container: SDV, mue: [500, 3] }, [
    ['55513-0002-04', 'Aranesp 25 mcg/1 mL vial, carton of 4', AMGEN, '25', '1', '4', SDV, LIQUID],
    ['55513-0005-04', 'Aranesp 100 mcg/1 mL vial, carton of 4', AMGEN, '100', '1', '4', SDV, LIQUID],
    ['55513-0025-04', 'Aranesp 100 mcg/0.5 mL prefilled syringe, carton of 4', AMGEN, '100', '0.5', '4', SDV, LIQUID],
    ['55513-0028-01', 'Aranesp 200 mcg/0.4 mL prefilled syringe', AMGEN, '200', '0.4', '1', SDV, LIQUID],
  ]),
  // Aranesp NDCs also map to J0882 (ESRD on dialysis), as Epogen's map to Q4081.
  drug('J0882', 'Injection, darbepoetin alfa, 1 microgram (for esrd on dialysis)', '1', 'mcg', 'therapeutic', { added: '2006-01-01', container: SDV, mue: [300, 3] }, [
    ['55513-0002-04', 'Aranesp 25 mcg/1 mL vial, carton of 4', AMGEN, '25', '1', '4', SDV, LIQUID],
    ['55513-0005-04', 'Aranesp 100 mcg/1 mL vial, carton of 4', AMGEN, '100', '1', '4', SDV, LIQUID],
    ['55513-0025-04', 'Aranesp 100 mcg/0.5 mL prefilled syringe, carton of 4', AMGEN, '100', '0.5', '4', SDV, LIQUID],
    ['55513-0028-01', 'Aranesp 200 mcg/0.4 mL prefilled syringe', AMGEN, '200', '0.4', '1', SDV, LIQUID],
  ]),
  drug('J1756', 'Injection, iron sucrose, 1 mg', '1', 'mg', 'therapeutic', { added: '2003-01-01', container: SDV, mue: [500, 3] }, [
    ['00517-2325-10', 'Venofer 50 mg/2.5 mL vial, carton of 10', 'American Regent, Inc.', '50', '2.5', '10', SDV, LIQUID],
    ['00517-2340-10', 'Venofer 100 mg/5 mL vial, carton of 10', 'American Regent, Inc.', '100', '5', '10', SDV, LIQUID],
    ['00517-2310-05', 'Venofer 200 mg/10 mL vial, carton of 5', 'American Regent, Inc.', '200', '10', '5', SDV, LIQUID],
  ]),
  drug('J1439', 'Injection, ferric carboxymaltose, 1 mg', '1', 'mg', 'therapeutic', { added: '2015-01-01', container: SDV, mue: [1000, 3] }, [
    ['00517-0602-01', 'Injectafer 100 mg/2 mL vial', 'American Regent, Inc.', '100', '2', '1', SDV, LIQUID],
    ['00517-0650-01', 'Injectafer 750 mg/15 mL vial', 'American Regent, Inc.', '750', '15', '1', SDV, LIQUID],
  ]),
  // Denosumab is a monoclonal antibody, yet most MACs see Prolia as 96372 and many see Xgeva as 96401: the default
  // is therapeutic and a payer override can make it chemo.
  drug('J0897', 'Injection, denosumab, 1 mg', '1', 'mg', 'therapeutic', { added: '2012-01-01', container: SDV, mue: [120, 3] }, [
    ['55513-0710-01', 'Prolia 60 mg/1 mL prefilled syringe', AMGEN, '60', '1', '1', SDV, LIQUID],
    // The crosswalk gives PKG SIZE 1 for Xgeva; the labelled vial holds 120 mg in 1.7 mL, which is what a dose
    // recorded in mL must be converted with.
    ['55513-0730-01', 'Xgeva 120 mg/1.7 mL vial', AMGEN, '120', '1.7', '1', SDV, LIQUID, `${SOURCE} (PKG SIZE 1.7 mL from the FDA label; the crosswalk says 1)`],
  ]),
  // Zoledronic acid 4 mg/5 mL concentrate: single-dose vial. Reclast 5 mg/100 mL bottle: not confirmed.
  drug('J3489', 'Injection, zoledronic acid, 1 mg', '1', 'mg', 'therapeutic', { added: '2014-01-01', mue: [5, 3] }, [
    ['63323-0961-98', 'Zoledronic acid 4 mg/5 mL vial', FRESENIUS, '4', '5', '1', SDV, LIQUID],
    ['00078-0435-61', 'Reclast 5 mg/100 mL bottle', 'Sandoz Inc.', '5', '100', '1', UNCONFIRMED, LIQUID],
  ]),

  // --- Office injections (96372 SC/IM, or IV push/infusion).
  // Ketorolac (Fresenius): single-dose vials; the 60 mg/2 mL vial is for IM use only.
  drug('J1885', 'Injection, ketorolac tromethamine, per 15 mg', '15', 'mg', 'therapeutic', { added: '1993-01-01', mue: [8, 3] }, [
    ['63323-0161-01', 'Ketorolac 15 mg/1 mL vial, tray of 25', FRESENIUS, '1', '1', '25', SDV, LIQUID],
    ['63323-0162-01', 'Ketorolac 30 mg/1 mL vial, tray of 25', FRESENIUS, '2', '1', '25', SDV, LIQUID],
    ['63323-0162-02', 'Ketorolac 60 mg/2 mL vial (IM), tray of 25', FRESENIUS, '4', '2', '25', SDV, LIQUID],
  ]),
  // Methylprednisolone codes changed on 2024-04-01: J2920/J2930 became J2919 (5 mg), J1020/J1030/J1040 became J1010 (1 mg).
  drug('J2919', 'Injection, methylprednisolone sodium succinate, 5 mg', '5', 'mg', 'therapeutic', { added: '2024-04-01', mue: [5400, 3] }, [
    ['00009-0039-28', 'Solu-Medrol 40 mg Act-O-Vial, carton of 25', PFIZER, '8', '1', '25', SDV, SOLID],
    ['00009-0047-22', 'Solu-Medrol 125 mg Act-O-Vial, carton of 25', PFIZER, '25', '1', '25', SDV, SOLID],
  ]),
  // Depo-Medrol: 1 mL single-dose vials; 5 mL multidose vials.
  drug('J1010', 'Injection, methylprednisolone acetate, 1 mg', '1', 'mg', 'therapeutic', { added: '2024-04-01', mue: [160, 3] }, [
    ['00009-3073-01', 'Depo-Medrol 40 mg/1 mL vial', PFIZER, '40', '1', '1', SDV, LIQUID],
    ['00009-3475-01', 'Depo-Medrol 80 mg/1 mL vial', PFIZER, '80', '1', '1', SDV, LIQUID],
    ['00009-0280-02', 'Depo-Medrol 200 mg/5 mL vial', PFIZER, '200', '5', '1', MDV, LIQUID],
    ['00009-0306-02', 'Depo-Medrol 400 mg/5 mL vial', PFIZER, '400', '5', '1', MDV, LIQUID],
  ]),
  // Ceftriaxone powder vials: the labelling read names no single-/multiple-dose for the small vials.
  drug('J0696', 'Injection, ceftriaxone sodium, per 250 mg', '250', 'mg', 'therapeutic', { added: '1990-01-01', mue: [16, 3] }, [
    ['00143-9859-25', 'Ceftriaxone 250 mg powder vial, carton of 25', HIKMA, '1', '1', '25', UNCONFIRMED, SOLID],
    ['00143-9858-25', 'Ceftriaxone 500 mg powder vial, carton of 25', HIKMA, '2', '1', '25', UNCONFIRMED, SOLID],
    ['00143-9857-25', 'Ceftriaxone 1 g powder vial, carton of 25', HIKMA, '4', '1', '25', UNCONFIRMED, SOLID],
  ]),
  // Cyanocobalamin (Hikma labelling): 10 mL multiple-dose vial; the 1 mL vial's type is not stated there.
  drug('J3420', 'Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg', '1000', 'mcg', 'therapeutic', { added: '1986-01-01', upTo: true, mue: [1, 3] }, [
    ['00143-9621-25', 'Cyanocobalamin 1,000 mcg/1 mL vial, carton of 25', HIKMA, '1', '1', '25', UNCONFIRMED, LIQUID],
    ['00143-9620-10', 'Cyanocobalamin 10,000 mcg/10 mL vial, carton of 10', HIKMA, '10', '10', '10', MDV, LIQUID],
  ]),
  // Heparin 1,000 units/mL (Pfizer): 10 mL and 30 mL multiple-dose vials. Two SC injections in a day: 96372 x 2.
  drug('J1644', 'Injection, heparin sodium, per 1000 units', '1000', 'unit', 'therapeutic', { added: '1995-01-01', mue: [40, 3] }, [
    ['00409-2720-02', 'Heparin 10,000 units/10 mL vial, tray of 25', PFIZER, '10', '10', '25', MDV, LIQUID],
    ['00409-2720-03', 'Heparin 30,000 units/30 mL vial, tray of 25', PFIZER, '30', '30', '25', MDV, LIQUID],
  ]),
  // Lovenox: single-dose prefilled syringes; 300 mg/3 mL multiple-dose vial.
  drug('J1650', 'Injection, enoxaparin sodium, 10 mg', '10', 'mg', 'therapeutic', { added: '1996-01-01', mue: [30, 3] }, [
    ['00075-0620-40', 'Lovenox 40 mg/0.4 mL prefilled syringe, carton of 10', 'Sanofi-Aventis U.S. LLC', '4', '0.4', '10', SDV, LIQUID],
    ['00075-0621-60', 'Lovenox 60 mg/0.6 mL prefilled syringe, carton of 10', 'Sanofi-Aventis U.S. LLC', '6', '0.6', '10', SDV, LIQUID],
    ['00075-0623-00', 'Lovenox 100 mg/1 mL prefilled syringe, carton of 10', 'Sanofi-Aventis U.S. LLC', '10', '1', '10', SDV, LIQUID],
    ['00075-0626-03', 'Lovenox 300 mg/3 mL vial', 'Sanofi-Aventis U.S. LLC', '30', '3', '1', MDV, LIQUID],
  ]),
  // Depo-Testosterone: the labelling read lists 1 mL and 10 mL vials without a dose count; set it in the override file.
  drug('J1071', 'Injection, testosterone cypionate, 1 mg', '1', 'mg', 'therapeutic', { added: '2015-01-01', mue: [400, 3] }, [
    ['00009-0347-02', 'Depo-Testosterone 1,000 mg/10 mL vial', PFIZER, '1000', '10', '1', UNCONFIRMED, LIQUID],
    ['00009-0417-01', 'Depo-Testosterone 200 mg/1 mL vial', PFIZER, '200', '1', '1', UNCONFIRMED, LIQUID],
  ]),
  // Medroxyprogesterone has no rows in the October 2025 ASP crosswalk: it is identified by an HCPCS coding on the
  // Medication, and its container type comes from the NDC display text or the override file.
  drug('J1050', 'Injection, medroxyprogesterone acetate, 1 mg', '1', 'mg', 'therapeutic', { added: '2013-01-01', mue: [1000, 3] }, []),
  // Kenalog-40 (NDC package descriptions): 1 mL single-dose vial; 5 mL and 10 mL multi-dose vials. The crosswalk
  // names these NDCs "Kenalog-80", but its BILLUNITS (4 per mL) are those of the 40 mg/mL product.
  drug('J3301', 'Injection, triamcinolone acetonide, not otherwise specified, 10 mg', '10', 'mg', 'therapeutic', { added: '1991-01-01', mue: [16, 3] }, [
    ['00003-0293-05', 'Kenalog-40 40 mg/1 mL vial', 'E.R. Squibb & Sons, L.L.C.', '4', '1', '1', SDV, LIQUID],
    ['00003-0293-20', 'Kenalog-40 200 mg/5 mL vial', 'E.R. Squibb & Sons, L.L.C.', '20', '5', '1', MDV, LIQUID],
    ['00003-0293-28', 'Kenalog-40 400 mg/10 mL vial', 'E.R. Squibb & Sons, L.L.C.', '40', '10', '1', MDV, LIQUID],
  ]),

  // --- IV fluids: administration class hydration (docs/billing-rules.md section 5). They bill, by volume (1 cc = 1 mL),
  // only when they run by themselves for more than 30 minutes; a fluid that carries a drug or runs beside another
  // infusion bills nothing. The crosswalk maps each saline bag to J7030 (1000 cc), J7040 (500 mL) and J7050
  // (250 cc), and each D5W bag to J7060 (500 mL) and J7070 (1000 cc): all are listed so that the starter meets the
  // same choice as the full quarter, which the engine settles by the code of which one bag is one unit (1.2d).
  // Baxter Viaflex bags are labelled "single-dose container"; the Fresenius freeflex labelling was not confirmed.
  drug('J7030', 'Infusion, normal saline solution , 1000 cc', '1000', 'mL', 'hydration', { added: '1982-01-01', mue: [5, 3] }, [
    ['00338-0049-02', '0.9% Sodium Chloride 250 mL Viaflex bag', BAXTER, '0.25', '250', '1', SDV, LIQUID],
    ['00338-0049-03', '0.9% Sodium Chloride 500 mL Viaflex bag', BAXTER, '0.5', '500', '1', SDV, LIQUID],
    ['00338-0049-04', '0.9% Sodium Chloride 1,000 mL Viaflex bag', BAXTER, '1', '1000', '1', SDV, LIQUID],
  ]),
  drug('J7040', 'Infusion, normal saline solution, sterile (500 ml = 1 unit)', '500', 'mL', 'hydration', { added: '1984-01-01', mue: [6, 3] }, [
    ['00338-0049-02', '0.9% Sodium Chloride 250 mL Viaflex bag', BAXTER, '0.5', '250', '1', SDV, LIQUID],
    ['00338-0049-03', '0.9% Sodium Chloride 500 mL Viaflex bag', BAXTER, '1', '500', '1', SDV, LIQUID],
    ['00338-0049-04', '0.9% Sodium Chloride 1,000 mL Viaflex bag', BAXTER, '2', '1000', '1', SDV, LIQUID],
  ]),
  drug('J7050', 'Infusion, normal saline solution, 250 cc', '250', 'mL', 'hydration', { added: '1982-01-01', mue: [10, 3] }, [
    ['00338-0049-02', '0.9% Sodium Chloride 250 mL Viaflex bag', BAXTER, '1', '250', '1', SDV, LIQUID],
    ['00338-0049-03', '0.9% Sodium Chloride 500 mL Viaflex bag', BAXTER, '2', '500', '1', SDV, LIQUID],
    ['00338-0049-04', '0.9% Sodium Chloride 1,000 mL Viaflex bag', BAXTER, '4', '1000', '1', SDV, LIQUID],
  ]),
  drug('J7042', '5% dextrose/normal saline (500 ml = 1 unit)', '500', 'mL', 'hydration', { added: '1984-01-01', mue: [6, 3] }, [
    ['63323-0870-10', 'Dextrose 5% and Sodium Chloride 0.9% 500 mL freeflex bag, case of 20', FRESENIUS, '1', '500', '20', UNCONFIRMED, LIQUID],
    ['63323-0870-74', 'Dextrose 5% and Sodium Chloride 0.9% 1,000 mL freeflex bag, case of 10', FRESENIUS, '2', '1000', '10', UNCONFIRMED, LIQUID],
  ]),
  drug('J7060', '5% dextrose/water (500 ml = 1 unit)', '500', 'mL', 'hydration', { added: '1985-01-01', mue: [10, 3] }, [
    ['00338-0017-02', 'Dextrose 5% 250 mL Viaflex bag', BAXTER, '0.5', '250', '1', SDV, LIQUID],
    ['00338-0017-03', 'Dextrose 5% 500 mL Viaflex bag', BAXTER, '1', '500', '1', SDV, LIQUID],
    ['00338-0017-04', 'Dextrose 5% 1,000 mL Viaflex bag', BAXTER, '2', '1000', '1', SDV, LIQUID],
  ]),
  drug('J7070', 'Infusion, d5w, 1000 cc', '1000', 'mL', 'hydration', { added: '1982-01-01', mue: [4, 3] }, [
    ['00338-0017-02', 'Dextrose 5% 250 mL Viaflex bag', BAXTER, '0.25', '250', '1', SDV, LIQUID],
    ['00338-0017-03', 'Dextrose 5% 500 mL Viaflex bag', BAXTER, '0.5', '500', '1', SDV, LIQUID],
    ['00338-0017-04', 'Dextrose 5% 1,000 mL Viaflex bag', BAXTER, '1', '1000', '1', SDV, LIQUID],
  ]),
  drug('J7120', 'Ringers lactate infusion, up to 1000 cc', '1000', 'mL', 'hydration', { added: '1982-01-01', upTo: true, mue: [4, 3] }, [
    ['00338-0117-02', 'Lactated Ringer\'s 250 mL Viaflex bag', BAXTER, '0.25', '250', '1', SDV, LIQUID],
    ['00338-0117-03', 'Lactated Ringer\'s 500 mL Viaflex bag', BAXTER, '0.5', '500', '1', SDV, LIQUID],
    ['00338-0117-04', 'Lactated Ringer\'s 1,000 mL Viaflex bag', BAXTER, '1', '1000', '1', SDV, LIQUID],
  ]),

  // --- Intravitreal anti-VEGF (67028). Every vial and prefilled syringe is for one eye, once. MUE MAI 2 for most.
  drug('J2778', 'Injection, ranibizumab, 0.1 mg', '0.1', 'mg', 'intravitreal', { added: '2008-01-01', container: SDV, mue: [10, 2] }, [
    ['50242-0080-03', 'Lucentis 0.5 mg/0.05 mL vial', GENENTECH, '5', '0.05', '1', SDV, LIQUID],
    ['50242-0082-03', 'Lucentis 0.3 mg/0.05 mL prefilled syringe', GENENTECH, '3', '0.05', '1', SDV, LIQUID],
  ]),
  drug('Q5124', 'Injection, ranibizumab-nuna, biosimilar, (byooviz), 0.1 mg', '0.1', 'mg', 'intravitreal', { added: '2022-04-01', container: SDV, mue: [10, 3] }, [
    ['64406-0019-01', 'Byooviz 0.5 mg/0.05 mL vial', 'Biogen Inc.', '5', '0.05', '1', SDV, LIQUID],
  ]),
  drug('J0178', 'Injection, aflibercept, 1 mg', '1', 'mg', 'intravitreal', { added: '2013-01-01', container: SDV, mue: [4, 2] }, [
    ['61755-0005-01', 'Eylea 2 mg/0.05 mL (single-dose)', REGENERON, '2', '0.05', '1', SDV, LIQUID],
    ['61755-0005-02', 'Eylea 2 mg/0.05 mL (single-dose)', REGENERON, '2', '0.05', '1', SDV, LIQUID],
  ]),
  drug('J0177', 'Injection, aflibercept hd, 1 mg', '1', 'mg', 'intravitreal', { added: '2024-04-01', container: SDV, mue: [16, 2] }, [
    ['61755-0050-01', 'Eylea HD 8 mg/0.07 mL vial', REGENERON, '8', '0.07', '1', SDV, LIQUID],
  ]),
  drug('J2777', 'Injection, faricimab-svoa, 0.1 mg', '0.1', 'mg', 'intravitreal', { added: '2022-10-01', container: SDV, mue: [120, 3] }, [
    ['50242-0096-01', 'Vabysmo 6 mg/0.05 mL (single-dose)', GENENTECH, '60', '0.05', '1', SDV, LIQUID],
    ['50242-0096-06', 'Vabysmo 6 mg/0.05 mL (single-dose)', GENENTECH, '60', '0.05', '1', SDV, LIQUID],
  ]),
];

export const starterCatalog: CatalogEntries = {
  quarter: 'starter (curated facts, HCPCS as of 2025-Q4)',
  codes: drugs.map((d) => d.code),
  products: drugs.flatMap((d) => d.products),
};
