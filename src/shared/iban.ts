/**
 * IBAN (ISO 13616): normalise, validate and print International Bank Account Numbers.
 *
 * Validation checks the shape (two-letter country, two check digits, alphanumeric BBAN), the
 * country's registered length, and the ISO 7064 MOD 97-10 checksum. It does not check the
 * country-specific BBAN layout, so it answers "was this typed correctly", not "does it exist".
 */
import { z } from 'zod';

/**
 * IBAN length per country, from the SWIFT IBAN registry: every SEPA country plus the other
 * registered ones. Territories that bank under a parent's code (e.g. Åland, Jersey, Réunion) use
 * the parent's prefix (FI, GB, FR) and so need no entry.
 */
// biome-ignore format: a compact table reads better than one country per line
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]+$/;

/**
 * Electronic form of an IBAN: whitespace removed, letters upper-cased.
 * `normalizeIban(' gb82 west 1234 5698 7654 32 ') === 'GB82WEST12345698765432'`.
 */
export function normalizeIban(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/**
 * The registered IBAN length for a two-letter country code, or null if the country has no IBAN.
 * `ibanLengthFor('DE') === 22`, `ibanLengthFor('US') === null`.
 */
export function ibanLengthFor(countryCode: string): number | null {
  return Object.hasOwn(IBAN_LENGTHS, countryCode) ? (IBAN_LENGTHS[countryCode] ?? null) : null;
}

/**
 * True when `text` (spaces and lower case allowed) is an IBAN of a registered country, with that
 * country's length, check digits 02–98, and an ISO 7064 MOD 97-10 remainder of 1.
 * `isValidIban('DE89 3704 0044 0532 0130 00') === true`; `'DE88 3704 0044 0532 0130 00'` is false.
 */
export function isValidIban(text: string): boolean {
  const iban = normalizeIban(text);
  if (!IBAN_SHAPE.test(iban)) return false;
  if (ibanLengthFor(iban.slice(0, 2)) !== iban.length) return false;
  const checkDigits = Number(iban.slice(2, 4));
  if (checkDigits < 2 || checkDigits > 98) return false;
  return mod97(iban.slice(4) + iban.slice(0, 4)) === 1;
}

/**
 * Print form of an IBAN: normalised, then in groups of four separated by single spaces.
 * `formatIban('de89370400440532013000') === 'DE89 3704 0044 0532 0130 00'`.
 */
export function formatIban(iban: string): string {
  return groupsOfFour(normalizeIban(iban));
}

/** `groupsOfFour('ABCDEFGHIJ') === 'ABCD EFGH IJ'`. Shared by IBAN and creditor-reference printing. */
export function groupsOfFour(text: string): string {
  return (text.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * ISO 7064 MOD 97-10 remainder of an upper-case alphanumeric string, with letters read as two
 * digits (A=10 … Z=35). Computed digit by digit, so any length is exact without bigint.
 * `mod97('3214282912345698765432161182') === 1` (the rearranged GB82 WEST example IBAN).
 * Throws on characters other than 0–9 and A–Z.
 */
export function mod97(alphanumeric: string): number {
  let remainder = 0;
  for (const char of alphanumeric) {
    for (const digit of alphanumericValue(char)) {
      remainder = (remainder * 10 + Number(digit)) % 97;
    }
  }
  return remainder;
}

/** `'7'` → `'7'`, `'A'` → `'10'`, `'Z'` → `'35'`. */
function alphanumericValue(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return char;
  if (code >= 65 && code <= 90) return String(code - 55);
  throw new Error(`not an upper-case alphanumeric character: ${JSON.stringify(char)}`);
}

/** An IBAN in any input (API, CLI, CSV): normalised, or a validation error. */
export const ibanSchema = z
  .string()
  .transform(normalizeIban)
  .refine(isValidIban, 'not a valid IBAN (country, length or check digits)');
