/**
 * The one language a document is written in — its labels, dates, numbers, amounts and payment
 * terms alike: the customer's language when cashloop has labels for it, else the company's (the
 * tenant's language, `defaultLanguage` of the messaging settings), else English. Never English
 * labels with Italian month names: the locale is always one of the chosen language (`en-IT`:
 * "1 Mar 2026"; `de-CH`: "CHF 1’234.50"), in the customer's country (or the seller's).
 */
import { firstAvailableLanguage, localeFor } from '../../shared/locale.ts';
import type { BillTo } from '../invoices/index.ts';
import { DOCUMENT_LANGUAGES, type DocumentLanguage } from './document-labels.ts';

export interface DocumentReading {
  /** The language of the labels and the terms in words. */
  readonly language: DocumentLanguage;
  /** The `Intl` locale of dates, numbers and amounts, always a locale of `language`. */
  readonly locale: string;
}

/** The customer's country: the one of its record, else its billing address's. */
function countryOf(customer: Pick<BillTo, 'country' | 'billingAddress'>): string | null {
  const address = customer.billingAddress ?? {};
  return customer.country ?? address.country ?? address.countryCode ?? null;
}

/**
 * `documentReading({ language: 'it', country: 'IT', … }, 'de', 'DE')` → `{ language: 'de', locale: 'de-IT' }`;
 * with no company language (or one without labels) `{ language: 'en', locale: 'en-IT' }`.
 */
export function documentReading(
  customer: Pick<BillTo, 'language' | 'country' | 'billingAddress'>,
  companyLanguage: string | null,
  sellerCountry: string | null,
): DocumentReading {
  const language = firstAvailableLanguage([customer.language, companyLanguage], DOCUMENT_LANGUAGES, 'en');
  return { language, locale: localeFor(language, customer.language, countryOf(customer) ?? sellerCountry) };
}
