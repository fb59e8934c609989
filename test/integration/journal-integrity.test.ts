import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { withTransaction } from '../../src/db/client.ts';
import { resetTenantData } from '../../src/modules/demo/demo-reset.ts';
import { newId } from '../../src/shared/ids.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';

/** The database itself keeps the journal append-only and every line attached to an entry. */
/** The database's own message, under Drizzle's "Failed query" wrapper. */
function dbError(pattern: RegExp) {
  return (error: unknown) => {
    const cause = (error as { cause?: { message?: string } }).cause;
    assert.match(cause?.message ?? String(error), pattern);
    return true;
  };
}

describe(`journal integrity in the database on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  async function postedTenant() {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '100.00');
    return tenant.tenantId;
  }

  async function journalCount(tenantId: string) {
    const result = (await ctx.deps.db.execute(
      sql`select (select count(*)::int from journal_entries where tenant_id = ${tenantId}) as entries,
                 (select count(*)::int from journal_lines where tenant_id = ${tenantId}) as lines`,
    )) as unknown as { rows: { entries: number; lines: number }[] };
    return result.rows[0];
  }

  test('posted lines and entries cannot be updated or deleted', async () => {
    const tenantId = await postedTenant();
    const before = await journalCount(tenantId);
    for (const statement of [
      sql`update journal_lines set amount_minor = amount_minor + 1 where tenant_id = ${tenantId}`,
      sql`delete from journal_lines where tenant_id = ${tenantId}`,
      sql`update journal_entries set description = 'edited' where tenant_id = ${tenantId}`,
      sql`delete from journal_entries where tenant_id = ${tenantId}`,
    ]) {
      await assert.rejects(ctx.deps.db.execute(statement), dbError(/never changed or deleted/));
    }
    assert.deepEqual(await journalCount(tenantId), before);
  });

  test('a line whose entry does not exist is refused', async () => {
    const tenantId = await postedTenant();
    await assert.rejects(
      ctx.deps.db.execute(
        sql`insert into journal_lines (tenant_id, entry_id, line_no, account_code, currency, amount_minor, base_amount_minor)
            values (${tenantId}, ${newId()}, 1, '1100', 'EUR', 100, 100)`,
      ),
      dbError(/without its journal entry/),
    );
  });

  test('only an explicit purge of one tenant deletes its journal, and no other tenant is touched', async () => {
    const purged = await postedTenant();
    const kept = await postedTenant();
    const keptBefore = await journalCount(kept);
    await resetTenantData(ctx.deps.db, purged);
    assert.deepEqual(await journalCount(purged), { entries: 0, lines: 0 });
    assert.deepEqual(await journalCount(kept), keptBefore);
    await assert.rejects(
      withTransaction(ctx.deps.db, async (tx) => {
        await tx.execute(sql`select set_config('cashloop.purge_tenant', ${purged}, true)`);
        await tx.execute(sql`delete from journal_lines where tenant_id = ${kept}`);
      }),
      dbError(/never changed or deleted/),
    );
  });
});

describe(`invoice and customer integrity in the database on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  test('an invoice of an unknown customer is refused, and an invoiced customer is never deleted', async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId);
    const invoice = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '10.00');
    await assert.rejects(
      ctx.deps.db.execute(
        sql`insert into invoices (tenant_id, invoice_id, customer_id, payment_terms, currency)
            values (${tenant.tenantId}, ${newId()}, ${newId()}, 'NET30', 'EUR')`,
      ),
      dbError(/customer that does not exist/),
    );
    await assert.rejects(
      ctx.deps.db.execute(
        sql`update invoices set customer_id = ${newId()} where tenant_id = ${tenant.tenantId} and invoice_id = ${invoice.invoiceId}`,
      ),
      dbError(/customer that does not exist/),
    );
    await assert.rejects(
      ctx.deps.db.execute(
        sql`delete from customers where tenant_id = ${tenant.tenantId} and customer_id = ${customer.id}`,
      ),
      dbError(/has invoices/),
    );
    const other = await makeCustomer(ctx.deps, tenant.tenantId);
    await ctx.deps.db.execute(
      sql`delete from customers where tenant_id = ${tenant.tenantId} and customer_id = ${other.id}`,
    );
  });
});
