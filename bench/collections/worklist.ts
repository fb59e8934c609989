/**
 * `npx tsx bench/collections/worklist.ts [--backend pglite|postgres|all] [--customers N] [--invoices N]
 * [--history N]`: the collector worklist, the promise and credit-hold evaluations, and the cost of
 * the credit check on billing runs, at 10,000 customers / 100,000 open invoices (defaults).
 *
 * Set-up: customers and open items through the CSV imports (as a user would load them); payment
 * history (paid invoices with their receipt and allocation) written directly in SQL without journal
 * entries, since only its reading is measured; 2 % of the open invoices disputed, 2 % of the
 * customers with an open promise and 1 % with a broken one, 10 collectors with 500 customers each,
 * credit limits on half the customers. PostgreSQL: BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) names a server on which a fresh database is created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { SYSTEM_ACTOR } from '../../src/modules/activities/actor.ts';
import { evaluatePromises } from '../../src/modules/collections/promise-evaluation.service.ts';
import { getWorklist } from '../../src/modules/collections/worklist.service.ts';
import { type CoreDeps, coreDeps } from '../../src/modules/core-deps.ts';
import { evaluateCreditHolds } from '../../src/modules/credit/credit-holds.service.ts';
import { updateCreditSettings } from '../../src/modules/credit/credit-settings.service.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { createInvoices } from '../../src/modules/invoices/invoice-creation.service.ts';
import type { CreateInvoiceInput } from '../../src/modules/invoices/invoices.input.ts';
import { agingReport } from '../../src/modules/reports/aging.service.ts';
import { createTenant } from '../../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import {
  customerKey,
  customersCsv,
  openItemsCsv,
  TODAY,
  writeCollectionsWork,
  writeHistory,
} from './worklist-data.ts';

interface Sizes {
  customers: number;
  invoices: number;
  history: number;
}

const log = (m: string) => process.stderr.write(`${m}\n`);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed<T>(runs: number, fn: () => Promise<T>) {
  const times: number[] = [];
  const cpu: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    const used = process.cpuUsage();
    last = await fn();
    times.push(ms(start));
    const d = process.cpuUsage(used);
    cpu.push((d.user + d.system) / 1000);
  }
  const warm = times.length > 1 ? times.slice(1) : times;
  const warmCpu = cpu.length > 1 ? cpu.slice(1) : cpu;
  return {
    median: median(warm),
    min: Math.min(...warm),
    max: Math.max(...warm),
    cpu: median(warmCpu),
    last: last as T,
  };
}

/** Wall-clock figures, and this process's CPU time (all of it on PGlite, the client's on PostgreSQL). */
function figures(t: { median: number; min: number; max: number; cpu: number }) {
  return { median: t.median, min: t.min, max: t.max, cpuMedian: t.cpu };
}

function billingRun(customers: number, count: number, offset: number): CreateInvoiceInput[] {
  return Array.from({ length: count }, (_, i) => ({
    customer: customerKey((i * 7 + offset) % customers),
    issue: true,
    issueDate: TODAY,
    lines: [{ description: 'Service', quantity: '1', unitPrice: '120.00', taxRate: '19' }],
  }));
}

async function issueRate(deps: CoreDeps, tenantId: string, customers: number, override: boolean) {
  const batches = 5;
  const start = process.hrtime.bigint();
  for (let b = 0; b < batches; b += 1)
    await createInvoices(
      deps,
      tenantId,
      billingRun(customers, 1_000, b * 1_000),
      override ? { creditOverride: { reason: 'bench', by: SYSTEM_ACTOR, role: 'admin' } } : {},
    );
  return (batches * 1_000) / (ms(start) / 1000);
}

/** Billing runs to customers without limits, overdue rule off (the default): the check's floor. */
async function plainIssueRate(database: Database, deps: CoreDeps, customers: number) {
  const plain = await createTenant(database.db, { name: 'Plain billing', baseCurrency: 'EUR' });
  await importCustomersCsv(deps, plain.tenantId, customersCsv(customers, false));
  return issueRate(deps, plain.tenantId, customers, false);
}

async function runOn(backend: string, open: () => Promise<Database>, sizes: Sizes) {
  log(`\n[${backend}] opening`);
  const database = await open();
  try {
    const deps: CoreDeps = coreDeps(database.db, fixedClock(`${TODAY}T12:00:00Z`));
    const tenant = await createTenant(database.db, { name: 'Worklist bench', baseCurrency: 'EUR' });
    const t = tenant.tenantId;
    log(`[${backend}] ${sizes.customers} customers, ${sizes.invoices} open invoices, ${sizes.history} paid`);
    await importCustomersCsv(deps, t, customersCsv(sizes.customers));
    await importInvoicesCsv(deps, t, openItemsCsv(sizes.invoices, sizes.customers));
    await writeHistory(database, t, sizes.history);
    await writeCollectionsWork(database, t);
    await database.executeSql('vacuum analyze');
    const collector = String(
      (await database.executeSql('select collector_id from collectors where tenant_id = $1 limit 1', [t]))
        .rows[0]?.collector_id,
    );
    log(`[${backend}] worklist`);
    const first = await timed(6, () => getWorklist(database.db, t, { asOf: TODAY, limit: 50 }));
    const cursor = first.last.nextCursor ?? undefined;
    const next = await timed(4, () =>
      getWorklist(database.db, t, { asOf: TODAY, limit: 50, ...(cursor ? { cursor } : {}) }),
    );
    const mine = await timed(6, () => getWorklist(database.db, t, { asOf: TODAY, limit: 50, collector }));
    // Calibration: the aging report over the same open invoices, under the same load.
    const aging = await timed(6, () =>
      agingReport(database.db, t, { asOf: TODAY, basis: 'due_date', today: TODAY }),
    );
    log(`[${backend}] evaluations`);
    const promises = await timed(1, () => evaluatePromises(deps, t, TODAY));
    await updateCreditSettings(database.db, t, { holdOverdueDays: 90 });
    const holds = await timed(1, () => evaluateCreditHolds(deps, t, TODAY));
    const holdsAgain = await timed(1, () => evaluateCreditHolds(deps, t, TODAY));
    log(`[${backend}] billing runs: no credit rules, then limits on half the customers + overdue rule on`);
    const plain = await plainIssueRate(database, deps, sizes.customers);
    const checked = await issueRate(deps, t, sizes.customers, true);
    return {
      backend,
      server: String((await database.executeSql('select version() as v')).rows[0]?.v ?? '').split(' on ')[0],
      worklist: {
        candidates: first.last.total,
        firstPageMs: figures(first),
        nextPageMs: figures(next),
        oneCollectorMs: figures(mine),
        oneCollectorCandidates: mine.last.total,
      },
      agingSameDataMs: figures(aging),
      promisesMs: promises.median,
      promiseSettled: promises.last.settled.length,
      holdsMs: holds.median,
      holdChanges: holds.last.changes.length,
      holdsAgainMs: holdsAgain.median,
      holdChangesAgain: holdsAgain.last.changes.length,
      issuePerSecond: { noCreditRules: plain, limitsAndOverdueRuleAllOverridden: checked },
    };
  } finally {
    await database.close();
  }
}

async function withPostgres<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `cashloop_worklist_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'all' },
      customers: { type: 'string', default: '10000' },
      invoices: { type: 'string', default: '100000' },
      history: { type: 'string', default: '100000' },
    },
  });
  const sizes = {
    customers: Number(values.customers),
    invoices: Number(values.invoices),
    history: Number(values.history),
  };
  const results = [];
  if (values.backend === 'all' || values.backend === 'pglite') {
    const dir = mkdtempSync(join(os.tmpdir(), 'cashloop-worklist-'));
    try {
      results.push(
        await runOn('pglite', () => openDatabase({ kind: 'pglite', dataDir: join(dir, 'data') }), sizes),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.backend === 'all' || values.backend === 'postgres') {
    const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    results.push(
      await withPostgres(server, (url) =>
        runOn('postgres', () => openDatabase({ kind: 'postgres', url, poolSize: 4 }), sizes),
      ),
    );
  }
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? '?'} × ${cpus.length}, Node ${process.version}`);
  console.log(JSON.stringify(results, (_k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v), 2));
}

await main();
