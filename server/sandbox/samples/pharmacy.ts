// The products the clinic's pharmacy stocks, each coded by an NDC that the starter catalog (src/catalog/starter.ts)
// knows, so every sample derives with no CMS files. Container sizes and types are the catalog's facts.
import { product } from './fhir-builders';

/** Remicade (infliximab) 100 mg powder, single-dose vial: J1745, 10 mg per unit. */
export const REMICADE_100 = product('remicade-100mg-vial', '57894-0030-01', 'Remicade (infliximab) 100 mg powder vial', 'powder');
/** Velcade (bortezomib) 3.5 mg powder, single-dose vial: J9041, 0.1 mg per unit. */
export const VELCADE_3_5 = product('velcade-3.5mg-vial', '63020-0049-01', 'Velcade (bortezomib) 3.5 mg powder vial', 'powder');
/** Keytruda (pembrolizumab) 100 mg/4 mL single-dose vial: J9271, 1 mg per unit. */
export const KEYTRUDA_100 = product('keytruda-100mg-vial', '00006-3026-02', 'Keytruda (pembrolizumab) 100 mg/4 mL vial', 'solution');
/** Epogen (epoetin alfa) 20,000 units/1 mL multi-dose vial: J0885, 1,000 units per unit. */
export const EPOGEN_20000_MDV = product('epogen-20000u-mdv', '55513-0478-10', 'Epogen (epoetin alfa) 20,000 units/mL multi-dose vial', 'solution');
/** Ondansetron 4 mg/2 mL single-dose vial: J2405, 1 mg per unit. */
export const ONDANSETRON_4 = product('ondansetron-4mg-vial', '63323-0373-02', 'Ondansetron 4 mg/2 mL vial', 'solution');
/** Gemcitabine 2 g/52.6 mL single-dose vial: J9201, 200 mg per unit. */
export const GEMCITABINE_2G = product('gemcitabine-2g-vial', '00409-0182-01', 'Gemcitabine 2 g/52.6 mL vial', 'solution');
/** Paclitaxel 300 mg/50 mL multi-dose vial: J9267, 1 mg per unit. */
export const PACLITAXEL_300_MDV = product('paclitaxel-300mg-mdv', '63323-0763-50', 'Paclitaxel 300 mg/50 mL multi-dose vial', 'solution');
/** Carboplatin 450 mg/45 mL multi-dose vial: J9045, 50 mg per unit. */
export const CARBOPLATIN_450_MDV = product('carboplatin-450mg-mdv', '61703-0339-50', 'Carboplatin 450 mg/45 mL multi-dose vial', 'solution');
/** Eylea (aflibercept) 2 mg/0.05 mL single-dose vial: J0178, 1 mg per unit. */
export const EYLEA_2 = product('eylea-2mg-vial', '61755-0005-02', 'Eylea (aflibercept) 2 mg/0.05 mL vial', 'solution');
/** Venofer (iron sucrose) 200 mg/10 mL single-dose vial: J1756, 1 mg per unit. */
export const VENOFER_200 = product('venofer-200mg-vial', '00517-2310-05', 'Venofer (iron sucrose) 200 mg/10 mL vial', 'solution');

export const FORMULARY = [
  REMICADE_100, VELCADE_3_5, KEYTRUDA_100, EPOGEN_20000_MDV, ONDANSETRON_4, GEMCITABINE_2G, PACLITAXEL_300_MDV,
  CARBOPLATIN_450_MDV, EYLEA_2, VENOFER_200,
];
