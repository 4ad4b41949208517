// Line charges from the practice's fee schedule (billing-rules.md 8): units x the fee for the code, or for the code
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
  return typeof fee === 'number' && Number.isFinite(fee) && fee >= 0 ? fee : undefined;
}

export function chargeLines(lines: readonly BillingLine[], fees: Readonly<Record<string, number>>, about: string[]): Charges {
  let total: Big | undefined;
  const missing: string[] = [];
  const perLine = lines.map((line) => {
    const fee = feeFor(line, fees);
    if (fee === undefined) {
      const label = [line.code, ...line.modifiers].join('-');
      if (!missing.includes(label)) missing.push(label);
      return undefined;
    }
    const net = new Big(fee).times(line.units);
    total = total ? total.plus(net) : net;
    return { unitPrice: fee, net: net.toNumber() };
  });
  const findings =
    missing.length === 0
      ? []
      : [
          finding(
            'charge-missing',
            `The fee schedule has no fee for ${missing.join(', ')}; ${missing.length === 1 ? 'that line goes' : 'those lines go'} on the draft without a charge.`,
            about,
          ),
        ];
  return { perLine, total: total?.toNumber(), findings };
}
