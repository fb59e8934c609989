/**
 * Data of the collections benchmark (bench/collections/worklist.ts): customers and open items as
 * CSV for the imports, and payment history and collections work written directly in SQL.
 */
import type { Database } from '../../src/db/client.ts';
import { addDays } from '../../src/shared/calendar-date.ts';
import { seededRandom } from '../data.ts';

export const TODAY = '2026-06-30';

export const customerKey = (i: number) => `W${String(i).padStart(6, '0')}`;

/** `n` customers in EUR on NET30; every second one with a credit limit of 250,000.00 when `limits`. */
export function customersCsv(n: number, limits = true): string {
  const lines = ['external_id,name,currency,payment_terms,credit_limit'];
  for (let i = 0; i < n; i += 1)
    lines.push(`${customerKey(i)},Worklist customer ${i},EUR,NET30,${limits && i % 2 ? '250000.00' : ''}`);
  return `${lines.join('\n')}\n`;
}

export function openItemsCsv(count: number, customers: number): string {
  const random = seededRandom(11);
  const lines = ['number,customer_external_id,issue_date,due_date,currency,total,open_amount,fx_rate'];
  for (let i = 0; i < count; i += 1) {
    const issue = addDays(TODAY, -Math.floor(random() * 200));
    const cents = 1_000 + Math.floor(random() * 500_000);
    const usd = random() < 0.1;
    const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const customer = customerKey(Math.floor(random() * customers));
    lines.push(
      `WL-${i},${customer},${issue},${addDays(issue, 30)},${usd ? 'USD' : 'EUR'},${amount},,${usd ? '0.92' : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Paid invoices with one receipt and allocation each, paid −10 … +60 days after their due date. */
export async function writeHistory(database: Database, tenantId: string, count: number) {
  await database.executeSql(
    `create temp table bench_history as
     select g, gen_random_uuid() as invoice_id, gen_random_uuid() as receipt_id,
       gen_random_uuid() as allocation_id, c.customer_id,
       ($2::date - 400 + (g % 330)) as due_date, ((g * 7919) % 71) - 10 as late
     from generate_series(1, $3::int) g
     join (select customer_id, row_number() over (order by external_id) as rn from customers where tenant_id = $1) c
       on c.rn = 1 + g % (select count(*) from customers where tenant_id = $1)`,
    [tenantId, TODAY, count],
  );
  await database.executeSql(
    `insert into invoices (tenant_id, invoice_id, kind, number, series, customer_id, status, issue_date, due_date,
       payment_terms, currency, fx_rate, net_minor, tax_minor, total_minor, open_minor, source, closed_at)
     select $1, invoice_id, 'invoice', 'HIST-' || g, 'HIST', customer_id, 'paid', due_date - 30, due_date,
       'NET30', 'EUR', 1, 10000, 0, 10000, 0, 'import', (due_date + late)::timestamptz from bench_history`,
    [tenantId],
  );
  await database.executeSql(
    `insert into receipts (tenant_id, receipt_id, customer_id, method, received_on, amount_minor, currency,
       unapplied_minor, cash_account_code)
     select $1, receipt_id, customer_id, 'bank_transfer', due_date + late, 10000, 'EUR', 0, '1200' from bench_history`,
    [tenantId],
  );
  await database.executeSql(
    `insert into allocations (tenant_id, allocation_id, receipt_id, invoice_id, amount_minor, entry_id)
     select $1, allocation_id, receipt_id, invoice_id, 10000, gen_random_uuid() from bench_history`,
    [tenantId],
  );
  await database.executeSql('drop table bench_history');
}

/** Disputes on every 50th open invoice, promises (open and broken), collectors and their customers. */
export async function writeCollectionsWork(database: Database, tenantId: string) {
  const q = (text: string) => database.executeSql(text, [tenantId, TODAY]);
  await q(`insert into disputes (tenant_id, dispute_id, invoice_id, customer_id, reason_code, amount_minor, currency, opened_by_name)
           select $1, gen_random_uuid(), invoice_id, customer_id, 'pricing', open_minor, currency, 'bench'
           from (select *, row_number() over (order by invoice_id) rn from invoices
                 where tenant_id = $1 and open_minor <> 0 and $2::date is not null) i where rn % 50 = 0`);
  await q(`insert into promises (tenant_id, promise_id, customer_id, currency, amount_minor, made_on, promised_on, keep_by,
             invoice_count, status, created_by_name, settled_on)
           select $1, gen_random_uuid(), customer_id, 'EUR', 100000, $2::date - 20, $2::date + (rn % 10)::int, $2::date + (rn % 10)::int + 3,
             0, 'open', 'bench', null
           from (select customer_id, row_number() over (order by external_id) rn from customers where tenant_id = $1) c
           where rn % 50 = 0`);
  await q(`insert into promises (tenant_id, promise_id, customer_id, currency, amount_minor, made_on, promised_on, keep_by,
             invoice_count, status, created_by_name, settled_on, paid_minor)
           select $1, gen_random_uuid(), customer_id, 'EUR', 100000, $2::date - 20, $2::date - 10, $2::date - 7,
             0, 'broken', 'bench', $2::date - 6, 0
           from (select customer_id, row_number() over (order by external_id) rn from customers where tenant_id = $1) c
           where rn % 100 = 7`);
  await q(`insert into collectors (tenant_id, collector_id, name, email)
           select $1, gen_random_uuid(), 'Collector ' || g, 'c' || g || '@bench.test' from generate_series(1, 10) g
           where $2::date is not null`);
  await q(`insert into customer_collectors (tenant_id, customer_id, collector_id)
           select $1, c.customer_id, k.collector_id
           from (select customer_id, row_number() over (order by external_id) rn from customers where tenant_id = $1) c
           join (select collector_id, row_number() over (order by email) rn from collectors where tenant_id = $1) k
             on k.rn = 1 + c.rn % 20 where c.rn % 20 < 10 and $2::date is not null`);
}
