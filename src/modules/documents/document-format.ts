/**
 * Numbers, amounts and dates as a reader of the document's language expects them, through `Intl`:
 * `1.234,56 €` for de, `1 234,56 €` for fr (narrow no-break space), `€1,234.56` for en. Amounts
 * go to `Intl` as exact decimal strings, never as floats, so no amount is ever rounded for print.
 * Formatters are cached: building an `Intl.NumberFormat` costs more than using one.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { exponentOf } from '../../shared/currency.ts';
import { formatAmount } from '../../shared/money.ts';

export interface DocumentFormat {
  readonly locale: string;
  /** `money(123456n, 'EUR')` → `'1.234,56 €'` in de. */
  money(amountMinor: bigint, currency: string): string;
  /** A decimal string in major units with at least the currency's decimals (unit prices). */
  price(decimal: string, currency: string): string;
  /** `date('2026-03-01')` → `'01.03.2026'` in de, `'1 mars 2026'` in fr, `'Mar 1, 2026'` in en. */
  date(date: CalendarDate): string;
  /** A quantity or other plain decimal string: `'1234.5'` → `'1.234,5'` in de. */
  decimal(decimal: string): string;
  /** A percentage given as its number: `'19'` → `'19 %'` in de, `'19%'` in en. */
  percent(decimal: string): string;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value as T;
}

/** `Intl` reads a string as an exact decimal; the type declarations only admit numbers. */
function exact(decimal: string): number {
  return decimal as unknown as number;
}

function moneyFormat(locale: string, currency: string, extraDigits: number): Intl.NumberFormat {
  const digits = exponentOf(currency);
  return cached(
    `m|${locale}|${currency}|${extraDigits}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits + extraDigits,
      }),
  );
}

/** The formats of one locale (a BCP 47 tag such as `de`, `fr-CH`; an unknown tag falls back to `en`). */
export function documentFormat(locale: string): DocumentFormat {
  const tag = Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? 'en';
  const dates = cached(
    `d|${tag}`,
    () => new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }),
  );
  const decimals = cached(`n|${tag}`, () => new Intl.NumberFormat(tag, { maximumFractionDigits: 10 }));
  const percents = cached(
    `p|${tag}`,
    () => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 4 }),
  );
  return {
    locale: tag,
    money: (amountMinor, currency) =>
      moneyFormat(tag, currency, 0).format(exact(formatAmount(amountMinor, currency))),
    price: (decimal, currency) => moneyFormat(tag, currency, 4).format(exact(decimal)),
    date: (date) => dates.format(new Date(`${date}T00:00:00Z`)),
    decimal: (decimal) => decimals.format(exact(decimal)),
    percent: (decimal) => percents.format(exact(`${decimal}e-2`)),
  };
}
