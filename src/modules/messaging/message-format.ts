/**
 * Amounts and dates formatted for the reader with `Intl`: the template language plus the
 * customer's country picks the conventions (`de` + CH → `de-CH`: CHF 1’234.50; `en` + DE →
 * `en-DE`: 5 Mar 2026). Amounts are formatted from their exact decimal string, never a float.
 */
import { type CalendarDate, isCalendarDate } from '../../shared/calendar-date.ts';
import { exponentOf } from '../../shared/currency.ts';
import { formatAmount, type Money } from '../../shared/money.ts';

export { localeFor } from '../../shared/locale.ts';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `formatMoney({amountMinor: 123450n, currency: 'EUR'}, 'de-DE')` → `1.234,50 €`. */
export function formatMoney(value: Money, locale: string): string {
  const key = `${locale}|${value.currency}`;
  let format = numberFormats.get(key);
  if (!format) {
    const digits = exponentOf(value.currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: value.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numberFormats.set(key, format);
  }
  // A decimal string is formatted exactly (Intl.NumberFormat v3); typed as a number by lib.es2023.
  return format.format(formatAmount(value.amountMinor, value.currency) as unknown as number);
}

/** Several amounts in several currencies: one sum per currency, joined (`1.234,50 € + 80,00 $`). */
export function formatTotals(values: readonly Money[], locale: string): string {
  const sums = new Map<string, bigint>();
  for (const v of values) sums.set(v.currency, (sums.get(v.currency) ?? 0n) + v.amountMinor);
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, amountMinor]) => formatMoney({ amountMinor, currency }, locale))
    .join(' + ');
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, style: 'long' | 'numeric'): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format =
      style === 'long'
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
        : new Intl.DateTimeFormat(locale, {
            day: '2-digit',
            month: '2-digit',
            year: 'numeric',
            timeZone: 'UTC',
          });
    dateFormats.set(key, format);
  }
  return format;
}

/** Formatted dates by locale, style and date: a run of letters formats the same few dates again and again. */
const formattedDates = new Map<string, string>();

function formatDate(date: CalendarDate, locale: string, style: 'long' | 'numeric'): string {
  const key = `${locale}|${style}|${date}`;
  let text = formattedDates.get(key);
  if (text === undefined) {
    text = isCalendarDate(date) ? dateFormat(locale, style).format(new Date(`${date}T00:00:00Z`)) : date;
    if (formattedDates.size >= 20_000) formattedDates.clear();
    formattedDates.set(key, text);
  }
  return text;
}

/** A business date in prose: `5 March 2026`, `5. März 2026`, `5 mars 2026`. */
export function formatLongDate(date: CalendarDate, locale: string): string {
  return formatDate(date, locale, 'long');
}

/** A business date in a table: `05/03/2026`, `05.03.2026`. */
export function formatShortDate(date: CalendarDate, locale: string): string {
  return formatDate(date, locale, 'numeric');
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** A percentage given as a decimal string: `formatPercent('10.27', 'de-DE')` → `10,27`. */
export function formatPercent(pct: string, locale: string): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
    percentFormats.set(locale, format);
  }
  return format.format(pct as unknown as number);
}

/** An IBAN in groups of four, as it is printed on paper: `DE89 3704 0044 0532 0130 00`. */
export function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}
