/**
 * Amounts and dates as the user reads them. Amounts arrive from the API as exact decimal strings
 * next to an ISO 4217 currency ('1234.50', 'EUR'); they are formatted from the string itself
 * (Intl formats a numeric string exactly), with the currency's own decimals (JPY 0, EUR 2, KWD 3),
 * and never turned into a float for arithmetic. Dates are 'YYYY-MM-DD' calendar dates, formatted
 * without a time zone shift.
 */

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    moneyFormats.set(key, format);
  }
  return format;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** `formatMoney('1234.5', 'EUR', 'de-DE')` → `1.234,50 €`; an unreadable amount is shown as is. */
export function formatMoney(amount: string, currency: string, locale: string): string {
  if (!DECIMAL.test(amount)) return `${amount} ${currency}`;
  return moneyFormat(locale, currency).format(amount as Intl.StringNumericLiteral);
}

/** `formatDate('2026-03-31', 'de-DE')` → `31.03.2026`. */
export function formatDate(date: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** An instant (ISO 8601) as date and time in the browser's time zone: `31.03.2026, 14:05`. */
export function formatInstant(instant: string, locale: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** A count (`1.234` in German). */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A decimal string as a number with fixed decimals, e.g. DSO days `42.3`, a percentage `87.5`. */
export function formatDecimal(value: string, locale: string, fractionDigits = 1): string {
  if (!DECIMAL.test(value)) return value;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value as Intl.StringNumericLiteral);
}
