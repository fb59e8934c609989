import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tenantId } from '../../db/columns.ts';

/** One row per series: `next_value` is taken under a row lock in the issuing transaction. */
export const numberingSeries = pgTable(
  'numbering_series',
  {
    tenantId: tenantId(),
    series: text('series').notNull(),
    prefix: text('prefix').notNull(),
    padding: bigint('padding', { mode: 'number' }).notNull(),
    nextValue: bigint('next_value', { mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.series] })],
);
