/**
 * The SQL plan of the separation-of-duties read (docs/approvals.md): a tenant with 200,000 receipts,
 * each recorded and allocated, and 200,000 invoices, over two years, on 2,000 customers of which one
 * holds a tenth of everything; then EXPLAIN ANALYZE of `cashPostingsOfCustomer` for that customer and
 * for a small one, 30 days back. PostgreSQL only:
 * `DATABASE_URL=postgres://… node --import tsx bench/approvals-sod-plan.ts`.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { cashPostingsOfCustomer } from '../src/modules/ledger/index.ts';

const RECEIPTS = 200_000;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a PostgreSQL database');
const { db, close } = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
const tenantId = '01950000-0000-7000-8000-00000000d0d0';
const customerId = (n: number) => `01950000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** Entry `i` of an event: one per receipt/invoice `i`, posted over two years before 2026-03-31. */
async function seedEvent(event: string, lines: ReturnType<typeof sql>) {
  await db.execute(sql`
    insert into journal_entries (tenant_id, entry_id, event_code, effective_date, description, posted_at,
      posted_by_name, posted_by_key_id)
    select ${tenantId}, md5(${event} || i)::uuid, ${event}, date '2026-03-31' - (i % 730),
      ${event}, timestamptz '2026-03-31 12:00Z' - make_interval(days => i % 730, secs => i % 86400),
      'key ' || (i % 20), ('01950000-0000-7000-8000-' || lpad(to_hex(i % 20), 12, '0'))::uuid
    from generate_series(1, ${RECEIPTS}) i`);
  await db.execute(lines);
}

async function seed() {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int n from journal_entries where tenant_id = ${tenantId}`,
  );
  if ((row?.n ?? 0) > 0) return;
  await db.execute(
    sql`insert into tenants (tenant_id, name, base_currency) values (${tenantId}, 'SoD plan', 'EUR')`,
  );
  const line = (event: string, no: number, account: string, amount: string, cols: string) => sql`
    insert into journal_lines (tenant_id, entry_id, line_no, account_code, currency, amount_minor,
      base_amount_minor, customer_id, invoice_id, receipt_id)
    select ${tenantId}, md5(${event} || i)::uuid, ${no}, ${account}, 'EUR', ${sql.raw(amount)}, ${sql.raw(amount)}, ${sql.raw(cols)}
    from generate_series(1, ${RECEIPTS}) i`;
  // Customer of receipt/invoice i: customer 0 holds every tenth, the rest spread over 1,999.
  const c = 'case when i % 10 = 0 then 0 else 1 + i % 1999 end';
  const cust = `('01950000-0000-7000-8000-' || lpad(to_hex(${c}), 12, '0'))::uuid`;
  const inv = `md5('inv' || i)::uuid`;
  const rec = `md5('rec' || i)::uuid`;
  for (const [event, a, b] of [
    ['invoice.issued', ['1200', '10000', `${cust}, ${inv}, null`], ['4000', '-10000', 'null, null, null']],
    ['receipt.recorded', ['1000', '10000', 'null, null, null'], ['2050', '-10000', `${cust}, null, ${rec}`]],
    [
      'receipt.allocated',
      ['2050', '10000', `${cust}, null, ${rec}`],
      ['1200', '-10000', `${cust}, ${inv}, ${rec}`],
    ],
  ] as const) {
    await seedEvent(event, line(event, 1, a[0], a[1], a[2]));
    await db.execute(line(event, 2, b[0], b[1], b[2]));
  }
  await db.execute(sql`analyze journal_entries`);
  await db.execute(sql`analyze journal_lines`);
}

await seed();
const since = new Date('2026-03-01T12:00:00Z');
for (const [label, n] of [
  ['large customer (1 in 10 of all)', 0],
  ['small customer', 7],
] as const) {
  const started = performance.now();
  const postings = await cashPostingsOfCustomer(db, tenantId, customerId(n), since);
  const ms = performance.now() - started;
  console.log(`${label}: ${postings.length} postings in ${ms.toFixed(1)} ms`);
}
await close();
