/** maintenance.statistics: what autovacuum would do, on PGlite; nothing on PostgreSQL. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { maintainStatistics } from '../../src/db/statistics.ts';
import { maintenanceStatisticsJob } from '../../src/jobs/maintenance-statistics.job.ts';
import { newId } from '../../src/shared/ids.ts';
import { backendName, openTestContext, type TestContext } from '../helpers/backends.ts';
import { dropSchema, startTestScheduler } from '../helpers/scheduler.ts';

async function tableStats(ctx: TestContext, table: string) {
  await ctx.deps.db.execute(sql`select pg_stat_force_next_flush()`);
  const [row] = await queryRows<{ dead: number; changed: number; analysed: boolean }>(
    ctx.deps.db,
    sql`select n_dead_tup::int as dead, n_mod_since_analyze::int as changed, last_analyze is not null as analysed
          from pg_stat_user_tables where relname = ${table}`,
  );
  return row;
}

describe(`maintenance.statistics on ${backendName}`, () => {
  let ctx: TestContext;
  const table = `maint_probe_${newId().replaceAll('-', '').slice(-12)}`;
  before(async () => {
    ctx = await openTestContext();
    await ctx.database.executeSql(`create table ${table} (n int)`);
    await ctx.database.executeSql(`insert into ${table} select generate_series(1, 4000)`);
    await ctx.database.executeSql(`delete from ${table} where n <= 3000`);
  });
  after(async () => {
    await ctx.database.executeSql(`drop table ${table}`);
    await ctx.database.close();
  });

  test('PGlite: the busy tables are vacuumed and analysed; PostgreSQL: left to autovacuum', async () => {
    if (backendName === 'postgres') {
      const result = await maintainStatistics(ctx.deps.db, ctx.database.kind);
      assert.deepEqual(result, {
        backend: 'postgres',
        skipped: 'autovacuum maintains PostgreSQL',
        tables: [],
      });
      return;
    }
    // (On PostgreSQL the counters of the pool's other connections arrive late, and autovacuum
    // may act first; on PGlite's single connection they are exact.)
    const before = await tableStats(ctx, table);
    // 4,000 rows inserted and 3,000 of them deleted: 3,000 dead rows and 7,000 changes, far past
    // the thresholds for a table never analysed (50 + 20% of 0 rows, 50 + 10% of 0 rows).
    assert.deepEqual(before, { dead: 3000, changed: 7000, analysed: false });
    const result = await maintainStatistics(ctx.deps.db, ctx.database.kind);
    const after = await tableStats(ctx, table);
    const probe = result.tables.find((t) => t.table === table);
    assert.deepEqual(probe, { schema: 'public', table, deadRows: 3000, changedRows: 7000 });
    assert.deepEqual(after, { dead: 0, changed: 0, analysed: true });
    // Run again at once: nothing is past the thresholds any more, this table included.
    const again = await maintainStatistics(ctx.deps.db, ctx.database.kind);
    assert.equal(
      again.tables.some((t) => t.table === table),
      false,
    );
  });

  test('the job runs it through the scheduler and keeps what it did as its output', async () => {
    const s = await startTestScheduler(ctx.database, ctx.deps, [maintenanceStatisticsJob]);
    try {
      const { id } = await s.scheduler.trigger(ctx.deps.db, 'maintenance.statistics', {
        tenantId: null,
        date: '2026-03-31',
      });
      const run = await s.scheduler.waitFor('maintenance.statistics', id, 10_000);
      assert.equal(run?.state, 'completed', s.log.join(''));
      assert.equal((run?.output as { backend?: string } | undefined)?.backend, backendName);
    } finally {
      await s.scheduler.stop();
      await dropSchema(ctx.database, s.schema);
    }
  });
});
