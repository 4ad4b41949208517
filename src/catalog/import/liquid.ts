// Whether a crosswalk product is a liquid, set only where the crosswalk makes it evident: the engine bills a
// liquid's NDC quantity in ML and anything else in UN (billing-rules.md section 6), so a wrong guess is worse
// than none (the engine then asks Medication.form or the NDC package text). PKG SIZE is the mL in one item for
// a liquid and a count for powders and tablets (billing-rules.md section 2), so it is read as a volume only when:
// - the code is billed per mL ("Injection, ..., per 10 ml"), or
// - PKG SIZE has a fraction (0.6 for Neulasta, 0.05 for Lucentis): a count of items is whole, or
// - the code is an injection or infusion and PKG SIZE is a whole number other than 1 (carboplatin 50 mg "5",
//   i.e. 5 mL) - oral codes, whose PKG SIZE counts tablets, never qualify.
// "Per vial" codes count vials, so their PKG SIZE says nothing about the form.
import type { HcpcsCode } from '../types';

export function evidentlyLiquid(packageSize: string | undefined, code: HcpcsCode | undefined): true | undefined {
  const unit = code?.descriptor?.unit;
  if (unit === 'mL') return true;
  if (unit === 'vial' || packageSize === undefined || packageSize === '1') return undefined;
  if (packageSize.includes('.')) return true;
  const injected = /^(injection|infusion)\b/i.test(code?.description ?? '');
  return injected && packageSize !== '0' ? true : undefined;
}
