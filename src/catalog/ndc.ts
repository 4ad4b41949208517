// NDC normalisation to the 11-digit 5-4-2 form that claims carry (docs/billing-rules.md section 1.1). Pure: the engine
// runs it in the browser too.
// An FDA NDC has 10 digits in three segments (labeler-product-package) of 4-4-2, 5-3-2 or 5-4-1; the HIPAA
// 11-digit form pads the short segment with a leading zero. Source: FDA NDC Directory; CMS ASP crosswalk.

export type NdcResult = { ndc11: string } | { candidates: string[] } | { error: string };

/** Segment lengths of the hyphenated forms, and where each one's padding zero goes. */
const hyphenatedForms: readonly { lengths: readonly [number, number, number]; label: string }[] = [
  { lengths: [4, 4, 2], label: '4-4-2' },
  { lengths: [5, 3, 2], label: '5-3-2' },
  { lengths: [5, 4, 1], label: '5-4-1' },
  { lengths: [5, 4, 2], label: '5-4-2' },
];

export function normalizeNdc(raw: string): NdcResult {
  const text = raw.trim();
  if (text === '') return { error: 'empty NDC' };
  if (/[^0-9-]/.test(text)) return { error: `"${text}" holds characters other than digits and hyphens` };

  if (text.includes('-')) {
    const segments = text.split('-');
    if (segments.length !== 3) return { error: `"${text}" does not have three segments (labeler-product-package)` };
    const lengths = segments.map((segment) => segment.length);
    const form = hyphenatedForms.find((candidate) => candidate.lengths.every((length, i) => lengths[i] === length));
    if (!form) return { error: `"${text}" is ${lengths.join('-')}, not 4-4-2, 5-3-2, 5-4-1 or 5-4-2` };
    const [labeler = '', product = '', pkg = ''] = segments;
    return { ndc11: labeler.padStart(5, '0') + product.padStart(4, '0') + pkg.padStart(2, '0') };
  }

  if (text.length === 11) return { ndc11: text };
  if (text.length === 10) {
    // Without hyphens the short segment is unknown: every padding position is a real NDC in some labeler's range.
    return {
      candidates: [
        `0${text}`, // 4-4-2
        `${text.slice(0, 5)}0${text.slice(5)}`, // 5-3-2
        `${text.slice(0, 9)}0${text.slice(9)}`, // 5-4-1
      ],
    };
  }
  return { error: `"${text}" has ${text.length} digits; an NDC has 10 (hyphenated) or 11` };
}

/** The 11-digit NDCs a raw value may stand for: one when it is unambiguous, three for a bare 10-digit NDC. */
export function ndcCandidates(raw: string): string[] {
  const result = normalizeNdc(raw);
  if ('ndc11' in result) return [result.ndc11];
  if ('candidates' in result) return result.candidates;
  return [];
}

/**
 * An 11-digit NDC as 5-4-2 with hyphens, as claim forms and the crosswalk print it. In a CSV cell this also keeps
 * a spreadsheet from reading it as a number and dropping its leading zeros. Other text is returned unchanged.
 */
export function hyphenatedNdc(ndc11: string): string {
  return /^\d{11}$/.test(ndc11) ? `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}` : ndc11;
}
