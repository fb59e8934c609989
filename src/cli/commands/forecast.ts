import { forecastTables } from '../../http/routes/analytics-export.ts';
import { DEFAULT_FORECAST_WEEKS } from '../../modules/analytics/index.ts';
import {
  BACKTEST_ESTIMATORS,
  type BacktestEstimator,
  backtestJson,
  cashForecast,
  cashForecastJson,
  forecastBacktest,
} from '../../modules/reports/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { table, toJson } from '../io.ts';
import { asOfOption } from './as-of-option.ts';
import { EXPORT_OPTIONS, EXPORT_USAGE, exportRequest, writeExport } from './export-option.ts';
import { type CommandContext, type CommandSpec, stringOption } from './types.ts';

/** `--NAME N` as a whole number, or undefined; the service checks its range. */
function wholeOption(values: CommandContext['values'], name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw))
    throw validationFailed(`--${name} must be a whole number, got "${raw}"`, [
      { field: name, message: 'not a whole number' },
    ]);
  return Number(raw);
}

function currencyOption(values: CommandContext['values']): string | undefined {
  const raw = stringOption(values, 'currency');
  if (raw === undefined) return undefined;
  if (!/^[A-Za-z]{3}$/.test(raw))
    throw validationFailed(`--currency must be an ISO 4217 code, got "${raw}"`, [
      { field: 'currency', message: 'not a currency' },
    ]);
  return raw.toUpperCase();
}

/** The forecast as a table: one row per currency and week, then what lies beyond and what is disputed. */
function printForecast(io: CommandContext['io'], doc: ReturnType<typeof cashForecastJson>): void {
  io.stdout(`Cash forecast as of ${doc.asOf}, receipts expected from ${doc.firstDay}\n`);
  io.stdout(
    doc.model
      ? `Payment days: the payment-date model trained ${doc.model.trainedAt} on the history to ${doc.model.asOf}\n`
      : 'Payment days: each customer’s usual days late (no payment-date model trained by then)\n',
  );
  if (doc.currencies.length === 0) {
    io.stdout('No open items.\n');
    return;
  }
  const rows = doc.weeks.map((w) => [
    w.isoWeek,
    w.weekStart,
    w.currency,
    w.expected,
    w.promised,
    w.overdue,
    String(w.invoices),
  ]);
  io.stdout(
    table(['WEEK', 'FROM', 'CUR', 'EXPECTED', 'PROMISED', 'OVERDUE NOW', 'INVOICES'], rows, [3, 4, 5, 6]),
  );
  for (const c of doc.currencies)
    io.stdout(
      `${c.currency}: open ${c.open}; later ${c.later.expected}; disputed, not expected ${c.disputed.amount} (${c.disputed.invoices})\n`,
    );
}

/** `--estimator`: one of BACKTEST_ESTIMATORS, or absent. */
function estimatorOption(values: CommandContext['values']): BacktestEstimator | undefined {
  const value = stringOption(values, 'estimator');
  if (value === undefined) return undefined;
  const known = BACKTEST_ESTIMATORS.find((e) => e === value);
  if (!known)
    throw validationFailed(`--estimator must be one of ${BACKTEST_ESTIMATORS.join(', ')}`, [
      { field: 'estimator', message: `not ${BACKTEST_ESTIMATORS.join(' or ')}` },
    ]);
  return known;
}

function printBacktest(io: CommandContext['io'], doc: ReturnType<typeof backtestJson>): void {
  io.stdout(`Forecast back-test from the month ends ${doc.asOfDays.join(', ')}\n`);
  io.stdout(`Payment days from: ${doc.estimators.map((e) => `${e.asOf} ${e.estimator}`).join(', ')}\n`);
  const rows = doc.accuracy.map((a) => [
    a.currency,
    String(a.weekOffset),
    String(a.forecasts),
    a.forecast,
    a.actual,
    a.mae ?? '—',
    a.mapePercent === null ? '—' : a.mapePercent.toFixed(2),
    a.bias ?? '—',
  ]);
  io.stdout(
    table(['CUR', 'WEEK', 'N', 'FORECAST', 'ACTUAL', 'MAE', 'MAPE %', 'BIAS'], rows, [1, 2, 3, 4, 5, 6, 7]),
  );
}

export const forecast: CommandSpec = {
  name: 'forecast',
  usage: `cashloop forecast [--weeks N (default ${DEFAULT_FORECAST_WEEKS})] [--currency C] [--as-of YYYY-MM-DD] [--backtest [--months M] [--estimator payment_model|customer_history]] [--json] [--days] ${EXPORT_USAGE}`,
  options: {
    ...EXPORT_OPTIONS,
    days: { type: 'boolean' },
    weeks: { type: 'string' },
    currency: { type: 'string' },
    'as-of': { type: 'string' },
    backtest: { type: 'boolean' },
    months: { type: 'string' },
    estimator: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const { db, clock } = runtime.deps;
    const tenantId = runtime.tenant.tenantId;
    const today = todayUtc(clock.now());
    const exporting = exportRequest(values);
    const weeks = wholeOption(values, 'weeks');
    const currency = currencyOption(values);
    if (values.backtest) {
      if (exporting)
        throw validationFailed('--format exports the forecast, not the back-test', [
          { field: 'format', message: 'not with --backtest' },
        ]);
      const months = wholeOption(values, 'months');
      const estimator = estimatorOption(values);
      const doc = backtestJson(
        await forecastBacktest(db, tenantId, { weeks, currency, months, estimator, today }),
      );
      if (values.json) io.stdout(toJson(doc));
      else printBacktest(io, doc);
      return 0;
    }
    const query = {
      asOf: asOfOption(values, clock),
      weeks: weeks ?? DEFAULT_FORECAST_WEEKS,
      currency,
      today,
    };
    const doc = cashForecastJson(await cashForecast(db, tenantId, query));
    if (exporting) return writeExport(io, exporting, forecastTables(doc, values.days ? 'days' : 'weeks'));
    if (values.json) io.stdout(toJson(doc));
    else printForecast(io, doc);
    return 0;
  },
};
