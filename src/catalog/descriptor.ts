// The amount one billing unit of a HCPCS code stands for, read from the code's long description ("Injection,
// infliximab, excludes biosimilar, 10 mg") or, when the description names no amount at all, from the ASP
// crosswalk's "HCPCS dosage" column ("10 MG", "UP TO 0.50 MG"). Pure and dependency-free: the engine may run it.
//
// Only amounts the engine can bill from a dose come back (mg, mcg, g, units/IU, mL or cc, "per vial"). Anything a
// person must judge gives undefined: combinations ("3 mg and 125 mg", "7.5 mg/2.5 mg"), concentrations
// ("10 mg/ml"), tiers ("greater than 3 mg"), and units no dose converts to (meq, sq cm, KIU, millicuries).
// A cubic centimetre is exactly one millilitre: IV fluids are described in either ("1000 cc", "500 ml"), and the
// dose of a fluid is the volume infused (docs/billing-rules.md section 2).
// Source for "up to" and "per" semantics: Medicare Claims Processing Manual ch.17 section 10; docs/billing-rules.md 2.
import type { DescriptorQuantity, DescriptorUnit } from './types';

/** Word forms of each unit, longest first so that "usp units" wins over "units" and "gm" over "g". */
const billableUnits: readonly { pattern: string; unit: DescriptorUnit }[] = [
  { pattern: 'milligrams?|mg', unit: 'mg' },
  { pattern: 'micrograms?|mcg', unit: 'mcg' },
  { pattern: 'grams?|gm|g', unit: 'g' },
  { pattern: 'milliliters?|millilitres?|ml|cc', unit: 'mL' },
  { pattern: 'international units?|usp units?|i\\.u\\.|iu|units?', unit: 'unit' },
  { pattern: '(?:single[- ](?:use|dose) )?vial', unit: 'vial' },
];

/** Units that appear in descriptors but that no administered dose is converted to (the engine cannot bill them). */
const unbillableUnits = [
  'meq',
  'milliequivalents?',
  'square c[a-z]*',
  'sq\\.? ?cm',
  'millicuries?',
  'microcuries?',
  'kiu',
  'vector genomes',
  'plaque forming units',
];

const number = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+';
const unitGroups = billableUnits.map((entry) => `(${entry.pattern})`).join('|');
const quantityPattern = new RegExp(
  '(?:\\b(per|up to|less than or equal to|greater than|more than|over|in excess of)\\s+)?' +
    `(?<![a-z0-9.])(?:(${number})(?:\\s*(million|billion))?\\s*)?` +
    `(?:${unitGroups}|(${unbillableUnits.join('|')}))(?![a-z0-9])`,
  'g',
);

type Reading = { kind: 'none' } | { kind: 'unusable' } | { kind: 'quantity'; quantity: DescriptorQuantity };

export function parseDescriptor(longDescription: string, crosswalkDosage?: string): DescriptorQuantity | undefined {
  const fromDescription = readQuantity(longDescription);
  if (fromDescription.kind === 'quantity') return fromDescription.quantity;
  // The description decides whenever it names an amount; the crosswalk only fills in when it names none
  // ("Infusion, normal saline solution, sterile (500 ml = 1 unit)" reads as nothing once the note is set aside).
  if (fromDescription.kind === 'unusable' || crosswalkDosage === undefined) return undefined;
  const fromDosage = readQuantity(crosswalkDosage);
  return fromDosage.kind === 'quantity' ? fromDosage.quantity : undefined;
}

function readQuantity(text: string): Reading {
  const prepared = withoutParentheses(text.toLowerCase())
    .replace(/\bfactor [ivx]+ (?=i\.?u\b)/g, '') // "per factor viii i.u." counts factor VIII IU
    .replace(/\s+/g, ' ');
  const found: { quantity?: DescriptorQuantity; ratio: boolean }[] = [];
  for (const match of prepared.matchAll(quantityPattern)) {
    const [whole, prefix, amountText, multiplier] = match;
    const unitIndex = billableUnits.findIndex((_, i) => match[4 + i] !== undefined);
    const unbillable = match[4 + billableUnits.length] !== undefined;
    // A bare unit word ("unit dose form", "10 mg vial") is not an amount unless "per" introduces it.
    if (amountText === undefined && prefix !== 'per') continue;
    const unit = billableUnits[unitIndex]?.unit;
    if (unit === 'vial' && amountText !== undefined) continue;
    const start = match.index;
    const ratio = prepared[start + whole.length] === '/' || prepared.slice(0, start).trimEnd().endsWith('/');
    const tier = prefix !== undefined && prefix !== 'per' && prefix !== 'up to' && prefix !== 'less than or equal to';
    const amount = amountText === undefined ? '1' : scaled(amountText.replace(/,/g, ''), multiplier);
    if (unbillable || tier || unit === undefined || amount === undefined) {
      found.push({ ratio });
      continue;
    }
    const upTo = prefix === 'up to' || prefix === 'less than or equal to';
    found.push({ quantity: upTo ? { amount, unit, upTo: true } : { amount, unit }, ratio });
  }
  if (found.length === 0) return { kind: 'none' };
  const only = found[0];
  if (found.length > 1 || !only?.quantity || only.ratio) return { kind: 'unusable' };
  return { kind: 'quantity', quantity: only.quantity };
}

/** Drops notes in parentheses, inner ones first: "(code may be used for medicare when ...)", "(1500 i.u.)". */
function withoutParentheses(text: string): string {
  let result = text;
  let previous;
  do {
    previous = result;
    result = result.replace(/\([^()]*\)/g, ' ');
  } while (result !== previous);
  // A stray "(" (a truncated description) hides the rest of the text; a stray ")" is just dropped.
  return result.replace(/\(.*$/, ' ').replace(/\)/g, ' ');
}

/** "3" million -> "3000000"; undefined for zero, which no descriptor means. */
function scaled(amount: string, multiplier: string | undefined): string | undefined {
  const shift = multiplier === 'million' ? 6 : multiplier === 'billion' ? 9 : 0;
  const canonical = canonicalDecimal(shiftDecimalPoint(amount, shift));
  return canonical === undefined || /^0(\.0*)?$/.test(canonical) ? undefined : canonical;
}

function shiftDecimalPoint(amount: string, places: number): string {
  if (places === 0) return amount;
  const [whole = '', fraction = ''] = amount.split('.');
  const padded = fraction.padEnd(places, '0');
  return `${whole}${padded.slice(0, places)}.${padded.slice(places)}`;
}

/**
 * A plain non-negative decimal in its shortest form ("0.50" -> "0.5", "010" -> "10", ".5" -> "0.5", "1,000" ->
 * "1000"), or undefined when the text is not such a number. Decimal strings keep binary floating point away.
 */
export function canonicalDecimal(text: string): string | undefined {
  const plain = text.trim().replace(/,(?=\d{3}(?:\D|$))/g, '');
  const match = /^(\d*)(?:\.(\d*))?$/.exec(plain);
  if (!match || plain === '' || plain === '.') return undefined;
  const whole = (match[1] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}
