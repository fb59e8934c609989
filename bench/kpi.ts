/**
 * The KPI report's speed (issue 12: "KPIs for 12 months over 1,000,000 invoices in under 2 s"):
 * `receivablesKpis` for the 12 months up to the current one, EUR, over N open items imported through
 * the CSV path (bench/data.ts: 1,000 customers, issue dates over 400 days, four currencies), on
 * PGlite (a fresh data directory) or PostgreSQL (DATABASE_URL: a fresh, empty database). Warm:
 * one run, then three timed.
 *
 *   node --import tsx bench/kpi.ts [invoices] [pglite|postgres]
 *
 * Imported open items are AR but not sales, and their journal entries are dated on the import day:
 * the report does all its work (the aging per month end, the activity statements) but the figures
 * are not a realistic history — it measures the queries over the volume, not the KPIs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/main.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { accountCodeOf } from '../src/modules/ledger/index.ts';
import { receivablesKpis } from '../src/modules/reports/index.ts';
import { activityFigures } from '../src/modules/reports/kpi-activity.service.ts';
import { addDays, todayUtc } from '../src/shared/calendar-date.ts';
import { customersCsv, openItems, openItemsCsv } from './data.ts';

const count = Number(process.argv[2] ?? 100_000);
const backend = process.argv[3] ?? 'pglite';
const dir = mkdtempSync(join(os.tmpdir(), 'cashloop-bench-kpi-'));
const env = backend === 'postgres' ? { DATABASE_URL: process.env.DATABASE_URL ?? '' } : {};
const runtime = await openRuntime(loadConfig(backend === 'postgres' ? {} : { dataDir: dir }, env));
try {
  const { deps, tenant } = runtime;
  const today = todayUtc(new Date());
  let started = Date.now();
  await importCustomersCsv(deps, tenant.tenantId, customersCsv());
  for (let done = 0; done < count; done += 100_000) {
    const items = openItems(Math.min(100_000, count - done), today, `K${done / 100_000}`);
    await importInvoicesCsv(deps, tenant.tenantId, openItemsCsv(items));
  }
  await runtime.database.executeSql('vacuum analyze');
  process.stdout.write(`seeded ${count} invoices in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const to = today.slice(0, 7);
  const from = addDays(`${Number(to.slice(0, 4)) - 1}-${to.slice(5)}-01`, 31).slice(0, 7);
  const query = { from, to, currency: 'EUR', today };
  await receivablesKpis(deps.db, tenant.tenantId, query);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    started = performance.now();
    await receivablesKpis(deps.db, tenant.tenantId, query);
    times.push(performance.now() - started);
  }
  const arCode = await accountCodeOf(deps.db, tenant.tenantId, 'ar_control');
  const report = await receivablesKpis(deps.db, tenant.tenantId, query);
  const periods = {
    months: report.months.map((m) => `${m.period}-01`),
    ends: report.months.map((m) => m.figures.end),
    sel: { currency: 'EUR', base: false, customers: undefined },
  };
  const activity: number[] = [];
  for (let i = 0; i < 3; i++) {
    started = performance.now();
    await activityFigures(deps.db, tenant.tenantId, arCode, periods);
    activity.push(performance.now() - started);
  }
  process.stdout.write(
    `  of which the activity figures (settlements, unapplied, receipts, disputes, promises): ${activity.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')}\n`,
  );
  process.stdout.write(
    `kpi ${backend} ${count} invoices, ${from}..${to}: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (${os.cpus()[0]?.model} × ${os.cpus().length}, Node ${process.version})\n`,
  );
} finally {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
}
