// Line charges from the practice's fee schedule (docs/billing-rules.md 8): units x the fee for the code, or for the code
// and one of the line's modifiers where the schedule names that pair (the modifier-specific fee wins). Exact decimal
// arithmetic (big.js), because a claim's charges must add up to the cent. Never a price made up from ASP: a code
// the schedule lacks gets no charge and a `charge-missing` warning.
import Big from 'big.js';
import { finding } from './findings';
import type { BillingLine, Finding } from './types';

export interface LineCharge {
  /** Dollars per unit. */
  unitPrice: number;
  /** units x unitPrice, exact. */
  net: number;
}

export interface Charges {
  /** One per line, in line order; undefined where the schedule has no fee for the line. */
  perLine: (LineCharge | undefined)[];
  /** The sum of the lines that have a charge; undefined when none has. */
  total: number | undefined;
  findings: Finding[];
}

/** The fee for a line: "CODE-MODIFIER" for the first of its modifiers the schedule names, else "CODE". */
export function feeFor(line: Pick<BillingLine, 'code' | 'modifiers'>, fees: Readonly<Record<string, number>>): number | undefined {
  for (const m of line.modifiers) {
    const fee = own(fees, `${line.code}-${m}`);
    if (fee !== undefined) return fee;
  }
  return own(fees, line.code);
}

function own(fees: Readonly<Record<string, number>>, key: string): number | undefined {
  const fee = Object.prototype.hasOwnProperty.call(fees, key) ? fees[key] : undefined;
  // The configuration validates fees; a value that is not a finite, non-negative number is treated as no fee.
  // Mutation testing: the typeof test is equivalent (Number.isFinite is false for anything that is not a number);
  // it is there for the type checker.
  return typeof fee === 'number' && Number.isFinite(fee) && fee >= 0 ? fee : undefined;
}

/** The largest amount a JSON number states to the cent exactly (2^53 cents). */
const EXACT_LIMIT = new Big(2).pow(53).div(100);

export function chargeLines(lines: readonly BillingLine[], fees: Readonly<Record<string, number>>, about: string[]): Charges {
  let total = new Big(0);
  let charged = false;
  const missing: string[] = [];
  const tooLarge: string[] = [];
  const perLine = lines.map((line) => {
    const label = [line.code, ...line.modifiers].join('-');
    const fee = feeFor(line, fees);
    if (fee === undefined) {
      if (!missing.includes(label)) missing.push(label);
      return undefined;
    }
    const net = new Big(fee).times(line.units);
    // Units far above any real dose (already flagged against the MUE) could make a charge no number states
    // exactly: no charge rather than a rounded one.
    if (net.gt(EXACT_LIMIT) || total.plus(net).gt(EXACT_LIMIT)) {
      if (!tooLarge.includes(label)) tooLarge.push(label);
      return undefined;
    }
    total = total.plus(net);
    charged = true;
    return { unitPrice: fee, net: net.toNumber() };
  });
  const findings: Finding[] = [];
  if (missing.length > 0) {
    findings.push(
      finding(
        'charge-missing',
        `The fee schedule has no fee for ${missing.join(', ')}; ${missing.length === 1 ? 'that line goes' : 'those lines go'} on the draft without a charge.`,
        about,
      ),
    );
  }
  if (tooLarge.length > 0) {
    findings.push(
      finding('charge-missing', `The charge for ${tooLarge.join(', ')} (units x fee) is too large to state exactly; check the units. No charge is put on ${tooLarge.length === 1 ? 'that line' : 'those lines'}.`, about),
    );
  }
  return { perLine, total: charged ? total.toNumber() : undefined, findings };
}
