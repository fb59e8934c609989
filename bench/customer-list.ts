/**
 * `npx tsx bench/customer-list.ts [--customers N] [--invoices N]`: the customer list
 * (GET /v1/customers' query) on PostgreSQL (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/cashloop_bench) at 20,000 customers and 100,000 open invoices
 * (defaults): the first page by external id, by name, by open and overdue balance, days overdue,
 * a search, and a filter; median of five warm runs each.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { coreDeps } from '../src/modules/core-deps.ts';
import type { CustomerListQuery } from '../src/modules/customer-accounts/index.ts';
import { listCustomerAccounts } from '../src/modules/customer-accounts/index.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { createTenant } from '../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { customersCsv, openItemsCsv, TODAY } from './collections/worklist-data.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '20000' },
    invoices: { type: 'string', default: '100000' },
  },
});
const sizes = { customers: Number(values.customers), invoices: Number(values.invoices) };
const log = (m: string) => process.stderr.write(`${m}\n`);

const CASES: [string, Partial<CustomerListQuery>][] = [
  ['by external id', {}],
  ['by name', { sort: 'name' }],
  ['by open balance, desc', { sort: 'openBalance', order: 'desc' }],
  ['by overdue balance, desc', { sort: 'overdueBalance', order: 'desc' }],
  ['by days overdue, desc', { sort: 'oldestOverdueDays', order: 'desc' }],
  ['search "1234"', { search: '1234' }],
  ['overdue only, by name', { hasOverdue: true, sort: 'name' }],
];

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cashloop_bench';
  const database = await openDatabase({ kind: 'postgres', url });
  try {
    const deps = coreDeps(database.db, fixedClock(`${TODAY}T12:00:00Z`));
    const tenant = await createTenant(database.db, { name: 'Customer list bench', baseCurrency: 'EUR' });
    log(`${sizes.customers} customers, ${sizes.invoices} open invoices`);
    await importCustomersCsv(deps, tenant.tenantId, customersCsv(sizes.customers));
    await importInvoicesCsv(deps, tenant.tenantId, openItemsCsv(sizes.invoices, sizes.customers));
    await database.executeSql('vacuum analyze');
    for (const [label, query] of CASES) {
      const times: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const start = process.hrtime.bigint();
        await listCustomerAccounts(database.db, tenant.tenantId, {
          sort: 'externalId',
          order: 'asc',
          ...query,
          asOf: TODAY,
          limit: 50,
        });
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const warm = times.slice(1).sort((a, b) => a - b);
      log(
        `${label.padEnd(28)} median ${warm[2]?.toFixed(1)} ms (min ${warm[0]?.toFixed(1)}, max ${warm.at(-1)?.toFixed(1)})`,
      );
    }
  } finally {
    await database.close();
  }
}

await main();
