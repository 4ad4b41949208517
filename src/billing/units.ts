// Billing units (docs/billing-rules.md section 2): dose converted to the descriptor's unit, then
// max(1, ceil(dose / descriptor)) in exact decimals (Claims Processing Manual ch.17 s10; CMS RAC issue 0074).
import Big from 'big.js';
import type { Quantity } from 'fhir/r4';
import type { DescriptorQuantity } from '../catalog/types';
import { wholeQuotient } from './decimal';
import { descriptorDimension, doseUnitOf, type DoseDimension } from './dose-units';

/** An amount in a dimension's base unit: mg, units, mL or containers. */
export interface Amount {
  value: Big;
  dimension: DoseDimension;
}

export type Converted = { ok: true; amount: Amount } | { ok: false; reason: string };

/** A FHIR dose as an amount; the UCUM code wins over the free-text unit. */
export function amountOf(q: Quantity | undefined): Converted {
  if (!q || q.value === undefined || q.value === null || typeof q.value !== 'number' || !Number.isFinite(q.value)) {
    return { ok: false, reason: 'no dose value' };
  }
  const unit = doseUnitOf(q.code) ?? doseUnitOf(q.unit);
  if (!unit) return { ok: false, reason: `the unit "${q.code ?? q.unit ?? '(none)'}" is not a dose unit the engine can bill from` };
  const value = decimalOf(q.value);
  return { ok: true, amount: { value: unit.factor === '1' ? value : value.times(unit.factor), dimension: unit.dimension } };
}

// A practice records the same few doses over and over: each value is parsed once. Big values are never changed in
// place (every operation returns a new one), so one parsed value serves every dose that records it.
const decimals = new Map<number, Big>();
const MAX_REMEMBERED_DECIMALS = 10_000;

function decimalOf(value: number): Big {
  let decimal = decimals.get(value);
  if (!decimal) {
    // String(value) keeps the decimal as written (0.07 stays 0.07, not 0.07000000000000001).
    decimal = new Big(String(value));
    if (decimals.size < MAX_REMEMBERED_DECIMALS) decimals.set(value, decimal);
  }
  return decimal;
}

// Remembered per descriptor object with the amount and unit it was read from, so a descriptor changed in place is
// read again; an unchanged one keeps the same Amount object, which the container facts compare by identity.
const descriptorAmounts = new WeakMap<DescriptorQuantity, { amount: string; unit: string; value: Amount }>();

/** The descriptor quantity in its dimension's base unit ("0.1 mg" -> 0.1 mass; "1 mcg" -> 0.001 mass). */
export function descriptorAmount(descriptor: DescriptorQuantity): Amount {
  const hit = descriptorAmounts.get(descriptor);
  if (hit && hit.amount === descriptor.amount && hit.unit === descriptor.unit) return hit.value;
  const { dimension, factor } = descriptorDimension(descriptor.unit);
  const value = { value: new Big(descriptor.amount).times(factor), dimension };
  descriptorAmounts.set(descriptor, { amount: descriptor.amount, unit: descriptor.unit, value });
  return value;
}

/** What converts a dose between dimensions for one product. */
export interface ProductMeasures {
  /** Labelled content of one container, in the descriptor's dimension (overfill never counted). */
  containerContent?: Amount;
  /** Drug per mL, in the descriptor's dimension: needed for doses recorded as a volume. */
  perMl?: Amount;
}

/** The dose in the descriptor's dimension, or why it cannot be. */
export function inDescriptorDimension(dose: Amount, descriptor: Amount, measures: ProductMeasures): Converted {
  if (dose.dimension === descriptor.dimension) return { ok: true, amount: dose };
  if (dose.dimension === 'volume' && measures.perMl && measures.perMl.dimension === descriptor.dimension) {
    return { ok: true, amount: { value: dose.value.times(measures.perMl.value), dimension: descriptor.dimension } };
  }
  if (dose.dimension === 'container' && measures.containerContent?.dimension === descriptor.dimension) {
    return { ok: true, amount: { value: dose.value.times(measures.containerContent.value), dimension: descriptor.dimension } };
  }
  if (descriptor.dimension === 'container' && measures.containerContent?.dimension === dose.dimension) {
    // "per vial" codes count containers: the dose is expressed as the containers it fills.
    return { ok: true, amount: { value: dose.value.div(measures.containerContent.value), dimension: 'container' } };
  }
  if (dose.dimension === 'volume') {
    return { ok: false, reason: 'the dose is recorded as a volume and no concentration is known for this product' };
  }
  return { ok: false, reason: `a dose in ${dose.dimension} units cannot be converted to a descriptor counted in ${descriptor.dimension}` };
}

/** Administered units: max(1, ceil(dose / u)); also right for "up to X" descriptors (one unit per started X). */
export function administeredUnits(dose: Big, u: Big): number {
  return Math.max(1, wholeQuotient(dose, u, true));
}

/** Whole billing units contained in an amount, rounded down (waste is rounded down, NGS). */
export function wholeUnits(amount: Big, u: Big): number {
  return wholeQuotient(amount, u, false);
}
