/**
 * A large statement upload does not hold up other requests (issue 11): its parse runs in a worker
 * thread, its rows are built and inserted in slices with yields in between, and on PGlite the
 * health check does not queue behind the import's transaction. The checks compare the order in
 * which answers arrive, never durations, so a slow machine cannot make them fail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { checkDatabase, queryRows, withTransaction } from '../../src/db/client.ts';
import { OFF_THREAD_ABOVE } from '../../src/modules/bank/statement-import.service.ts';
import { type ApiTestContext, apiTenant, call, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

/** An MT940 statement of `count` credits with look-alike payers, just over `minChars` long. */
function bigMt940(minChars: number): { text: string; count: number } {
  const lines = [':20:GROSS-2026-06', ':25:DE89370400440532013000', ':28C:7/1', ':60F:C260615EUR0,00'];
  let total = 0n;
  let count = 0;
  let length = lines.join('\n').length;
  while (length < minChars) {
    count++;
    const cents = BigInt(10_000 + ((count * 7919) % 900_000));
    total += cents;
    const amount = `${cents / 100n},${String(cents % 100n).padStart(2, '0')}`;
    const entry = [
      `:61:2606150615C${amount}NTRFNONREF//UPL${String(count).padStart(7, '0')}`,
      `:86:166?00GUTSCHRIFT?20RE 2026-${String(count).padStart(5, '0')} Kd ${count}?32Mueller ${count % 97} GmbH`,
    ];
    lines.push(...entry);
    length += entry.join('\n').length + 2;
  }
  lines.push(`:62F:C260615EUR${total / 100n},${String(total % 100n).padStart(2, '0')}`, '');
  return { text: lines.join('\n'), count };
}

describe(`a large upload and other requests on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  test('the health check answers inside an open transaction that is making progress', async () => {
    await withTransaction(ctx.deps.db, async (tx) => {
      await tx.execute(sql`select 1`);
      // On PGlite a plain `select 1` here would wait for this very transaction: a deadlock.
      await checkDatabase(ctx.deps.db);
    });
  });

  test('/health answers while a statement of over 1 MiB is parsed and imported, which all lands', async () => {
    const t = await apiTenant(ctx);
    const { text, count } = bigMt940(OFF_THREAD_ABOVE + 64 * 1024);
    const order: string[] = [];
    const upload = ctx.app
      .inject({
        method: 'POST',
        url: '/v1/bank/statements',
        headers: { authorization: `Bearer ${t.keys.accountant}`, 'content-type': 'text/plain' },
        payload: text,
      })
      .then((r) => {
        order.push('upload');
        return r;
      });
    await new Promise((resolve) => setImmediate(resolve));
    const health = await call(ctx.app, 'GET', '/health');
    order.push('health');
    const answer = await upload;
    assert.equal(health.status, 200);
    assert.equal(answer.statusCode, 201, answer.body);
    assert.deepEqual(order, ['health', 'upload']);
    assert.equal(answer.json().totals.imported, count);
    const [row] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from bank_transactions where tenant_id = ${t.tenant.tenantId}`,
    );
    assert.equal(row?.n, count);
  });
});
