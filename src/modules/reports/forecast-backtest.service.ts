/**
 * The cash forecast's back-test: for past as-of days (the last month ends before today), the
 * forecast made with only what was known at the end of that day — the open items rebuilt from
 * the journal up to it, the invoices settled by then, the promises and disputes open then —
 * against what receipts actually paid of those same items in each following week (the AR
 * journal's allocation lines). Only weeks that are over by today are measured. The payment days
 * come from a model trained on each month end's own history (or the customers' history alone).
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import {
  type EstimatorName,
  type ForecastOpenItem,
  type ForecastOutcome,
  forecastAccuracy,
  mondayOf,
  type OffsetAccuracy,
  weekStarts,
} from '../analytics/index.ts';
import { accountCodeOf } from '../ledger/index.ts';
import { appliedReceiptRows } from './forecast.repository.ts';
import { cashForecastOf, forecastOpenItems, forecastWeeks, type ModelSource } from './forecast.service.ts';

/** The default and the most as-of month ends of one back-test. */
export const DEFAULT_BACKTEST_MONTHS = 6;
export const MAX_BACKTEST_MONTHS = 24;

/**
 * What the back-test's forecasts expect payments from: `payment_model` — a model trained on the
 * history known at each month end (as the product would have had it then), or the customers'
 * history where there was too little to train on; `customer_history` — the customers' history only.
 */
export const BACKTEST_ESTIMATORS = ['payment_model', 'customer_history'] as const;
export type BacktestEstimator = (typeof BACKTEST_ESTIMATORS)[number];

export interface BacktestQuery {
  months?: number | undefined;
  weeks?: number | undefined;
  currency?: string | undefined;
  /** Default `payment_model`. */
  estimator?: BacktestEstimator | undefined;
  today: CalendarDate;
}

export interface Backtest {
  asOfDays: CalendarDate[];
  /** The estimator each month end's forecast used (`payment_model` falls back per month end). */
  estimators: { asOf: CalendarDate; estimator: EstimatorName }[];
  weeks: number;
  outcomes: ForecastOutcome[];
  accuracy: OffsetAccuracy[];
}

/** The `months` month ends before `today`, oldest first. `('2027-03-15', 2)` → 2027-01-31, 2027-02-28. */
export function monthEndsBefore(today: CalendarDate, months: number): CalendarDate[] {
  const ends: CalendarDate[] = [];
  let end = addDays(`${today.slice(0, 7)}-01`, -1);
  while (ends.length < months) {
    ends.unshift(end);
    end = addDays(`${end.slice(0, 7)}-01`, -1);
  }
  return ends;
}

function backtestMonths(months: number | undefined): number {
  const n = months ?? DEFAULT_BACKTEST_MONTHS;
  if (!Number.isInteger(n) || n < 1 || n > MAX_BACKTEST_MONTHS)
    throw validationFailed(`months must be a whole number from 1 to ${MAX_BACKTEST_MONTHS}`, [
      { field: 'months', message: `1 to ${MAX_BACKTEST_MONTHS}` },
    ]);
  return n;
}

/** What receipts paid of `items` (those open at the end of `asOf`), per currency, in each week over by `today`. */
async function actualWeeks(
  q: Queryable,
  tenantId: string,
  items: readonly ForecastOpenItem[],
  at: { asOf: CalendarDate; weeks: number; today: CalendarDate },
): Promise<Map<string, bigint[]>> {
  const { asOf, weeks, today } = at;
  const firstDay = addDays(asOf, 1);
  const starts = weekStarts(firstDay, weeks).filter((s) => addDays(s, 6) < today);
  const actual = new Map<string, bigint[]>();
  for (const c of new Set(items.map((i) => i.currency)))
    actual.set(
      c,
      starts.map(() => 0n),
    );
  const last = starts[starts.length - 1];
  if (last === undefined) return actual;
  const arCode = await accountCodeOf(q, tenantId, 'ar_control');
  const range = { from: firstDay, to: addDays(last, 6) };
  const ids = items.map((i) => i.invoiceId);
  for (const row of await appliedReceiptRows(q, tenantId, arCode, ids, range)) {
    const week = starts.indexOf(mondayOf(row.day));
    const sums = actual.get(row.currency);
    if (sums && week >= 0) sums[week] = (sums[week] ?? 0n) + row.amount;
  }
  return actual;
}

/** The forecasts of the last `months` month ends against what happened, and their accuracy. */
export async function forecastBacktest(
  q: Queryable,
  tenantId: string,
  query: BacktestQuery,
): Promise<Backtest> {
  const weeks = forecastWeeks(query.weeks);
  const asOfDays = monthEndsBefore(query.today, backtestMonths(query.months));
  const model: ModelSource =
    (query.estimator ?? 'payment_model') === 'payment_model' ? 'trained_as_of' : 'none';
  const outcomes: ForecastOutcome[] = [];
  const estimators: Backtest['estimators'] = [];
  for (const asOf of asOfDays) {
    // The items open then, read once for the forecast and for what was paid of them.
    const items = await forecastOpenItems(q, tenantId, asOf, query.today);
    const forecastQuery = { asOf, weeks, currency: query.currency, today: query.today, model };
    const forecast = await cashForecastOf(q, tenantId, forecastQuery, items);
    estimators.push({ asOf, estimator: forecast.estimator });
    const actual = await actualWeeks(q, tenantId, items, { asOf, weeks, today: query.today });
    for (const c of forecast.currencies)
      outcomes.push({
        asOf,
        currency: c.currency,
        forecastMinor: c.weeks.map((w) => w.expectedMinor),
        actualMinor: actual.get(c.currency) ?? [],
      });
  }
  return { asOfDays, estimators, weeks, outcomes, accuracy: forecastAccuracy(outcomes, weeks) };
}
