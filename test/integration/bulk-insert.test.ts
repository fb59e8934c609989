import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../src/db/bulk-insert.ts';
import { queryRows, withTransaction } from '../../src/db/client.ts';
import { newId } from '../../src/shared/ids.ts';
import { backendName, openTestContext, type TestContext } from '../helpers/backends.ts';

interface Row {
  id: string;
  tenant: string;
  n: number;
  amount: string | null;
  flag: boolean;
  tags: string;
}

const COLUMNS: readonly BulkColumn<Row>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'tenant', type: 'uuid', value: (r) => r.tenant },
  { name: 'n', type: 'int', value: (r) => r.n },
  { name: 'amount', type: 'bigint', value: (r) => r.amount },
  { name: 'flag', type: 'boolean', value: (r) => r.flag },
  {
    name: 'tags',
    type: 'jsonb',
    value: (r) => r.tags,
    select: (v) => `array(select jsonb_array_elements_text(${v}))`,
  },
];

describe(`bulk inserts through unnest arrays on ${backendName}`, () => {
  let ctx: TestContext;
  let table: string;
  before(async () => {
    ctx = await openTestContext();
    table = `bulk_probe_${newId().replaceAll('-', '')}`;
    await ctx.database.executeSql(
      `create table ${table} (id uuid primary key, tenant uuid not null, n int, amount bigint, flag boolean, tags text[])`,
    );
  });
  after(async () => {
    await ctx.database.executeSql(`drop table if exists ${table}`);
    await ctx.database.close();
  });

  const read = () =>
    queryRows<{
      id: string;
      tenant: string;
      n: number;
      amount: bigint | null;
      flag: boolean;
      tags: string[];
    }>(ctx.deps.db, sql`select id, tenant, n, amount, flag, tags from ${sql.raw(table)} order by n`);

  test('columns with one value in every row (sent once) and columns that vary land alike', async () => {
    const tenant = newId();
    const rows: Row[] = Array.from({ length: 7 }, (_, i) => ({
      id: newId(),
      tenant,
      n: i,
      amount: i % 2 === 0 ? String(10n ** 15n + BigInt(i)) : null,
      flag: true,
      tags: JSON.stringify(['a', `t${i}`]),
    }));
    // perStatement 3: chunks of 3, 3 and 1 (a single row has every column constant).
    await withTransaction(ctx.deps.db, (tx) => insertByUnnest(tx, table, COLUMNS, rows, 3));
    const back = await read();
    assert.equal(back.length, 7);
    for (const [i, r] of back.entries()) {
      const want = rows[i] as Row;
      assert.equal(r.id, want.id);
      assert.equal(r.tenant, tenant);
      assert.equal(r.n, i);
      assert.equal(r.amount, want.amount === null ? null : BigInt(want.amount));
      assert.equal(r.flag, true);
      assert.deepEqual(r.tags, ['a', `t${i}`]);
    }
  });

  test('a column that is null in every row stays null', async () => {
    await ctx.database.executeSql(`delete from ${table}`);
    const rows: Row[] = [10, 11].map((n) => ({
      id: newId(),
      tenant: newId(),
      n,
      amount: null,
      flag: false,
      tags: '[]',
    }));
    await withTransaction(ctx.deps.db, (tx) => insertByUnnest(tx, table, COLUMNS, rows));
    const back = await read();
    assert.deepEqual(
      back.map((r) => [r.n, r.amount, r.flag, r.tags]),
      [
        [10, null, false, []],
        [11, null, false, []],
      ],
    );
  });
});
