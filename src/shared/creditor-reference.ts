/**
 * ISO 11649 structured creditor reference ("RF reference"): `RF`, two check digits, and a base
 * reference of 1–21 letters and digits, checked with ISO 7064 MOD 97-10 like an IBAN.
 *
 * The published example: base `539007547034` → `RF18539007547034`, printed `RF18 5390 0754 7034`.
 */
import { validationFailed } from './errors.ts';
import { groupsOfFour, mod97 } from './iban.ts';

const BASE = /^[A-Z0-9]{1,21}$/;
const REFERENCE = /^RF(\d{2})([A-Z0-9]{1,21})$/;

/** Electronic form: whitespace removed, letters upper-cased. */
function normalize(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase();
}

/**
 * Build the RF reference for a base reference (1–21 letters and digits; spaces and case ignored).
 * Throws a `validation_failed` AppError (field `reference`) for any other base.
 * `makeCreditorReference('539007547034') === 'RF18539007547034'`.
 */
export function makeCreditorReference(base: string): string {
  const normalized = normalize(base);
  if (!BASE.test(normalized)) {
    const message = `"${base}" is not a creditor reference base: use 1 to 21 letters and digits`;
    throw validationFailed(message, [{ field: 'reference', message }]);
  }
  const check = 98 - mod97(`${normalized}RF00`);
  return `RF${String(check).padStart(2, '0')}${normalized}`;
}

/**
 * True when `text` (spaces and lower case allowed) is a well-formed RF reference whose check
 * digits are right. `isValidCreditorReference('rf18 5390 0754 7034') === true`;
 * `'RF19 5390 0754 7034'` is false.
 */
export function isValidCreditorReference(text: string): boolean {
  const match = REFERENCE.exec(normalize(text));
  if (!match) return false;
  const [, check = '', base = ''] = match;
  const checkDigits = Number(check);
  if (checkDigits < 2 || checkDigits > 98) return false;
  return mod97(`${base}RF${check}`) === 1;
}

/**
 * Print form: normalised, in groups of four. Does not validate.
 * `formatCreditorReference('rf18539007547034') === 'RF18 5390 0754 7034'`.
 */
export function formatCreditorReference(reference: string): string {
  return groupsOfFour(normalize(reference));
}

/**
 * The RF reference of a document number: its letters and digits (the last 21 when longer) as the
 * base, or null when the number has none. `creditorReferenceForNumber('INV-000042')` is
 * `makeCreditorReference('INV000042')` = `'RF29INV000042'`.
 */
export function tryCreditorReferenceForNumber(number: string): string | null {
  const base = number.replace(/[^A-Za-z0-9]/g, '').slice(-21);
  return base === '' ? null : makeCreditorReference(base);
}

/** Like `tryCreditorReferenceForNumber`, for numbers cashloop issues (which always carry digits). */
export function creditorReferenceForNumber(number: string): string {
  const reference = tryCreditorReferenceForNumber(number);
  if (!reference) throw new Error(`document number "${number}" has no letters or digits`);
  return reference;
}
