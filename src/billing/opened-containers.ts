// What a dose from single-dose containers opens and leaves (docs/billing-rules.md section 4): without a waste record,
// the smallest whole number of the product's containers that holds the dose. One rule for the engine's
// waste-undocumented finding and for the amount the app's waste form offers and checks against.
import type Big from 'big.js';
import { roundedQuotient } from './decimal';

export interface OpenedContainers {
  /** Whole containers opened. */
  count: Big;
  /** What they held together. */
  holds: Big;
  /** What was left after the dose: the most that can have been discarded. */
  left: Big;
}

/** `dose` and `content` in the same (descriptor) unit; content above zero. */
export function openedContainers(dose: Big, content: Big): OpenedContainers {
  const count = roundedQuotient(dose, content, true);
  const holds = count.times(content);
  return { count, holds, left: holds.minus(dose) };
}
