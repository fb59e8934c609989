import { sql } from 'drizzle-orm';
import { jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessDate, instant, tenantId } from '../../db/columns.ts';
import type { CurrencyRevaluation } from './exposure.ts';

/**
 * A month-end revaluation of the open foreign-currency items: one per tenant and month end. Its
 * entry (unrealised gain or loss per currency, effective on the month end) and the entry that
 * reverses it on the first of the next month, with what was revalued at which rate (docs/fx.md).
 */
export const fxRevaluations = pgTable(
  'fx_revaluations',
  {
    tenantId: tenantId(),
    revaluationId: uuid('revaluation_id').notNull(),
    asOf: businessDate('as_of').notNull(),
    baseCurrency: text('base_currency').notNull(),
    /** Null when nothing differed (no entry is posted for a zero difference). */
    entryId: uuid('entry_id'),
    reversalEntryId: uuid('reversal_entry_id'),
    reversalDate: businessDate('reversal_date').notNull(),
    currencies: jsonb('currencies').$type<CurrencyRevaluation[]>().notNull().default(sql`'[]'::jsonb`),
    revaluedBy: text('revalued_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.revaluationId] }),
    uniqueIndex('fx_revaluations_as_of_uq').on(t.tenantId, t.asOf),
  ],
);
