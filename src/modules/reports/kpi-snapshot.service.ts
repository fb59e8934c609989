/**
 * The AR at the KPI report's period ends: past days from their month-end snapshots
 * (kpi-snapshot.tables.ts), built from the journal when missing or no longer true — an entry
 * effective on or before the day posted since the snapshot (a back-dated void, write-off or
 * invoice) makes it rebuild; today (and later) always from the aging as it stands. The snapshot
 * gives exactly what the aging as of that day gives: the same lines, the same due dates, summed per
 * customer and currency so a scope or the base currency read the same rows.
 */
import { sql } from 'drizzle-orm';
import { isTransaction, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { accountCodeOf, journalWatermark } from '../ledger/index.ts';
import { agingTotals } from './aging.service.ts';
import type { ArStock } from './kpi.service.ts';
import { type KpiSelection, selects } from './kpi-scope.ts';
import { freshSnapshotDays, rebuildSnapshot, snapshotStockRows } from './kpi-snapshot.repository.ts';

/** The AR of the selection on `asOf` from the aging (rebuilt from the journal for a past day). */
export async function liveArStock(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  sel: KpiSelection,
  today: CalendarDate,
): Promise<ArStock> {
  const query = { asOf, basis: 'due_date' as const, today, customers: sel.customers, base: sel.base };
  const stock = { totalMinor: 0n, currentMinor: 0n, over90Minor: 0n };
  for (const [currency, b] of await agingTotals(q, tenantId, query)) {
    if (!selects(sel, currency)) continue;
    stock.totalMinor += b.current + b['1-30'] + b['31-60'] + b['61-90'] + b['91+'];
    stock.currentMinor += b.current;
    stock.over90Minor += b['91+'];
  }
  return stock;
}

/**
 * Build the snapshots of `days` (past days), each in a transaction of its own, marked with the
 * journal's watermark taken before (`journalWatermark`: no lock, so postings wait neither for it
 * nor for a build), one builder per tenant at a time.
 */
export async function buildArSnapshots(q: Queryable, tenantId: string, days: readonly CalendarDate[]) {
  if (days.length === 0 || isTransaction(q)) return;
  const arCode = await accountCodeOf(q, tenantId, 'ar_control');
  const entryNo = await journalWatermark(q);
  for (const day of days)
    await withTransaction(q, async (tx: Tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kpi_ar_snapshots:${tenantId}`}))`);
      await rebuildSnapshot(tx, tenantId, arCode, day, entryNo);
    });
}

/** The AR at each period end, and which of those days came from (fresh) snapshots. */
export interface PeriodEndStocks {
  stocks: Map<CalendarDate, ArStock>;
  snapshotted: ReadonlySet<CalendarDate>;
}

/**
 * The selection's AR on each of `days`. Past days read their snapshots, rebuilt first when stale;
 * inside a caller's transaction (which may be read-only) a stale day is computed live instead.
 */
export async function arStocksOn(
  q: Queryable,
  tenantId: string,
  days: readonly CalendarDate[],
  sel: KpiSelection,
  today: CalendarDate,
): Promise<PeriodEndStocks> {
  const past = [...new Set(days.filter((d) => d < today))];
  const fresh = await freshSnapshotDays(q, tenantId, past);
  await buildArSnapshots(
    q,
    tenantId,
    past.filter((d) => !fresh.has(d)),
  );
  const snapshotted = isTransaction(q) ? fresh : new Set(past);
  const stocks = new Map<CalendarDate, ArStock>();
  for (const d of snapshotted) stocks.set(d, { totalMinor: 0n, currentMinor: 0n, over90Minor: 0n });
  for (const r of await snapshotStockRows(q, tenantId, [...snapshotted], sel))
    stocks.set(r.as_of, { totalMinor: r.total, currentMinor: r.current, over90Minor: r.over90 });
  for (const d of days) if (!stocks.has(d)) stocks.set(d, await liveArStock(q, tenantId, d, sel, today));
  return { stocks, snapshotted };
}

/** How many month ends the nightly job keeps built: a 12-month report's and the one before it. */
export const WARM_MONTH_ENDS = 13;

/**
 * Build the snapshots of the last `WARM_MONTH_ENDS` month ends before `today` that are missing or
 * stale (the `kpi.snapshots` job), so the first report of a month does not wait for them.
 * Returns how many it built.
 */
export async function warmKpiSnapshots(
  db: Queryable,
  tenantId: string,
  today: CalendarDate,
): Promise<number> {
  const days: CalendarDate[] = [];
  let day = addDays(`${today.slice(0, 7)}-01`, -1);
  for (let i = 0; i < WARM_MONTH_ENDS; i++) {
    days.push(day);
    day = addDays(`${day.slice(0, 7)}-01`, -1);
  }
  const fresh = await freshSnapshotDays(db, tenantId, days);
  const stale = days.filter((d) => !fresh.has(d));
  await buildArSnapshots(db, tenantId, stale);
  return stale.length;
}
