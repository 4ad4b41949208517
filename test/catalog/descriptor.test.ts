import { describe, expect, it } from 'vitest';
import { canonicalDecimal, parseDescriptor } from '../../src/catalog/descriptor';

describe('parseDescriptor from the HCPCS long description', () => {
  it.each([
    ['Injection, infliximab, excludes biosimilar, 10 mg', { amount: '10', unit: 'mg' }],
    ['Injection, heparin sodium, per 1000 units', { amount: '1000', unit: 'unit' }],
    ['Injection, chorionic gonadotropin, per 1,000 usp units', { amount: '1000', unit: 'unit' }],
    ['Injection, ranibizumab, 0.1 mg', { amount: '0.1', unit: 'mg' }],
    ['Injection, darbepoetin alfa, 1 microgram (non-esrd use)', { amount: '1', unit: 'mcg' }],
    ['Injection, diphenhydramine hcl, up to 50 mg', { amount: '50', unit: 'mg', upTo: true }],
    ['Injection, digoxin immune fab (ovine), per vial', { amount: '1', unit: 'vial' }],
    ['Injection, pegaspargase, per single dose vial', { amount: '1', unit: 'vial' }],
    ['Injection, paricalcitol, 1 mcg', { amount: '1', unit: 'mcg' }],
    ['Injection, velaglucerase alfa, 100 units', { amount: '100', unit: 'unit' }],
    ['Injection, ifosfamide, 1 gram', { amount: '1', unit: 'g' }],
    ['Injection, cefoxitin sodium, 1 gm', { amount: '1', unit: 'g' }],
    ['Injection, calcium gluconate (wg critical care), per 10 ml', { amount: '10', unit: 'mL' }],
    ['Injection, epoetin alfa, (for non-esrd use), 1000 units', { amount: '1000', unit: 'unit' }],
    ['Injection, nivolumab, 1 mg', { amount: '1', unit: 'mg' }],
    ['Injection, dalteparin sodium, per 2500 iu', { amount: '2500', unit: 'unit' }],
    ['Factor viii (antihemophilic factor, human) per i.u.', { amount: '1', unit: 'unit' }],
    ['Injection, antihemophilic factor viii/von willebrand factor complex (human), per factor viii i.u.', { amount: '1', unit: 'unit' }],
    ['Injection, interferon, alfa-2b, recombinant, 1 million units', { amount: '1000000', unit: 'unit' }],
    ['Injection, rho d immune globulin, human, full dose, 300 micrograms (1500 i.u.)', { amount: '300', unit: 'mcg' }],
    ['Injection, abatacept, 10 mg (code may be used for medicare when drug administered under the direct supervision of a physician, not for use when drug is self administered)', { amount: '10', unit: 'mg' }],
    ['Injection, acetaminophen, not otherwise specified,10 mg', { amount: '10', unit: 'mg' }],
    ['Emtricitabine and tenofovir, 200mg', { amount: '200', unit: 'mg' }],
    ['Buprenorphine/naloxone, oral, less than or equal to 3 mg buprenorphine', { amount: '3', unit: 'mg', upTo: true }],
    ['Ondansetron 1 mg, oral, fda approved prescription anti-emetic, not to exceed a 48 hour dosage regimen', { amount: '1', unit: 'mg' }],
    ['Injection, mannitol, 25% in 50 ml', { amount: '50', unit: 'mL' }],
    ['Injection, urokinase, 5000 iu vial', { amount: '5000', unit: 'unit' }],
    // IV fluids: 1 cc is 1 mL (docs/billing-rules.md section 2).
    ['Infusion, normal saline solution , 1000 cc', { amount: '1000', unit: 'mL' }],
    ['Infusion, normal saline solution, 250 cc', { amount: '250', unit: 'mL' }],
    ['Ringers lactate infusion, up to 1000 cc', { amount: '1000', unit: 'mL', upTo: true }],
    ['Injection, gamma globulin, intramuscular, 1 cc', { amount: '1', unit: 'mL' }],
  ])('%s', (description, expected) => {
    expect(parseDescriptor(description)).toEqual(expected);
  });

  it.each([
    ['per square centimeter (skin substitute)', 'Skin substitute, apligraf, per square centimeter'],
    ['meq', 'Injection, potassium chloride, per 2 meq'],
    ['kiu', 'Injection, aprotonin, 10,000 kiu'],
    ['a combination', 'Injection, sodium nitrite 3 mg and sodium thiosulfate 125 mg (nithiodote)'],
    ['a ratio', 'Injection, ceftazidime and avibactam, 0.5 g/0.125 g'],
    ['a concentration', 'Injection, torsemide, 10 mg/ml'],
    ['a tier', 'Buprenorphine/naloxone, oral, greater than 10 mg buprenorphine'],
    ['two amounts', 'Injection, thyrotropin alpha, 0.9 mg, provided in 1.1 mg vial'],
    ['no amount', 'Unclassified drugs'],
    ['per dose', 'Hyaluronan or derivative, gel-one, for intra-articular injection, per dose'],
    ['vector genomes', 'Injection, voretigene neparvovec-rzyl, 1 billion vector genomes'],
    ['plaque forming units', 'Injection, talimogene laherparepvec, per 1 million plaque forming units'],
  ])('gives undefined for %s', (_why, description) => {
    expect(parseDescriptor(description)).toBeUndefined();
  });
});

describe('the crosswalk HCPCS dosage as a second source', () => {
  it.each([
    ['10 MG', { amount: '10', unit: 'mg' }],
    ['1000 UNITS', { amount: '1000', unit: 'unit' }],
    ['1 IU', { amount: '1', unit: 'unit' }],
    ['UP TO 0.50 MG', { amount: '0.5', unit: 'mg', upTo: true }],
    ['1 MCG', { amount: '1', unit: 'mcg' }],
    ['1 GM', { amount: '1', unit: 'g' }],
    ['500 ML', { amount: '500', unit: 'mL' }],
    ['UP TO 1000 CC', { amount: '1000', unit: 'mL', upTo: true }],
    ['100,000 UNITS', { amount: '100000', unit: 'unit' }],
    ['PER FACTOR VIII IU', { amount: '1', unit: 'unit' }],
    ['300 MCG (1500 IU)', { amount: '300', unit: 'mcg' }],
  ])('%s', (dosage, expected) => {
    expect(parseDescriptor('', dosage)).toEqual(expected);
  });

  it.each(['1 SQ CM', '2 MEQ', '2.5 MG/0.5 MG', '5MG-1MG', '3 MG & 3 MG', 'Per Dose', '1 EACH'])(
    'gives undefined for %s',
    (dosage) => {
      expect(parseDescriptor('', dosage)).toBeUndefined();
    },
  );

  it('is used only when the description names no amount at all', () => {
    // J7040 reads "(500 ml = 1 unit)": once the note is set aside it names nothing, so the crosswalk decides.
    expect(parseDescriptor('Infusion, normal saline solution, sterile (500 ml = 1 unit)', '500 ML')).toEqual({ amount: '500', unit: 'mL' });
    // A description that names an amount decides, even against the crosswalk.
    expect(parseDescriptor('Injection, eculizumab, 10 mg', '2 MG')).toEqual({ amount: '10', unit: 'mg' });
    // A description that names amounts a person must judge is not overruled by the crosswalk.
    expect(parseDescriptor('Injection, aztreonam/avibactam, 7.5 mg/2.5 mg (10 mg)', '10 MG')).toBeUndefined();
  });
});

describe('canonicalDecimal', () => {
  it.each([
    ['0.50', '0.5'],
    ['010', '10'],
    ['.5', '0.5'],
    ['1,000', '1000'],
    ['12', '12'],
    ['0', '0'],
    [' 3.250 ', '3.25'],
  ])('%j -> %j', (text, expected) => {
    expect(canonicalDecimal(text)).toBe(expected);
  });

  it.each(['', 'abc', '1.2.3', '-1', '1e3', '12,5', 'N/A'])('rejects %j', (text) => {
    expect(canonicalDecimal(text)).toBeUndefined();
  });
});
