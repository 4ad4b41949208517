import { describe, expect, it } from 'vitest';
import { CatalogIndex } from '../../src/catalog/catalog-index';

const index = new CatalogIndex({
  quarter: 'test',
  codes: [{ code: 'J9299', description: 'Injection, nivolumab, 1 mg', descriptor: { amount: '1', unit: 'mg' } }],
  products: [
    { ndc: '00003377412', hcpcs: 'J9299', billUnits: '100' },
    { ndc: '12345067890', hcpcs: 'J9299', billUnits: '40' },
    { ndc: '12345678900', hcpcs: 'J9299', billUnits: '40' },
  ],
});

describe('CatalogIndex.lookupNdc', () => {
  it('reads a hyphenated NDC as its one 11-digit form and says whether the crosswalk knows it', () => {
    expect(index.lookupNdc('00003-3774-12')).toEqual({ readings: ['00003377412'], known: ['00003377412'] });
    expect(index.lookupNdc('99999-9999-99')).toEqual({ readings: ['99999999999'], known: [] });
  });

  it('tries every padding of a bare 10-digit NDC', () => {
    expect(index.lookupNdc('1234567890')).toEqual({ readings: ['01234567890', '12345067890', '12345678900'], known: ['12345067890', '12345678900'] });
  });

  it('says why a value is no NDC', () => {
    expect(index.lookupNdc('12-34')).toEqual({ error: '"12-34" does not have three segments (labeler-product-package)' });
  });

  it('answers a spelling it has seen from memory', () => {
    expect(index.lookupNdc('0003-3774-12')).toBe(index.lookupNdc('0003-3774-12'));
  });
});
