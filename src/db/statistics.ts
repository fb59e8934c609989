/**
 * The planner's statistics after bulk writes. PGlite runs no autovacuum, so nothing else ever
 * refreshes them there; on PostgreSQL autovacuum does, but only a while after the load. With
 * stale statistics the planner takes a tenant that just received 500,000 invoices for one with a
 * thousand: a primary-key lookup of 1,000 invoices became a scan of all 500,000 (170 ms instead of
 * a few), and the cash application run over a fresh import took 82 s instead of 52 s on PGlite.
 */
import { sql } from 'drizzle-orm';
import type { BackendKind, Queryable } from './client.ts';

/** Below this many rows written, the statistics are left to age. */
export const BULK_WRITE_ROWS = 1_000;

/** A table's statistics are refreshed when the rows written exceed this share of its rows (autovacuum's default). */
export const ANALYZE_SCALE_FACTOR = 0.1;

/**
 * Vacuum and analyse those of `tables` that `rowsWritten` rows changed noticeably (after the
 * commit, outside any transaction, so both see the committed rows): a table never analysed, or one
 * whose last analysed size (`pg_class.reltuples`) is below ten times the rows written. A cash
 * application run of 50,000 lines refreshes receipts and allocations, not the invoices and journal
 * it added a tenth to (ANALYZE of all seven tables took 2.2 s on PGlite). A no-op for small writes.
 *
 * VACUUM, not only ANALYZE: it sets the fresh rows' hint bits and the visibility map once, here,
 * instead of on the first queries that read them. PGlite has no autovacuum to do it later: the
 * cash application run over 500,000 just-imported invoices took 78.5 s after ANALYZE alone and
 * 54.4 s after VACUUM ANALYZE. PostgreSQL's own advice after a bulk load is the same.
 */
export async function refreshStatistics(
  q: Queryable,
  tables: readonly string[],
  rowsWritten: number,
): Promise<void> {
  if (rowsWritten < BULK_WRITE_ROWS || tables.length === 0) return;
  const result = await q.execute(sql`
    select c.relname as table from pg_class c
     where c.relkind in ('r', 'p') and c.relnamespace = current_schema()::regnamespace
       and c.relname = any(${sql.param([...tables])}::text[])
       and (c.reltuples < 0 or ${rowsWritten} > ${ANALYZE_SCALE_FACTOR}::float8 * c.reltuples)`);
  const stale = (result as unknown as { rows: { table: string }[] }).rows.map((r) => r.table);
  if (stale.length === 0) return;
  await q.execute(sql.raw(`vacuum (analyze) ${stale.map((t) => `"${t.replaceAll('"', '')}"`).join(', ')}`));
}

/** A table that autovacuum, were it running, would vacuum or analyse now. */
export interface BusyTable {
  readonly schema: string;
  readonly table: string;
  readonly deadRows: number;
  readonly changedRows: number;
}

/**
 * The tables past autovacuum's default thresholds: dead rows > 50 + 20% of the table (vacuum)
 * or rows changed since the last analyse > 50 + 10% (analyse), busiest first. pg-boss's queue
 * partitions count too: they take an insert, an update and a delete per job.
 */
export async function findBusyTables(q: Queryable): Promise<BusyTable[]> {
  // The counters of this backend's last transactions reach the statistics views when flushed.
  await q.execute(sql`select pg_stat_force_next_flush()`);
  const result = await q.execute(sql`
    select s.schemaname as schema, s.relname as table,
           s.n_dead_tup::float8 as dead_rows, s.n_mod_since_analyze::float8 as changed_rows
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
        or s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
     order by s.n_dead_tup + s.n_mod_since_analyze desc`);
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return rows.map((r) => ({
    schema: String(r.schema),
    table: String(r.table),
    deadRows: Number(r.dead_rows),
    changedRows: Number(r.changed_rows),
  }));
}

/**
 * `VACUUM (ANALYZE)` each table in turn: one statement per table, so that on PGlite's single
 * connection other work (API requests) runs between them. Not inside a transaction.
 */
export async function vacuumAnalyze(q: Queryable, tables: readonly BusyTable[]): Promise<void> {
  for (const t of tables) {
    await q.execute(sql`vacuum (analyze) ${sql.identifier(t.schema)}.${sql.identifier(t.table)}`);
  }
}

/** What the nightly statistics maintenance did. */
export interface StatisticsMaintenance {
  readonly backend: BackendKind;
  /** Why nothing was done (PostgreSQL: autovacuum does it there). */
  readonly skipped: string | null;
  readonly tables: readonly BusyTable[];
}

/**
 * The nightly maintenance autovacuum would do. PGlite runs no autovacuum: the busy tables are
 * vacuumed and analysed here. On PostgreSQL autovacuum does it, so this does nothing there.
 */
export async function maintainStatistics(q: Queryable, backend: BackendKind): Promise<StatisticsMaintenance> {
  if (backend === 'postgres') return { backend, skipped: 'autovacuum maintains PostgreSQL', tables: [] };
  const tables = await findBusyTables(q);
  await vacuumAnalyze(q, tables);
  return { backend, skipped: null, tables };
}
