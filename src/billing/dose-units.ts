// Dose units the engine converts, as a short explicit table. Every entry is checked against the UCUM library
// (@lhncbc/ucum-lhc) in test/billing/dose-units.test.ts; the library itself is too big for the browser bundle.
import Big from 'big.js';
import type { DescriptorQuantity, DescriptorUnit } from '../catalog/types';

/** What a dose is measured in: mass (in mg), activity units, volume (in mL), or a count of containers. */
export type DoseDimension = 'mass' | 'unit' | 'volume' | 'container';

export interface DoseUnit {
  dimension: DoseDimension;
  /** Multiply a value in this unit by factor to get mg (mass), units (unit), mL (volume) or containers. */
  factor: string;
}

// Keys are UCUM codes and the spellings EHRs put in Quantity.unit; matched case-sensitively first, then lower-cased.
// UCUM: "mg", "ug" (microgram), "g", "kg", "ng", "mL", "L"; units: "[iU]", "[IU]", "U", "[USP'U]" (docs/billing-rules.md s2).
export const DOSE_UNITS: Readonly<Record<string, DoseUnit>> = {
  ng: { dimension: 'mass', factor: '0.000001' },
  ug: { dimension: 'mass', factor: '0.001' },
  mcg: { dimension: 'mass', factor: '0.001' },
  'µg': { dimension: 'mass', factor: '0.001' },
  microgram: { dimension: 'mass', factor: '0.001' },
  mg: { dimension: 'mass', factor: '1' },
  milligram: { dimension: 'mass', factor: '1' },
  g: { dimension: 'mass', factor: '1000' },
  gram: { dimension: 'mass', factor: '1000' },
  '[iU]': { dimension: 'unit', factor: '1' },
  '[IU]': { dimension: 'unit', factor: '1' },
  U: { dimension: 'unit', factor: '1' },
  "[USP'U]": { dimension: 'unit', factor: '1' },
  iu: { dimension: 'unit', factor: '1' },
  unit: { dimension: 'unit', factor: '1' },
  units: { dimension: 'unit', factor: '1' },
  'international unit': { dimension: 'unit', factor: '1' },
  'international units': { dimension: 'unit', factor: '1' },
  mL: { dimension: 'volume', factor: '1' },
  ml: { dimension: 'volume', factor: '1' },
  L: { dimension: 'volume', factor: '1000' },
  vial: { dimension: 'container', factor: '1' },
  vials: { dimension: 'container', factor: '1' },
};

/** The UCUM code each table entry is checked against (entries with no UCUM spelling map to their equivalent). */
export const UCUM_EQUIVALENT: Readonly<Record<string, string>> = {
  mcg: 'ug', 'µg': 'ug', microgram: 'ug', milligram: 'mg', gram: 'g', iu: '[iU]', unit: '[iU]', units: '[iU]',
  'international unit': '[iU]', 'international units': '[iU]', U: '[iU]', "[USP'U]": '[iU]', ml: 'mL',
};

export function doseUnitOf(code: string | undefined): DoseUnit | undefined {
  if (typeof code !== 'string' || !code) return undefined;
  const trimmed = code.trim();
  return DOSE_UNITS[trimmed] ?? DOSE_UNITS[trimmed.toLowerCase()];
}

const DESCRIPTOR_DIMENSION: Record<DescriptorUnit, { dimension: DoseDimension; factor: string }> = {
  mcg: { dimension: 'mass', factor: '0.001' },
  mg: { dimension: 'mass', factor: '1' },
  g: { dimension: 'mass', factor: '1000' },
  unit: { dimension: 'unit', factor: '1' },
  mL: { dimension: 'volume', factor: '1' },
  vial: { dimension: 'container', factor: '1' },
};

/**
 * A catalog reaches the engine as data (a CMS quarter, a hand-edited file, GET /api/catalog in the browser), so a
 * descriptor's unit is checked before it is used rather than trusted to be one of DescriptorUnit.
 */
export function isDescriptorUnit(unit: unknown): unit is DescriptorUnit {
  return typeof unit === 'string' && Object.hasOwn(DESCRIPTOR_DIMENSION, unit);
}

/** A descriptor the engine can count doses in: a known unit and a plain decimal amount above zero ("0.1", "1000"). */
export function isUsableDescriptor(descriptor: { amount?: unknown; unit?: unknown } | undefined): descriptor is DescriptorQuantity {
  const amount = descriptor?.amount;
  return isDescriptorUnit(descriptor?.unit) && typeof amount === 'string' && /^\d+(\.\d+)?$/.test(amount) && /[1-9]/.test(amount);
}

export function descriptorDimension(unit: DescriptorUnit): { dimension: DoseDimension; factor: Big } {
  const d = DESCRIPTOR_DIMENSION[unit];
  return { dimension: d.dimension, factor: new Big(d.factor) };
}
