/**
 * The planner's statistics after bulk writes. PGlite runs no autovacuum, so nothing else ever
 * refreshes them there; on PostgreSQL autovacuum does, but only a while after the load. With
 * stale statistics the planner takes a tenant that just received 500,000 invoices for one with a
 * thousand: a primary-key lookup of 1,000 invoices became a scan of all 500,000 (170 ms instead of
 * a few), and the cash application run over a fresh import took 82 s instead of 52 s on PGlite.
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from './client.ts';

/** Below this many rows written, the statistics are left to age. */
export const BULK_WRITE_ROWS = 1_000;

/**
 * Refresh the statistics of `tables` after `rowsWritten` rows went into them (after the commit,
 * so ANALYZE samples the committed rows). A no-op for small writes.
 */
export async function refreshStatistics(
  q: Queryable,
  tables: readonly string[],
  rowsWritten: number,
): Promise<void> {
  if (rowsWritten < BULK_WRITE_ROWS || tables.length === 0) return;
  await q.execute(sql.raw(`analyze ${tables.map((t) => `"${t.replaceAll('"', '')}"`).join(', ')}`));
}
