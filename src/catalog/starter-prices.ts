// ASP payment limits of the starter catalog's own codes, so that an audit or a demo run without CMS files shows
// what undocumented waste is worth. Facts, not estimates: the "Payment Limit" column (dollars per billing unit) of
// CMS "Payment Allowance Limits for Medicare Part B Drugs", effective October 1 through December 31, 2025
// (2025-10-asp-pricing.csv, based on 2Q25 ASP data), checked against that file by test/catalog/starter-prices.test.ts.
// Codes the file does not price (terminated ones, medroxyprogesterone J1050) have none here.
// Kept apart from starter.ts: prices change every quarter, the rest of the facts rarely. They are used only when
// no CMS folder is loaded (src/catalog/load.ts): a loaded quarter brings its own prices, and a code that quarter
// does not price must not keep an older quarter's figure.
import type { CatalogEntries } from './types';

export const STARTER_PRICES_SOURCE = 'CMS ASP payment limits effective 2025-10-01 to 2025-12-31 (October 2025 ASP pricing file), for the starter codes';

export const STARTER_PAYMENT_LIMITS: Readonly<Record<string, string>> = {
  J0177: '311.381', J0178: '771.558', J0640: '3.218', J0696: '0.430', J0881: '2.926', J0882: '2.926', J0885: '8.544',
  J0897: '29.380', J1010: '0.119', J1071: '0.028', J1100: '0.094', J1200: '0.755', J1299: '44.821', J1308: '0.009',
  J1439: '1.107', J1442: '0.996', J1453: '0.101', J1626: '0.185', J1644: '0.207', J1650: '0.587', J1745: '31.090',
  J1756: '0.229', J1885: '0.303', J2350: '59.414', J2405: '0.091', J2469: '0.356', J2506: '89.344', J2777: '33.877',
  J2778: '86.384', J2919: '0.210', J3262: '5.708', J3301: '0.844', J3315: '474.838', J3420: '1.005', J3489: '5.056',
  J7030: '1.949', J7040: '1.260', J7042: '1.414', J7050: '0.649', J7060: '1.808', J7070: '3.113', J7120: '2.409',
  J9000: '3.018', J9022: '91.340', J9035: '73.201', J9041: '2.791', J9045: '2.471', J9060: '2.294', J9075: '0.481',
  J9155: '4.448', J9171: '0.626', J9173: '85.120', J9190: '1.990', J9201: '3.128', J9202: '733.665', J9206: '1.751',
  J9217: '176.447', J9260: '2.816', J9263: '0.083', J9267: '0.135', J9271: '60.291', J9299: '32.964',
  J9306: '17.017', J9312: '75.220', J9355: '75.025', J9395: '6.728', Q4081: '0.854', Q5124: '61.796',
};

/** The catalog with the quarter's payment limits set on the codes that have one (a code's own limit is kept). */
export function withStarterPrices(catalog: CatalogEntries): CatalogEntries {
  return {
    ...catalog,
    pricing: STARTER_PRICES_SOURCE,
    codes: catalog.codes.map((code) => {
      const limit = STARTER_PAYMENT_LIMITS[code.code];
      return limit === undefined || code.paymentLimit !== undefined ? code : { ...code, paymentLimit: limit };
    }),
  };
}
