// Which calendar quarter a CMS file belongs to. CMS says it in the title rows ("Effective October 1, 2025 through
// December 31, 2025", "October 2025 ASP NDC - HCPCS Crosswalk"); the HCPCS file has no title rows, so its
// latest ACT EFF DT stands in; the file name ("HCPC2025_OCT_ANWEB.xlsx", "2026-04-mue-...") is the last resort.

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const monthPattern = [
  'jan(?:uary)?',
  'feb(?:ruary)?',
  'mar(?:ch)?',
  'apr(?:il)?',
  'may',
  'june?',
  'july?',
  'aug(?:ust)?',
  'sep(?:t(?:ember)?)?',
  'oct(?:ober)?',
  'nov(?:ember)?',
  'dec(?:ember)?',
].join('|');

export function quarterOfMonth(year: number, month: number): Quarter {
  return { year, quarter: Math.ceil(month / 3) as Quarter['quarter'] };
}

/** "2025-Q4": sorts in time order as text. */
export function quarterKey(q: Quarter): string {
  return `${q.year}-Q${q.quarter}`;
}

/** "2025-Q4 (CMS October 2025 files)": a quarter is named after its first month, as CMS names its releases. */
export function quarterLabel(q: Quarter): string {
  return `${quarterKey(q)} (CMS ${monthNames[(q.quarter - 1) * 3]} ${q.year} files)`;
}

/** The first "Month [day,] year" in the text: the title rows name the effective date before any note does. */
export function quarterFromText(text: string): Quarter | undefined {
  const match = new RegExp(`\\b(${monthPattern})\\.?\\s+(?:\\d{1,2},?\\s+)?(20\\d\\d)\\b`, 'i').exec(text);
  if (!match) return undefined;
  return quarterOfMonth(Number(match[2]), monthNumber(match[1] ?? ''));
}

/** From an ISO date, YYYY-MM-DD. */
export function quarterFromDate(isoDate: string): Quarter | undefined {
  const match = /^(\d{4})-(\d{2})-\d{2}$/.exec(isoDate);
  return match ? quarterOfMonth(Number(match[1]), Number(match[2])) : undefined;
}

/**
 * From a file name: "2025-10-asp-pricing.csv", "MUE_Eff_04-01-2026.csv", "HCPC2025_OCT_ANWEB.xlsx",
 * "October 2025 crosswalk.csv", "20251001...".
 */
export function quarterFromFileName(name: string): Quarter | undefined {
  const patterns: readonly [RegExp, (m: RegExpExecArray) => Quarter][] = [
    [/(?<!\d)(20\d\d)[-_ .]?(0[1-9]|1[0-2])(?:[-_ .]?[0-3]\d)?(?!\d)/, (m) => quarterOfMonth(Number(m[1]), Number(m[2]))],
    [/(?<!\d)(0[1-9]|1[0-2])[-_.][0-3]\d[-_.](20\d\d)(?!\d)/, (m) => quarterOfMonth(Number(m[2]), Number(m[1]))],
    [
      new RegExp(`(?<!\\d)(20\\d\\d)[-_ ]?(${monthPattern})(?![a-z])`, 'i'),
      (m) => quarterOfMonth(Number(m[1]), monthNumber(m[2] ?? '')),
    ],
    [
      new RegExp(`(?<![a-z])(${monthPattern})[-_ ]?(20\\d\\d)(?!\\d)`, 'i'),
      (m) => quarterOfMonth(Number(m[2]), monthNumber(m[1] ?? '')),
    ],
  ];
  for (const [pattern, toQuarter] of patterns) {
    const match = pattern.exec(name);
    if (match) return toQuarter(match);
  }
  return undefined;
}

function monthNumber(name: string): number {
  const prefix = name.slice(0, 3).toLowerCase();
  return monthNames.findIndex((month) => month.slice(0, 3).toLowerCase() === prefix) + 1;
}
