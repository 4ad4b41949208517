import { describe, expect, it } from 'vitest';
import { ndcCandidates, normalizeNdc } from '../../src/catalog/ndc';

describe('normalizeNdc', () => {
  it.each([
    // docs/billing-rules.md section 1.1: the short segment gets the leading zero.
    ['0002-7597-01', '00002759701'], // 4-4-2
    ['50242-040-62', '50242004062'], // 5-3-2
    ['60575-4112-1', '60575411201'], // 5-4-1
    ['57894-0030-01', '57894003001'], // already 5-4-2
    ['57894003001', '57894003001'], // 11 digits plain
    ['  0002-7597-01 ', '00002759701'], // surrounding spaces
  ])('%s -> %s', (raw, ndc11) => {
    expect(normalizeNdc(raw)).toEqual({ ndc11 });
  });

  it('gives all three paddings for an unhyphenated 10-digit NDC', () => {
    expect(normalizeNdc('0002759701')).toEqual({ candidates: ['00002759701', '00027059701', '00027597001'] });
    expect(ndcCandidates('5789403001')).toEqual(['05789403001', '57894003001', '57894030001']);
  });

  it.each([
    ['', /empty/],
    ['PS12345', /characters other than digits/],
    ['12345-6789', /three segments/],
    ['123-456-7890', /is 3-3-4/],
    ['1234-56789-01', /is 4-5-2/],
    ['123456789012', /12 digits/],
    ['99999999', /8 digits/],
  ])('rejects %j with a reason', (raw, reason) => {
    const result = normalizeNdc(raw);
    expect(result).toHaveProperty('error');
    expect('error' in result && result.error).toMatch(reason);
  });

  it('ndcCandidates is empty for a non-NDC', () => {
    expect(ndcCandidates('HP1234')).toEqual([]);
  });
});
