/**
 * SEPA creditor identifier (CI, "Gläubiger-Identifikationsnummer"), EPC262-08: country code,
 * two check digits, a three-character creditor business code (not part of the check), and the
 * national identifier. The check digits are ISO 7064 MOD 97-10 over the national identifier
 * followed by the country code and `00`, the business code left out.
 * The published German example `DE98ZZZ09999999999` is valid.
 */
import { mod97 } from '../../shared/iban.ts';

const SHAPE = /^([A-Z]{2})(\d{2})([A-Z0-9]{3})([A-Z0-9]{1,28})$/;

/** Electronic form: spaces removed, upper case. */
export function normalizeCreditorId(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/**
 * True for a well-formed creditor identifier with correct check digits.
 * `isValidCreditorId('DE98ZZZ09999999999') === true`; `'DE97ZZZ09999999999'` is false.
 */
export function isValidCreditorId(text: string): boolean {
  const match = SHAPE.exec(normalizeCreditorId(text));
  if (!match) return false;
  const [, country, check, , national] = match;
  return 98 - mod97(`${national}${country}00`) === Number(check);
}
