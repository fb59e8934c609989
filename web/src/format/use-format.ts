/** Formatting bound to the user's locale: `const f = useFormat(); f.money(amount, currency)`. */
import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n';
import { formatCount, formatDate, formatDecimal, formatInstant, formatMoney } from './format';

export function useFormat() {
  const { locale } = useI18n();
  return useMemo(
    () => ({
      money: (amount: string, currency: string) => formatMoney(amount, currency, locale),
      date: (date: string) => formatDate(date, locale),
      instant: (instant: string) => formatInstant(instant, locale),
      count: (value: number) => formatCount(value, locale),
      decimal: (value: string, digits?: number) => formatDecimal(value, locale, digits),
    }),
    [locale],
  );
}
