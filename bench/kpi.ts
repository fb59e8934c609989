/**
 * The KPI report's speed (issue 12: "KPIs for 12 months over 1,000,000 invoices in under 2 s"):
 * `receivablesKpis` for the 12 months up to the current one, EUR, over N open items imported through
 * the CSV path (bench/data.ts: 1,000 customers, four currencies), on PGlite or PostgreSQL
 * (DATABASE_URL). Cold: the first report (month-end snapshots built, kpi-snapshot.service.ts);
 * warm: three more, timed; then each part of one report timed alone.
 *
 *   node --import tsx bench/kpi.ts [invoices] [pglite|postgres] [--spread] [--reuse] [--live-agings]
 *
 * `--spread`: the items are imported in 13 batches, one on the last day of each of the 13 months up
 * to today (the clock set to it), so the journal holds AR at every month end (the agings of past
 * month ends have work to do); without it every opening entry is dated today. No payments either
 * way: imported open items are AR but not sales. `--reuse`: seed only an empty database and keep it
 * (PGlite: the data directory /tmp/cashloop-bench-kpi-N[-spread]; PostgreSQL: the database as it is).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import type { Queryable } from '../src/db/client.ts';
import { openRuntime } from '../src/main.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { accountCodeOf } from '../src/modules/ledger/index.ts';
import { agingTotals } from '../src/modules/reports/aging.service.ts';
import { receivablesKpis } from '../src/modules/reports/index.ts';
import { accountByMonthRows, salesByMonthRows } from '../src/modules/reports/kpi.repository.ts';
import { activityFigures } from '../src/modules/reports/kpi-activity.service.ts';
import { retentionFigures, withPrior } from '../src/modules/reports/kpi-retention.service.ts';
import { arStocksOn } from '../src/modules/reports/kpi-snapshot.service.ts';
import { addDays, type CalendarDate, endOfMonth, todayUtc } from '../src/shared/calendar-date.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { customersCsv, openItems, openItemsCsv } from './data.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const count = Number(args[0] ?? 100_000);
const backend = args[1] ?? 'pglite';
const spread = process.argv.includes('--spread');
const reuse = process.argv.includes('--reuse');
const dir = reuse
  ? join(os.tmpdir(), `cashloop-bench-kpi-${count}${spread ? '-spread' : ''}`)
  : mkdtempSync(join(os.tmpdir(), 'cashloop-bench-kpi-'));
const fresh = !existsSync(dir) || !reuse;
const env = backend === 'postgres' ? { DATABASE_URL: process.env.DATABASE_URL ?? '' } : {};
const runtime = await openRuntime(loadConfig(backend === 'postgres' ? {} : { dataDir: dir }, env));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const today = todayUtc(new Date());

/** The days the batches are imported on: today, or the last day of each of the 13 months up to today. */
function importDays(): CalendarDate[] {
  if (!spread) return [today];
  const days: CalendarDate[] = [];
  let month = `${today.slice(0, 7)}-01`;
  for (let i = 0; i < 13; i++) {
    const end = endOfMonth(month);
    days.unshift(end > today ? today : end);
    month = `${addDays(month, -1).slice(0, 7)}-01`;
  }
  return days;
}

async function seed(): Promise<void> {
  const { deps, tenant } = runtime;
  const rows = await runtime.database.executeSql('select count(*)::int as n from invoices');
  if (reuse && Number(rows.rows[0]?.n) > 0) return;
  const started = Date.now();
  await importCustomersCsv(deps, tenant.tenantId, customersCsv());
  const days = importDays();
  let done = 0;
  for (const [k, day] of days.entries()) {
    const share = Math.round((count * (k + 1)) / days.length) - done;
    const clocked = { ...deps, clock: fixedClock(`${day}T12:00:00Z`) };
    for (let batch = 0; batch < share; batch += 100_000) {
      const items = openItems(Math.min(100_000, share - batch), day, `K${k}-${batch / 100_000}`);
      await importInvoicesCsv(clocked, tenant.tenantId, openItemsCsv(items));
    }
    done += share;
  }
  await runtime.database.executeSql('vacuum analyze');
  process.stdout.write(`seeded ${count} invoices in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function timed(what: string, run: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await run();
  process.stdout.write(`  ${what}: ${seconds(performance.now() - started)}\n`);
}

/** Each part of one report timed alone (kpi.service.ts's monthFigures, without the snapshots). */
async function profile(q: Queryable, tenantId: string, query: { from: string; to: string }) {
  const arCode = await accountCodeOf(q, tenantId, 'ar_control');
  const report = await receivablesKpis(q, tenantId, { ...query, currency: 'EUR', today });
  const ends = report.months.map((m) => m.figures.end);
  const sel = { currency: 'EUR', base: false, customers: undefined };
  const days = [addDays(`${query.from}-01`, -1), ...ends];
  await timed('AR at the 13 period ends (12 from snapshots, today live)', () =>
    arStocksOn(q, tenantId, days, sel, today),
  );
  await timed("  of which today's aging", () =>
    agingTotals(q, tenantId, { asOf: today, basis: 'due_date', today }),
  );
  if (process.argv.includes('--live-agings'))
    await timed('13 agings, all live (no snapshots)', async () => {
      for (const end of days) await agingTotals(q, tenantId, { asOf: end, basis: 'due_date', today });
    });
  await timed('sales (24 months) and bad debt', async () => {
    await salesByMonthRows(q, tenantId, arCode, { from: addDays(`${query.from}-01`, -366), to: today });
    await accountByMonthRows(q, tenantId, await accountCodeOf(q, tenantId, 'bad_debt'), { to: today });
  });
  const months = report.months.map((m) => `${m.period}-01`);
  await timed('activity (settlements, unapplied, receipts, disputes, promises)', () =>
    activityFigures(q, tenantId, arCode, { months, ends, sel }),
  );
  const periods = months.map((m, i) => withPrior(m, ends[i] as CalendarDate, 1));
  await timed('retention (erosion, rework; months)', () =>
    retentionFigures(q, tenantId, arCode, periods, sel),
  );
}

try {
  const { deps, tenant } = runtime;
  await seed();
  const load = os.loadavg().map((l) => l.toFixed(2));
  const to = today.slice(0, 7);
  const from = addDays(`${Number(to.slice(0, 4)) - 1}-${to.slice(5)}-01`, 31).slice(0, 7);
  const query = { from, to, currency: 'EUR', today };
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    await receivablesKpis(deps.db, tenant.tenantId, query);
    times.push(performance.now() - started);
  }
  const [cold, ...warm] = times.map(seconds);
  process.stdout.write(
    `kpi ${backend} ${count} invoices${spread ? ' (spread)' : ''}${fresh ? '' : ' (reused)'}, ${from}..${to}: cold ${cold}, warm ${warm.join(', ')} (${os.cpus()[0]?.model} × ${os.cpus().length}, Node ${process.version}, load ${load.join(' ')})\n`,
  );
  if (!process.argv.includes('--no-profile')) await profile(deps.db, tenant.tenantId, { from, to });
} finally {
  await runtime.close();
  if (!reuse) rmSync(dir, { recursive: true, force: true });
}
