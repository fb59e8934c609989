/**
 * What outbound webhooks cost a tenant that has no endpoint: invoices issued one per transaction
 * (the API's shape) and receipts that each pay one invoice (a receipt entry, an allocation entry
 * and `invoice.paid` in one transaction), counting the reads of `webhook_endpoints`
 * (pg_stat_user_tables: sequential + index scans) and the wall time.
 *
 *   node --import tsx bench/webhooks-record.ts [invoices]
 *
 * PostgreSQL only (the scan counters): BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test); a fresh database is created for the run and dropped.
 */
import os from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { type CoreDeps, coreDeps } from '../src/modules/core-deps.ts';
import { createCustomer } from '../src/modules/customers/customers.service.ts';
import { createInvoice } from '../src/modules/invoices/invoice-creation.service.ts';
import { recordReceipt } from '../src/modules/receipts/receipts.service.ts';
import { createTenant } from '../src/modules/tenants/tenants.service.ts';
import { systemClock } from '../src/shared/clock.ts';

async function endpointScans(c: pg.Client): Promise<number> {
  await c.query('select pg_stat_clear_snapshot()');
  const r = await c.query(
    `select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as n from pg_stat_user_tables where relname = 'webhook_endpoints'`,
  );
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * `work` on a pool of its own, timed, and the reads of `webhook_endpoints` it made: the pool is
 * closed before counting, as a backend hands over its table counters when it ends.
 */
async function measured(url: string, stats: pg.Client, work: (deps: CoreDeps) => Promise<unknown>) {
  const before = await endpointScans(stats);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  const started = performance.now();
  try {
    await work(coreDeps(database.db, systemClock));
  } finally {
    await database.close();
  }
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 200));
  return { ms: ms.toFixed(0), reads: (await endpointScans(stats)) - before };
}

const invoiceOf = { issue: true, issueDate: '2026-03-01', customer: 'C1' } as const;
const line = { description: 'Consulting', quantity: '1', unitPrice: '10.00', taxRate: '0' };

async function run(invoices: number): Promise<void> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `cashloop_bench_webhooks_${process.pid}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const stats = new pg.Client({ connectionString: url.toString() });
  try {
    const setUp = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    const { tenantId } = await createTenant(setUp.db, { name: 'Bench GmbH', baseCurrency: 'EUR' });
    await createCustomer(setUp.db, tenantId, { externalId: 'C1', name: 'Kunde GmbH' });
    await setUp.close();
    await stats.connect();
    const ids: string[] = [];
    const issued = await measured(url.toString(), stats, async (deps) => {
      for (let i = 0; i < invoices; i++)
        ids.push((await createInvoice(deps, tenantId, { ...invoiceOf, lines: [line] })).invoiceId);
    });
    const receipts = Math.min(500, invoices);
    const paid = await measured(url.toString(), stats, async (deps) => {
      for (const invoiceId of ids.slice(0, receipts))
        await recordReceipt(deps, tenantId, {
          customer: 'C1',
          method: 'bank_transfer',
          receivedOn: '2026-03-10',
          amount: '10.00',
          allocations: [{ invoice: invoiceId, amount: '10.00' }],
        });
    });
    console.log(`machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, node ${process.version}`);
    console.log(`issue ${invoices} invoices (a transaction each): ${issued.ms} ms, ${issued.reads} reads`);
    console.log(`${receipts} receipts paying one invoice each: ${paid.ms} ms, ${paid.reads} reads`);
  } finally {
    await stats.end();
    await c.query(`drop database ${name}`);
    await c.end();
  }
}

await run(Number(process.argv[2] ?? 2000));
