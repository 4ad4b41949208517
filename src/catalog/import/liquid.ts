// Whether a crosswalk product is a liquid, set only where the crosswalk makes it evident: the engine bills a
// liquid's NDC quantity in ML and anything else in UN (docs/billing-rules.md section 6), so a wrong guess is worse
// than none (the engine then asks Medication.form or the NDC package text). PKG SIZE is the amount in one item:
// the mL of a liquid, a count (1) for a powder vial (docs/billing-rules.md section 2). In the October 2025 crosswalk
// every powder checked (Abraxane, Entyvio, Treanda, gemcitabine powder) has PKG SIZE 1 while solutions carry
// their volume (Keytruda 4, Rituxan 10 and 50, gemcitabine solution 5.26). So a product is a liquid when:
// - its code is billed per mL ("Injection, ..., per 10 ml"), or
// - PKG SIZE has a fraction (0.6 for Neulasta, 0.05 for Lucentis): a count of items is whole, or
// - its code is an injection or infusion and PKG SIZE is a whole number other than 1 (carboplatin 50 mg "5");
//   oral codes, whose PKG SIZE counts tablets (Q0162 ondansetron "30"), never qualify.
// PKG SIZE 1 says nothing (a 1 mL ampule and a powder vial look alike), nor does a "per vial" code's.
import type { HcpcsCode } from '../types';

export function evidentlyLiquid(packageSize: string | undefined, code: HcpcsCode | undefined): true | undefined {
  const unit = code?.descriptor?.unit;
  if (unit === 'mL') return true;
  if (unit === 'vial' || packageSize === undefined || packageSize === '1' || packageSize === '0') return undefined;
  if (packageSize.includes('.')) return true;
  return /^(injection|infusion)\b/i.test(code?.description ?? '') ? true : undefined;
}
