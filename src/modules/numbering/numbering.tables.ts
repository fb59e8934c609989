import { sql } from 'drizzle-orm';
import { bigint, check, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tenantId } from '../../db/columns.ts';

/** One row per series: the settings that format its numbers (see numbering-format.ts). */
export const numberingSeries = pgTable(
  'numbering_series',
  {
    tenantId: tenantId(),
    series: text('series').notNull(),
    /** The document kind it numbers: `invoice`, `credit_note` or `dunning_charge`. */
    kind: text('kind').notNull().default('invoice'),
    /** e.g. `INV-{seq}` or `INV-{YYYY}-{seq}`. */
    pattern: text('pattern').notNull(),
    /** Minimum width of `{seq}`, zero-padded. */
    padding: bigint('padding', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.series] })],
);

/**
 * The next value per series and year (year 0 for a series without a year part): taken under a row
 * lock in the issuing transaction, so numbers are gapless and unique under concurrency.
 */
export const numberingCounters = pgTable(
  'numbering_counters',
  {
    tenantId: tenantId(),
    series: text('series').notNull(),
    year: integer('year').notNull(),
    nextValue: bigint('next_value', { mode: 'bigint' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.series, t.year] }),
    check('numbering_counters_next_value_check', sql`${t.nextValue} >= 1`),
  ],
);
