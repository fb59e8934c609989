import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { BULK_WRITE_ROWS, refreshStatistics } from '../../src/db/statistics.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { newId } from '../../src/shared/ids.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';

/** The planner's row estimate of a table: -1 until it was first analysed (PostgreSQL ≥ 14). */
async function estimatedRows(ctx: TestContext, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ctx.deps.db,
    sql`select reltuples::float8 as n from pg_class where relname = ${table} and relkind = 'r'`,
  );
  return Number(row?.n ?? Number.NaN);
}

/** Whether VACUUM marked every page of the table all-visible (what index-only scans and readers need). */
async function allVisible(ctx: TestContext, table: string): Promise<boolean> {
  const [row] = await queryRows<{ pages: number; visible: number }>(
    ctx.deps.db,
    sql`select relpages::int as pages, relallvisible::int as visible from pg_class where relname = ${table} and relkind = 'r'`,
  );
  return row !== undefined && row.pages > 0 && row.visible === row.pages;
}

describe(`planner statistics after bulk writes on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  test('a bulk write refreshes the statistics of its tables; a small one leaves them', async () => {
    const table = `stats_probe_${newId().replaceAll('-', '')}`;
    await ctx.database.executeSql(`create table ${table} (n int)`);
    try {
      await ctx.database.executeSql(`insert into ${table} select generate_series(1, 5000)`);
      await refreshStatistics(ctx.deps.db, [table], BULK_WRITE_ROWS - 1);
      assert.equal(await estimatedRows(ctx, table), -1, 'a write below the threshold analyses nothing');
      await refreshStatistics(ctx.deps.db, [table], 5000);
      assert.equal(await estimatedRows(ctx, table), 5000);
      assert.ok(await allVisible(ctx, table), 'the bulk write left its pages vacuumed (all visible)');
    } finally {
      await ctx.database.executeSql(`drop table ${table}`);
    }
  });

  test('a bulk write small beside the table leaves its statistics to the nightly maintenance', async () => {
    const table = `stats_probe_${newId().replaceAll('-', '')}`;
    await ctx.database.executeSql(`create table ${table} (n int)`);
    try {
      await ctx.database.executeSql(`insert into ${table} select generate_series(1, 20000)`);
      await refreshStatistics(ctx.deps.db, [table], 20_000);
      assert.equal(await estimatedRows(ctx, table), 20_000);
      await ctx.database.executeSql(`insert into ${table} select generate_series(1, 1500)`);
      await refreshStatistics(ctx.deps.db, [table], 1_500);
      assert.equal(await estimatedRows(ctx, table), 20_000, '1,500 rows are under a tenth of 20,000');
      await ctx.database.executeSql(`insert into ${table} select generate_series(1, 2500)`);
      await refreshStatistics(ctx.deps.db, [table], 2_500);
      assert.equal(await estimatedRows(ctx, table), 24_000, '2,500 rows are over a tenth');
    } finally {
      await ctx.database.executeSql(`drop table ${table}`);
    }
  });

  test('importing open items leaves the planner knowing about them', async () => {
    const tenant = await newTenant(ctx);
    await importCustomersCsv(ctx.deps, tenant.tenantId, 'external_id,name\nC1,Stats Customer\n');
    const rows = Array.from(
      { length: 1_200 },
      (_, i) => `ST-${i + 1},C1,2026-01-15,2026-02-14,EUR,${100 + i}.00`,
    );
    await importInvoicesCsv(
      ctx.deps,
      tenant.tenantId,
      `number,customer_external_id,issue_date,due_date,currency,total\n${rows.join('\n')}\n`,
    );
    // Other tests add invoices too, never remove them: the estimate covers at least these 1,200.
    assert.ok((await estimatedRows(ctx, 'invoices')) >= 1_200);
  });
});
