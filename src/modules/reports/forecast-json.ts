/**
 * The cash forecast and its back-test as JSON for the API and the CLI: money as decimal strings
 * of its currency (like the other reports), percentages as numbers with two decimals.
 */

import { exponentOf } from '../../shared/currency.ts';
import { formatAmount } from '../../shared/money.ts';
import type { ForecastSum, OffsetAccuracy } from '../analytics/index.ts';
import { kpiDecimal, kpiNumber } from '../analytics/index.ts';
import type { CashForecast } from './forecast.service.ts';
import type { Backtest } from './forecast-backtest.service.ts';

function sumJson(s: ForecastSum, currency: string) {
  return {
    expected: formatAmount(s.expectedMinor, currency),
    promised: formatAmount(s.promisedMinor, currency),
    overdue: formatAmount(s.overdueMinor, currency),
    invoices: s.invoices,
  };
}

/**
 * `weeks`: one row per currency and ISO week of the horizon (currencies alphabetical, weeks in
 * order); `days`: the days with receipts; `currencies`: per currency what lies beyond the weeks,
 * what is disputed, and the open total they all add up to.
 */
export function cashForecastJson(f: CashForecast) {
  return {
    asOf: f.asOf,
    firstDay: f.firstDay,
    estimator: f.estimator,
    model: f.model && { trainedAt: f.model.trainedAt.toISOString(), asOf: f.model.asOf },
    weeks: f.currencies.flatMap((c) =>
      c.weeks.map((w) => ({
        weekStart: w.weekStart,
        isoWeek: w.isoWeek,
        currency: c.currency,
        ...sumJson(w, c.currency),
      })),
    ),
    days: f.currencies.flatMap((c) =>
      c.days.map((d) => ({ day: d.day, currency: c.currency, ...sumJson(d, c.currency) })),
    ),
    currencies: f.currencies.map((c) => ({
      currency: c.currency,
      open: formatAmount(c.openMinor, c.currency),
      inWeeks: formatAmount(
        c.weeks.reduce((s, w) => s + w.expectedMinor, 0n),
        c.currency,
      ),
      later: sumJson(c.later, c.currency),
      disputed: { amount: formatAmount(c.disputed.amountMinor, c.currency), invoices: c.disputed.invoices },
    })),
  };
}

function accuracyJson(a: OffsetAccuracy) {
  const places = exponentOf(a.currency);
  return {
    currency: a.currency,
    weekOffset: a.weekOffset,
    forecasts: a.count,
    forecast: formatAmount(a.forecastMinor, a.currency),
    actual: formatAmount(a.actualMinor, a.currency),
    mae: kpiDecimal(
      a.maeMinor && { num: a.maeMinor.num, den: a.maeMinor.den * 10n ** BigInt(places) },
      places,
    ),
    mapePercent: kpiNumber(a.mape, 2),
    bias: kpiDecimal(
      a.biasMinor && { num: a.biasMinor.num, den: a.biasMinor.den * 10n ** BigInt(places) },
      places,
    ),
  };
}

/** The back-test: its as-of days, each forecast against what happened, and the accuracy per week offset. */
export function backtestJson(b: Backtest) {
  return {
    asOfDays: b.asOfDays,
    estimators: b.estimators,
    weeks: b.weeks,
    outcomes: b.outcomes.map((o) => ({
      asOf: o.asOf,
      currency: o.currency,
      forecast: o.forecastMinor.map((m) => formatAmount(m, o.currency)),
      actual: o.actualMinor.map((m) => formatAmount(m, o.currency)),
    })),
    accuracy: b.accuracy.map(accuracyJson),
  };
}
