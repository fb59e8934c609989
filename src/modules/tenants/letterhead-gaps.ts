/**
 * What a letterhead lacks for the documents customers receive: the seller's full postal address
 * and tax id (an invoice must name both) and a bank account to pay to (else an invoice asks for
 * payment without saying where). Issuing and sending warn with these and never refuse: an
 * installation may be set up step by step, but each warning names the fields to fill in and where.
 */
import type { LetterheadFields } from './letterhead.repository.ts';

export type LetterheadGapCode =
  | 'seller_address_missing'
  | 'seller_tax_id_missing'
  | 'seller_payment_account_missing';

export interface LetterheadWarning {
  readonly code: LetterheadGapCode;
  readonly message: string;
  /** The fields of `PATCH /v1/tenant/letterhead` that fill the gap. */
  readonly fields: readonly string[];
}

/** What the document is: a credit note asks for no payment, so it needs no bank account. */
export type DocumentPurpose = 'invoice' | 'credit_note' | 'statement';

const WHERE = 'PATCH /v1/tenant/letterhead';
/** Countries whose addresses have no postal code. */
const NO_POSTAL_CODE = new Set(['AE', 'AG', 'AO', 'BS', 'BZ', 'HK', 'IE', 'JM', 'QA']);

const first = (a: Readonly<Record<string, string>>, keys: readonly string[]) =>
  keys.map((k) => a[k]?.trim() ?? '').find((v) => v !== '') ?? '';

/** The parts of the seller's address that are missing, in words: `['street', 'postal code']`. */
export function missingAddressParts(l: Pick<LetterheadFields, 'address' | 'country'>): string[] {
  const a = l.address ?? {};
  const country = (first(a, ['country', 'countryCode', 'country_code']) || l.country || '').toUpperCase();
  const parts: [string, boolean][] = [
    ['street', first(a, ['street', 'line1']) !== ''],
    [
      'postal code',
      NO_POSTAL_CODE.has(country) || first(a, ['postalCode', 'postal_code', 'zip', 'postcode']) !== '',
    ],
    ['city', first(a, ['city', 'town', 'locality']) !== ''],
    ['country', country !== ''],
  ];
  return parts.filter(([, present]) => !present).map(([name]) => name);
}

function addressWarning(missing: readonly string[]): LetterheadWarning {
  return {
    code: 'seller_address_missing',
    message:
      `The seller's postal address lacks ${missing.join(', ')}: an invoice must name the seller's full address. ` +
      `Fill in "address" with ${WHERE}, e.g. {"address": {"street": "Hauptstraße 1", "postalCode": "10115", "city": "Berlin", "country": "DE"}}.`,
    fields: ['address'],
  };
}

const TAX_ID: LetterheadWarning = {
  code: 'seller_tax_id_missing',
  message: `The seller's VAT ID (or tax number) is missing: an invoice must show it. Set "taxId" with ${WHERE}.`,
  fields: ['taxId'],
};

const PAYMENT_ACCOUNT: LetterheadWarning = {
  code: 'seller_payment_account_missing',
  message:
    `No bank account to pay to: the document asks for payment without naming an account. ` +
    `Set "iban" (and "bic", "bankName") with ${WHERE}.`,
  fields: ['iban'],
};

/**
 * The gaps of a letterhead for a document of `purpose` (default: an invoice), in a fixed order:
 * address, tax id, payment account. Empty when the letterhead is complete.
 */
export function letterheadGaps(
  l: LetterheadFields,
  purpose: DocumentPurpose = 'invoice',
): LetterheadWarning[] {
  const warnings: LetterheadWarning[] = [];
  const missing = missingAddressParts(l);
  if (missing.length > 0) warnings.push(addressWarning(missing));
  if (!l.taxId?.trim()) warnings.push(TAX_ID);
  if (purpose !== 'credit_note' && !l.iban) warnings.push(PAYMENT_ACCOUNT);
  return warnings;
}
