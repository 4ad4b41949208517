// The practice's fee schedule (docs/design.md "Configuration"): dollars per billing unit by code, or by code and modifier
// ("67028-50"). Inline in smart-config.json (billing.fees) or a CSV file with the header row code,modifier,charge.
// Checked here, at the door, so the engine receives plain data and a bad fee never becomes a silent wrong charge.
import Big from 'big.js';
import { parse } from 'csv-parse/sync';

/** A HCPCS (J1745) or CPT (96413, 0001T) code, optionally with one modifier (67028-50, J1745-JW). */
export const FEE_KEY = /^[A-Z0-9]{5}(-[A-Z0-9]{2})?$/;
/** Above any single-unit charge in use (the costliest one-time gene therapies are a few million dollars). */
export const MAX_FEE = 9_999_999.99;
/** A fee file larger than this is not a fee schedule. */
export const MAX_FEE_FILE_BYTES = 10 * 1024 * 1024;

/** What is wrong with a fee, or undefined when it is dollars and cents from 0 to MAX_FEE. */
export function feeProblem(fee: number): string | undefined {
  if (!Number.isFinite(fee)) return 'must be a number of dollars per unit, such as 96.00';
  if (fee < 0) return `must not be negative (got ${fee})`;
  if (fee > MAX_FEE) return `must be at most ${MAX_FEE} dollars per unit (got ${fee})`;
  if (decimals(new Big(fee)) > 2) return `must be dollars and cents, at most 2 decimals (got ${fee})`;
  return undefined;
}

/** Digits after the decimal point (big.js keeps the digits in c and the exponent in e). */
function decimals(x: Big): number {
  return Math.max(0, x.c.length - x.e - 1);
}

export interface FeeFileResult {
  fees: Record<string, number>;
  /** "line N: ..." */
  problems: string[];
}

const HEADER = ['code', 'modifier', 'charge'];

/** Parses a fee schedule CSV (a byte-order mark and Windows line endings are fine); lists every problem. */
export function parseFeeSchedule(text: string): FeeFileResult {
  const fees: Record<string, number> = {};
  const problems: string[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { fees, problems: [`${line ? `line ${line}: ` : ''}not readable as CSV: ${(err as Error).message}`] };
  }
  const [header, ...rows] = records;
  if (!header) return { fees, problems: ['the file is empty; it needs the header row code,modifier,charge'] };
  const names = header.record.map((h) => h.toLowerCase());
  const missing = HEADER.filter((h) => !names.includes(h));
  if (missing.length > 0 || names.length !== HEADER.length) {
    const detail = missing.length > 0 ? `missing ${missing.join(', ')}` : `got ${header.record.join(',')}`;
    return { fees, problems: [`line ${header.info.lines}: the header row must be code,modifier,charge (${detail})`] };
  }
  const at = { code: names.indexOf('code'), modifier: names.indexOf('modifier'), charge: names.indexOf('charge') };
  const lineOf = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== HEADER.length) {
      problems.push(`line ${line}: ${record.length} field(s), expected 3 (code,modifier,charge)`);
      continue;
    }
    const code = record[at.code]!;
    const modifier = record[at.modifier]!;
    const charge = record[at.charge]!;
    const key = modifier ? `${code}-${modifier}` : code;
    if (!/^[A-Z0-9]{5}$/.test(code)) problems.push(`line ${line}: code '${code}' is not a HCPCS or CPT code (5 letters or digits, upper case)`);
    else if (modifier && !/^[A-Z0-9]{2}$/.test(modifier)) problems.push(`line ${line}: modifier '${modifier}' is not a modifier (2 letters or digits, upper case)`);
    else if (!/^\d+(\.\d+)?$/.test(charge)) problems.push(`line ${line}: charge '${charge}' is not an amount in dollars such as 96.00 (no $ sign or thousands separator)`);
    else {
      const fee = Number(charge);
      const problem = feeProblem(fee) ?? (decimals(new Big(charge)) > 2 ? `must be dollars and cents, at most 2 decimals (got ${charge})` : undefined);
      const first = lineOf.get(key);
      if (problem) problems.push(`line ${line}: charge ${problem}`);
      else if (first !== undefined) problems.push(`line ${line}: ${key} is already priced on line ${first}; keep one fee per code and modifier`);
      else {
        lineOf.set(key, line);
        fees[key] = fee;
      }
    }
  }
  return { fees, problems };
}
