// The National Provider Identifier: 10 digits, the last a Luhn check digit computed over "80840" followed by the
// first 9 (CMS, "Requirements for Health Plan Identifier / NPI Check Digit"; ISO 7812 card-issuer prefix 80840).
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

/** True when `value` is 10 digits whose last is the Luhn check digit of "80840" + the first 9. */
export function isValidNpi(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return false;
  const payload = `80840${value.slice(0, 9)}`;
  let sum = 0;
  // From the rightmost payload digit, every other digit is doubled (the check digit would sit to its right).
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      // Mutation testing: `d >= 9` is equivalent: a doubled digit is even, never 9.
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === value.charCodeAt(9) - 48;
}
