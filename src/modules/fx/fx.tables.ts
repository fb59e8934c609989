import { sql } from 'drizzle-orm';
import { check, index, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { businessDate, instant, tenantId } from '../../db/columns.ts';

/**
 * Exchange rates as published: on `rate_date`, one unit of `reference_currency` buys `rate` units of
 * `currency` (the ECB's euro reference rates: reference EUR, 1 EUR = 1.0543 USD). The rate of any
 * pair is read from two quotes of the same reference and day (docs/fx.md). A later import of the
 * same day and currency replaces the rate and keeps when and from where.
 */
export const fxRates = pgTable(
  'fx_rates',
  {
    tenantId: tenantId(),
    rateDate: businessDate('rate_date').notNull(),
    referenceCurrency: text('reference_currency').notNull(),
    currency: text('currency').notNull(),
    rate: numeric('rate').notNull(),
    source: text('source').notNull(),
    importedAt: instant('imported_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.referenceCurrency, t.currency, t.rateDate] }),
    // The rate in force on a day: the latest quote on or before it, per currency.
    index('fx_rates_currency_date_idx').on(t.tenantId, t.currency, t.rateDate),
    check('fx_rates_positive_check', sql`${t.rate} > 0`),
    check('fx_rates_pair_check', sql`${t.currency} <> ${t.referenceCurrency}`),
  ],
);
