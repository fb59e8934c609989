/**
 * The billing run the crash test kills (`bench/crash/run.ts`): it invoices the orders `ORD-1` …
 * `ORD-<count>` of the crash set-up in batches of `batch`, each batch one `createInvoices`
 * transaction, and skips the orders already invoiced (their order number is the invoice's PO
 * number) — so that a run killed midway, run again, invoices each order exactly once, as a billing
 * run resuming after a crash must. Works on the installation the CLI would open (CASHLOOP_DATA_DIR
 * or DATABASE_URL), on its oldest tenant.
 *
 * `node --import tsx bench/crash/billing-run.ts COUNT BATCH`
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.ts';
import { queryRows } from '../../src/db/client.ts';
import { openRuntime } from '../../src/main.ts';
import { createInvoices } from '../../src/modules/invoices/invoice-creation.service.ts';
import type { CreateInvoiceInput } from '../../src/modules/invoices/invoices.input.ts';
import { CRASH_ORDER_CUSTOMERS, orderInput } from './orders.ts';

const [count = 5000, batch = 500] = process.argv.slice(2).map(Number);

const runtime = await openRuntime(loadConfig({}, process.env));
try {
  const tenantId = runtime.tenant.tenantId;
  const invoiced = new Set(
    (
      await queryRows<{ po_number: string }>(
        runtime.deps.db,
        sql`select po_number from invoices where tenant_id = ${tenantId} and po_number like 'ORD-%'`,
      )
    ).map((r) => r.po_number),
  );
  const todo: CreateInvoiceInput[] = [];
  for (let n = 1; n <= count; n++)
    if (!invoiced.has(`ORD-${n}`)) todo.push(orderInput(n, CRASH_ORDER_CUSTOMERS));
  for (let i = 0; i < todo.length; i += batch)
    await createInvoices(runtime.deps, tenantId, todo.slice(i, i + batch));
  process.stdout.write(`invoiced ${todo.length} orders (${invoiced.size} were invoiced before)\n`);
} finally {
  await runtime.close();
}
