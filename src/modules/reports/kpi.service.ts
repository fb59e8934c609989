/**
 * Receivables KPIs per month and per quarter for one currency, rebuilt from the journal: the AR at
 * each month end (total, current = not yet due, over 90 days past due) is the aging's totals as of
 * that day — which reads the AR journal lines effective up to it, never today's status fields — and
 * the flows — credit sales (AR lines of issues, credit notes and voids) and write-offs (the bad-debt
 * account) — are the journal's too, by effective date: a void or a write-off dated in March changes
 * March, never the month the invoice was issued in. The formulas are analytics' `kpi-formulas.ts` (docs/analytics.md).
 *
 * The AR at a past period end and a closed month's settlements are read from month-end snapshots
 * derived from the journal and rebuilt whenever an entry effective on or before that day has been
 * posted since (kpi-snapshot.service.ts), so they are the aging's figures exactly; today's are live.
 *
 * The current month counts up to today (`partial`, its days the days so far); later months are
 * refused. A month's CEI starts from the previous month end's AR; the countback DSO goes back over
 * the 12 months up to the month end.
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate, daysBetween, endOfMonth } from '../../shared/calendar-date.ts';
import type { Ratio } from '../../shared/decimal.ts';
import { validationFailed } from '../../shared/errors.ts';
import {
  averageDaysDelinquent,
  averageOf,
  badDebtRatio,
  bestPossibleDso,
  type CountbackDso,
  collectionEffectivenessIndex,
  countbackDso,
  crfQuarterlyDso,
  percentage,
  receivablesTurnover,
  simpleDso,
} from '../analytics/index.ts';
import { accountCodeOf } from '../ledger/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import {
  accountByMonthRows,
  currenciesWithLines,
  type MonthSumRow,
  salesByMonthRows,
} from './kpi.repository.ts';
import {
  type ActivityFigures,
  type ActivityKpis,
  activityFigures,
  activityKpis,
  quarterActivity,
} from './kpi-activity.service.ts';
import {
  type RetentionFigures,
  type RetentionKpis,
  retentionFigures,
  retentionKpis,
  withPrior,
} from './kpi-retention.service.ts';
import {
  type KpiScope,
  type KpiScopeQuery,
  type KpiSelection,
  pickRow,
  resolveKpiScope,
  scopeCustomersRelation,
  WHOLE_TENANT,
} from './kpi-scope.ts';
import { arStocksOn } from './kpi-snapshot.service.ts';

/** The most months one report covers. */
export const MAX_KPI_MONTHS = 36;
/** How many months the countback DSO may go back. */
export const COUNTBACK_MONTHS = 12;

export interface KpiQuery {
  /** First month, `YYYY-MM`. */
  from: string;
  /** Last month, `YYYY-MM` (at most the current month). */
  to: string;
  /** One currency's amounts; with `base`, the base currency's code (every currency converted). */
  currency: string;
  today: CalendarDate;
  /** Every currency in the base currency: the journal's base amounts (default: `currency` only). */
  base?: boolean;
  /** Which customers (default: the whole tenant); see kpi-scope.ts. */
  scope?: KpiScope;
}

/** The AR of one currency on one day, from the aging report. */
export interface ArStock {
  totalMinor: bigint;
  currentMinor: bigint;
  over90Minor: bigint;
}

/** What a period's KPIs are computed from. */
export interface KpiFigures {
  /** The period's last day counted (a month end, or today in the current month). */
  end: CalendarDate;
  days: number;
  beginning: ArStock;
  ending: ArStock;
  salesMinor: bigint;
  badDebtMinor: bigint;
  /** Settlements, unapplied cash, receipts, disputes and promises (kpi-activity.service.ts). */
  activity: ActivityFigures;
  /** Customer-base erosion against the period before, and rework (kpi-retention.service.ts). */
  retention: RetentionFigures;
}

export interface KpiValues extends ActivityKpis, RetentionKpis {
  /** Month: simple DSO over the month's days; quarter: the CRF quarterly form. */
  dso: Ratio | null;
  countbackDso: CountbackDso | null;
  bestPossibleDso: Ratio | null;
  averageDaysDelinquent: Ratio | null;
  cei: Ratio | null;
  percentCurrent: Ratio | null;
  percentOver90: Ratio | null;
  badDebtRatio: Ratio | null;
  /** Sales ÷ average AR (month: of its beginning and end; quarter: of its beginning and three month ends). */
  turnover: Ratio | null;
}

export interface KpiPeriod {
  /** `YYYY-MM` or `YYYY-Qn`. */
  period: string;
  partial: boolean;
  figures: KpiFigures;
  kpis: KpiValues;
}

export interface KpiReport {
  currency: string;
  /** True: every currency in the base currency `currency`. */
  base: boolean;
  scope: KpiScope;
  months: KpiPeriod[];
  /** The calendar quarters wholly inside the months asked. */
  quarters: KpiPeriod[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function firstDay(month: string): CalendarDate {
  return `${month}-01`;
}

function monthOf(date: CalendarDate): string {
  return date.slice(0, 7);
}

function nextMonth(month: string): string {
  return monthOf(addDays(endOfMonth(firstDay(month)), 1));
}

function previousMonth(month: string): string {
  return monthOf(addDays(firstDay(month), -1));
}

/** The months from `from` to `to`, oldest first; refuses what cannot be a report. */
export function monthsOf(query: KpiQuery): string[] {
  const problems: { field: string; message: string }[] = [];
  for (const field of ['from', 'to'] as const)
    if (!MONTH.test(query[field])) problems.push({ field, message: 'must be a month YYYY-MM' });
  if (problems.length > 0) throw validationFailed('from and to must be months YYYY-MM', problems);
  if (query.to < query.from)
    throw validationFailed('to is before from', [{ field: 'to', message: 'before from' }]);
  if (query.to > monthOf(query.today))
    throw validationFailed('to is after the current month', [{ field: 'to', message: 'in the future' }]);
  const months = [query.from];
  while (months.at(-1) !== query.to) months.push(nextMonth(months.at(-1) ?? query.to));
  if (months.length > MAX_KPI_MONTHS)
    throw validationFailed(`at most ${MAX_KPI_MONTHS} months`, [
      { field: 'from', message: 'too many months' },
    ]);
  return months;
}

/** The day a month's figures stand on: its end, or today in the current month. */
function endOf(month: string, today: CalendarDate): CalendarDate {
  const end = endOfMonth(firstDay(month));
  return end > today ? today : end;
}

function sumOf(rows: readonly MonthSumRow[], month: string, sel: KpiSelection): bigint {
  return pickRow(sel, rows, (r) => r.month === firstDay(month))?.amount ?? 0n;
}

/** Receivables turnover over the balances given (null without AR). */
function turnoverOf(salesMinor: bigint, balances: readonly ArStock[]): Ratio | null {
  const average = averageOf(balances.map((b) => b.totalMinor));
  return average === null ? null : receivablesTurnover(salesMinor, average);
}

/** A month's KPIs from its figures and the sales of the months up to it (latest first, for the countback). */
export function monthKpis(f: KpiFigures, countbackMonths: { salesMinor: bigint; days: number }[]): KpiValues {
  const dso = simpleDso(f.ending.totalMinor, f.salesMinor, f.days);
  const best = bestPossibleDso(f.ending.currentMinor, f.salesMinor, f.days);
  return {
    dso,
    countbackDso: countbackDso(f.ending.totalMinor, countbackMonths),
    bestPossibleDso: best,
    averageDaysDelinquent: averageDaysDelinquent(dso, best),
    cei: collectionEffectivenessIndex({
      beginningArMinor: f.beginning.totalMinor,
      salesMinor: f.salesMinor,
      endingArMinor: f.ending.totalMinor,
      endingCurrentArMinor: f.ending.currentMinor,
    }),
    percentCurrent: percentage(f.ending.currentMinor, f.ending.totalMinor),
    percentOver90: percentage(f.ending.over90Minor, f.ending.totalMinor),
    badDebtRatio: badDebtRatio(f.badDebtMinor, f.salesMinor),
    turnover: turnoverOf(f.salesMinor, [f.beginning, f.ending]),
    ...activityKpis(f.activity),
    ...retentionKpis(f.retention, f.activity.disputes.invoicesIssued),
  };
}

/**
 * A quarter's KPIs: the CRF quarterly DSO over its three month ends and the best possible DSO in
 * the same form over their current AR; CEI with the sales per month.
 */
export function quarterKpis(
  months: readonly [KpiFigures, KpiFigures, KpiFigures],
  retention: RetentionFigures,
): {
  figures: KpiFigures;
  kpis: KpiValues;
} {
  const [first, second, last] = months;
  const figures: KpiFigures = {
    end: last.end,
    days: first.days + second.days + last.days,
    beginning: first.beginning,
    ending: last.ending,
    salesMinor: first.salesMinor + second.salesMinor + last.salesMinor,
    badDebtMinor: first.badDebtMinor + second.badDebtMinor + last.badDebtMinor,
    activity: quarterActivity([first.activity, second.activity, last.activity]),
    retention,
  };
  const dso = crfQuarterlyDso(
    [first.ending.totalMinor, second.ending.totalMinor, last.ending.totalMinor],
    figures.salesMinor,
  );
  // The same form as the DSO (the three month ends' current AR), so that ADD = DSO − BPDSO is
  // the overdue part of the same average and never negative.
  const best = crfQuarterlyDso(
    [first.ending.currentMinor, second.ending.currentMinor, last.ending.currentMinor],
    figures.salesMinor,
  );
  const kpis: KpiValues = {
    dso,
    countbackDso: null,
    bestPossibleDso: best,
    averageDaysDelinquent: averageDaysDelinquent(dso, best),
    cei: collectionEffectivenessIndex({
      beginningArMinor: first.beginning.totalMinor,
      salesMinor: figures.salesMinor,
      endingArMinor: last.ending.totalMinor,
      endingCurrentArMinor: last.ending.currentMinor,
      months: 3,
    }),
    percentCurrent: percentage(last.ending.currentMinor, last.ending.totalMinor),
    percentOver90: percentage(last.ending.over90Minor, last.ending.totalMinor),
    badDebtRatio: badDebtRatio(figures.badDebtMinor, figures.salesMinor),
    turnover: turnoverOf(figures.salesMinor, [first.beginning, first.ending, second.ending, last.ending]),
    ...activityKpis(figures.activity),
    ...retentionKpis(retention, figures.activity.disputes.invoicesIssued),
  };
  return { figures, kpis };
}

/** What the report reads: its currency (or all in the base currency) and its scope's customers. */
export function selectionOf(tenantId: string, query: KpiQuery): KpiSelection {
  return {
    currency: query.currency,
    base: query.base ?? false,
    customers: scopeCustomersRelation(tenantId, query.scope ?? WHOLE_TENANT),
  };
}

/** The figures of each month asked: AR stocks at each month end and the month's flows. */
async function monthFigures(q: Queryable, tenantId: string, query: KpiQuery, months: readonly string[]) {
  const { today } = query;
  const sel = selectionOf(tenantId, query);
  const of = { customers: sel.customers, base: sel.base };
  const first = months[0] ?? query.from;
  const last = months.at(-1) ?? query.to;
  const salesFrom = firstDay(monthsBack(first, COUNTBACK_MONTHS - 1));
  const arCode = await accountCodeOf(q, tenantId, 'ar_control');
  const sales = await salesByMonthRows(q, tenantId, arCode, { from: salesFrom, to: endOf(last, today) }, of);
  const badDebtCode = await accountCodeOf(q, tenantId, 'bad_debt');
  const badDebt = await accountByMonthRows(q, tenantId, badDebtCode, {
    from: firstDay(first),
    to: endOf(last, today),
    ...of,
  });
  const ends = months.map((m) => endOf(m, today));
  const before = addDays(firstDay(first), -1);
  const { stocks, snapshotted } = await arStocksOn(q, tenantId, [before, ...ends], sel, today);
  const activity = await activityFigures(q, tenantId, arCode, {
    months: months.map(firstDay),
    ends,
    sel,
    snapshotted,
  });
  const periods = months.map((m, i) => withPrior(firstDay(m), ends[i] as CalendarDate, 1));
  const retention = await retentionFigures(q, tenantId, arCode, periods, sel);
  let beginning = stocks.get(before) as ArStock;
  const figures: KpiFigures[] = [];
  for (const [i, month] of months.entries()) {
    const end = ends[i] as CalendarDate;
    const ending = stocks.get(end) as ArStock;
    figures.push({
      end,
      days: daysBetween(firstDay(month), end) + 1,
      beginning,
      ending,
      salesMinor: sumOf(sales, month, sel),
      badDebtMinor: sumOf(badDebt, month, sel),
      activity: activity[i] as ActivityFigures,
      retention: retention[i] as RetentionFigures,
    });
    beginning = ending;
  }
  return { figures, sales, sel, arCode };
}

function monthsBack(month: string, count: number): string {
  let m = month;
  for (let i = 0; i < count; i++) m = previousMonth(m);
  return m;
}

/** The countback's months for the month at `index`: its sales and days, then the months before. */
function countbackMonthsOf(
  month: string,
  sales: readonly MonthSumRow[],
  sel: KpiSelection,
  figure: KpiFigures,
) {
  const out = [{ salesMinor: figure.salesMinor, days: figure.days }];
  let m = month;
  for (let i = 1; i < COUNTBACK_MONTHS; i++) {
    m = previousMonth(m);
    out.push({
      salesMinor: sumOf(sales, m, sel),
      days: daysBetween(firstDay(m), endOfMonth(firstDay(m))) + 1,
    });
  }
  return out;
}

/** The calendar quarters (`YYYY-Qn`) whose three months are all in `months`, with their indexes. */
function wholeQuarters(months: readonly string[]): { quarter: string; at: number }[] {
  const out: { quarter: string; at: number }[] = [];
  months.forEach((month, i) => {
    const m = Number(month.slice(5, 7));
    if (m % 3 === 1 && i + 2 < months.length)
      out.push({ quarter: `${month.slice(0, 4)}-Q${(m + 2) / 3}`, at: i });
  });
  return out;
}

/** KPIs per month and per whole quarter of one currency (see the module comment). */
export async function receivablesKpis(q: Queryable, tenantId: string, query: KpiQuery): Promise<KpiReport> {
  const months = monthsOf(query);
  const { figures, sales, sel, arCode } = await monthFigures(q, tenantId, query, months);
  const partialMonth = monthOf(query.today);
  const periods: KpiPeriod[] = months.map((month, i) => {
    const f = figures[i] as KpiFigures;
    const partial = month === partialMonth && f.end !== endOfMonth(firstDay(month));
    return {
      period: month,
      partial,
      figures: f,
      kpis: monthKpis(f, countbackMonthsOf(month, sales, sel, f)),
    };
  });
  const whole = wholeQuarters(months);
  const pairs = whole.map(({ at }) =>
    withPrior(firstDay(months[at] as string), (figures[at + 2] as KpiFigures).end, 3),
  );
  const retention = await retentionFigures(q, tenantId, arCode, pairs, sel);
  const quarters = whole.map(({ quarter, at }, i) => {
    const three = [figures[at], figures[at + 1], figures[at + 2]] as [KpiFigures, KpiFigures, KpiFigures];
    const kpis = quarterKpis(three, retention[i] as RetentionFigures);
    return { period: quarter, partial: periods[at + 2]?.partial ?? false, ...kpis };
  });
  const scope = query.scope ?? WHOLE_TENANT;
  return { currency: query.currency, base: sel.base, scope, months: periods, quarters };
}

/** The currencies a KPI report from `from` to `to` has receivables in (validates the months as the report does). */
export async function kpiCurrencies(
  q: Queryable,
  tenantId: string,
  query: Omit<KpiQuery, 'currency'>,
): Promise<string[]> {
  const months = monthsOf({ ...query, currency: '' });
  const arCode = await accountCodeOf(q, tenantId, 'ar_control');
  return currenciesWithLines(q, tenantId, arCode, endOf(months.at(-1) ?? query.to, query.today));
}

/** A KPI report as the API and the CLI are asked for it: the currency by code, `base`, or none. */
export interface KpiRequest {
  from: string;
  to: string;
  today: CalendarDate;
  /** An ISO 4217 code (that currency's documents), `base` (every currency converted), or undefined. */
  currency?: string | undefined;
  /** The customers, as asked (ids checked; 404 naming the one that does not exist). */
  scope?: KpiScopeQuery | undefined;
}

/**
 * The reports of a request: one for a currency code or `base`; without a currency, one per
 * currency with receivables up to `to` (`each`) or only the base currency's documents (`base`).
 */
export async function kpiReportsFor(
  q: Queryable,
  tenantId: string,
  r: KpiRequest,
  withoutCurrency: 'each' | 'base',
): Promise<KpiReport[]> {
  const scope = await resolveKpiScope(q, tenantId, r.scope ?? {});
  const period = { from: r.from, to: r.to, today: r.today, scope };
  const baseCurrency = async () => (await getTenantOrThrow(q, tenantId)).baseCurrency;
  if (r.currency?.toLowerCase() === 'base')
    return [await receivablesKpis(q, tenantId, { ...period, currency: await baseCurrency(), base: true })];
  const currencies = r.currency
    ? [r.currency.toUpperCase()]
    : withoutCurrency === 'base'
      ? [await baseCurrency()]
      : await kpiCurrencies(q, tenantId, period);
  const reports: KpiReport[] = [];
  for (const currency of currencies)
    reports.push(await receivablesKpis(q, tenantId, { ...period, currency }));
  return reports;
}
