/**
 * The overview of one currency's receivables: total AR, overdue, % current, unapplied cash, aging
 * buckets, DSO now and at the last twelve month ends, and the customers with the most overdue.
 *
 * DSO (days sales outstanding) = open invoice amounts at the period end ÷ credit sales of the 90
 * days up to it × 90. Open invoice amounts at a month end are the AR journal's invoice lines
 * effective up to that day; "now" uses the aging report's total (the same figure the page shows).
 * Credit sales are the AR journal's issues in those 90 days, less credit notes and voids dated in
 * them (as the KPI report: `SALES_EVENTS`).
 * Without sales in the window the DSO is null (undefined, not infinite).
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate, endOfMonth } from '../../shared/calendar-date.ts';
import { kpiNumber, percentage, simpleDso } from '../analytics/index.ts';
import { accountCodeOf } from '../ledger/index.ts';
import { type AgingBuckets, type AgingReport, agingReport, sourceFor } from './aging.service.ts';
import {
  arAtMonthEndRows,
  type OverdueCustomerRow,
  type PeriodSumRow,
  salesBeforeRows,
  topOverdueRows,
} from './overview.repository.ts';

/** The DSO's sales window in days. */
export const DSO_DAYS = 90;
/** How many month ends the DSO trend shows. */
export const DSO_TREND_MONTHS = 12;
/** How many customers the overview lists as most overdue. */
export const TOP_OVERDUE = 10;

export interface DsoPoint {
  /** The period end. */
  on: CalendarDate;
  arMinor: bigint;
  salesMinor: bigint;
  /** Days, one decimal; null without sales in the window. */
  dso: number | null;
}

export interface OverdueCustomer {
  customerId: string;
  externalId: string;
  name: string;
  overdueMinor: bigint;
  oldestDaysOverdue: number;
}

export interface ReceivablesOverview {
  asOf: CalendarDate;
  currency: string;
  totalMinor: bigint;
  overdueMinor: bigint;
  /** Share of total AR not yet due, in percent with one decimal; null when there is no AR. */
  percentCurrent: number | null;
  unappliedMinor: bigint;
  buckets: AgingBuckets;
  dso: DsoPoint;
  dsoTrend: DsoPoint[];
  topOverdue: OverdueCustomer[];
}

/** DSO = ar ÷ sales × days (the simple form), shown with one decimal; null unless sales > 0. `dsoOf(500n, 900n) === 50`. */
export function dsoOf(arMinor: bigint, salesMinor: bigint, days = DSO_DAYS): number | null {
  return kpiNumber(simpleDso(arMinor, salesMinor, days), 1);
}

/** `count` month ends on or before `asOf`, oldest first. `monthEndsUpTo('2026-03-15', 2)` → Jan 31, Feb 28. */
export function monthEndsUpTo(asOf: CalendarDate, count: number): CalendarDate[] {
  let end = endOfMonth(asOf) === asOf ? asOf : addDays(`${asOf.slice(0, 8)}01`, -1);
  const ends: CalendarDate[] = [];
  for (let i = 0; i < count; i++) {
    ends.unshift(end);
    end = addDays(`${end.slice(0, 8)}01`, -1);
  }
  return ends;
}

/** Per cent with one decimal; null when `whole` is 0. */
export function percentOf(part: bigint, whole: bigint): number | null {
  return kpiNumber(percentage(part, whole), 1);
}

function sumAt(rows: readonly PeriodSumRow[], on: string, currency: string): bigint {
  return rows.find((r) => r.end_date === on && r.currency === currency)?.amount ?? 0n;
}

function point(on: CalendarDate, arMinor: bigint, salesMinor: bigint): DsoPoint {
  return { on, arMinor, salesMinor, dso: dsoOf(arMinor, salesMinor) };
}

function emptyReport(asOf: CalendarDate, currency: string): AgingReport {
  const buckets = { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '91+': 0n };
  return {
    asOf,
    currency,
    basis: 'due_date',
    totalMinor: 0n,
    buckets,
    unappliedMinor: 0n,
    customers: [],
    categories: [],
  };
}

function overdueCustomer(r: OverdueCustomerRow): OverdueCustomer {
  return {
    customerId: r.customer_id,
    externalId: r.external_id,
    name: r.name,
    overdueMinor: r.overdue,
    oldestDaysOverdue: r.oldest_days,
  };
}

export interface OverviewQuery {
  asOf: CalendarDate;
  today: CalendarDate;
  /** The currency to show; default: `baseCurrency` if it has receivables, else the one most customers owe in. */
  currency?: string | undefined;
  baseCurrency: string;
}

/**
 * The currencies with receivables (open items or unapplied cash): the base currency first, then by
 * how many customers have receivables in them, then by code. (Amounts in different currencies are
 * not compared: that would need an exchange rate.)
 */
export function currencyOrder(reports: readonly AgingReport[], baseCurrency: string): string[] {
  const rank = (r: AgingReport) =>
    r.currency === baseCurrency ? Number.MAX_SAFE_INTEGER : r.customers.length;
  return [...reports]
    .sort((x, y) => rank(y) - rank(x) || x.currency.localeCompare(y.currency))
    .map((r) => r.currency);
}

/**
 * The overview of one currency as of `q.asOf`, and the currencies there is something to show for
 * (see `currencyOrder`; the first is the default). A currency without receivables gives zeros, not an error.
 */
export async function receivablesOverview(
  q: Queryable,
  tenantId: string,
  query: OverviewQuery,
): Promise<{ overview: ReceivablesOverview; currencies: string[] }> {
  const agingQuery = { asOf: query.asOf, basis: 'due_date' as const, today: query.today };
  const reports = await agingReport(q, tenantId, agingQuery);
  const currencies = currencyOrder(reports, query.baseCurrency);
  const currency = query.currency ?? currencies[0] ?? query.baseCurrency;
  const report = reports.find((r) => r.currency === currency) ?? emptyReport(query.asOf, currency);
  const trend = await dsoTrend(q, tenantId, query.asOf, currency, report.totalMinor);
  const source = await sourceFor(q, tenantId, agingQuery);
  const top = (await topOverdueRows(q, tenantId, source, TOP_OVERDUE)).filter((r) => r.currency === currency);
  const overdueMinor = report.totalMinor - report.buckets.current;
  return {
    currencies,
    overview: {
      asOf: query.asOf,
      currency,
      totalMinor: report.totalMinor,
      overdueMinor,
      percentCurrent: percentOf(report.buckets.current, report.totalMinor),
      unappliedMinor: report.unappliedMinor,
      buckets: report.buckets,
      dso: trend.now,
      dsoTrend: trend.months,
      topOverdue: top.map(overdueCustomer),
    },
  };
}

/** The DSO as of `asOf` (with `arNowMinor`, the aging total) and at the last twelve month ends. */
async function dsoTrend(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  currency: string,
  arNowMinor: bigint,
) {
  const ends = monthEndsUpTo(asOf, DSO_TREND_MONTHS);
  const arCode = await accountCodeOf(q, tenantId, 'ar_control');
  const arRows = await arAtMonthEndRows(q, tenantId, arCode, ends);
  const salesRows = await salesBeforeRows(q, tenantId, arCode, [...new Set([...ends, asOf])], DSO_DAYS);
  return {
    now: point(asOf, arNowMinor, sumAt(salesRows, asOf, currency)),
    months: ends.map((on) => point(on, sumAt(arRows, on, currency), sumAt(salesRows, on, currency))),
  };
}
