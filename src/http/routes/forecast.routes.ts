/** /v1/analytics/forecast: the cash forecast and its back-test (docs/analytics.md, "Cash forecast"). */
import { z } from 'zod';
import { DEFAULT_FORECAST_WEEKS, MAX_FORECAST_WEEKS } from '../../modules/analytics/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import {
  BACKTEST_ESTIMATORS,
  backtestJson,
  cashForecast,
  cashForecastJson,
  forecastBacktest,
  MAX_BACKTEST_MONTHS,
} from '../../modules/reports/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { forecastTables } from './analytics-export.ts';
import { type Api, errors } from './common.ts';
import { backtestSchema, forecastSchema } from './forecast.schemas.ts';
import { sendExport } from './report-exports.ts';
import { exportFormat, exportResponse } from './reports.schemas.ts';

const tags = ['analytics'];

/** Registers each route (one small function per route, below). */
export function forecastRoutes(app: Api, deps: CoreDeps): void {
  getForecastRoute(app, deps);
  getForecastAccuracyRoute(app, deps);
  exportForecastRoute(app, deps);
}

const weeks = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_FORECAST_WEEKS)
  .optional()
  .describe(
    `ISO weeks (Monday to Sunday) from the week of the day after asOf; default 13, at most ${MAX_FORECAST_WEEKS}`,
  );
const currency = z.string().length(3).toUpperCase().optional().describe('ISO 4217: only this currency');

function getForecastRoute(app: Api, deps: CoreDeps): void {
  app.get('/analytics/forecast', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCashForecast',
      summary: 'Cash forecast: expected receipts per ISO week and per day, per currency',
      description:
        'From the items open at the end of `asOf` (default today): promises to pay first (their amount on their day, for the invoices they cover), each other invoice on its expected payment day (the customer’s usual days late over its invoices settled before `asOf`, else the due date); invoices in an open dispute apart (not expected); a day already past — overdue — is expected now, on the first day (the day after `asOf`). Weeks start on Monday; receipts after the last week are `later`.',
      querystring: z.object({ weeks, currency, asOf: calendarDate.optional().describe('default: today') }),
      response: { 200: forecastSchema, ...errors },
    },
    handler: async (req) => forecastOf(deps, principalOf(req).tenantId, req.query),
  });
}

async function forecastOf(
  deps: CoreDeps,
  tenantId: string,
  q: { asOf?: string | undefined; weeks?: number | undefined; currency?: string | undefined },
) {
  const today = todayUtc(deps.clock.now());
  const forecast = await cashForecast(deps.db, tenantId, {
    asOf: q.asOf ?? today,
    weeks: q.weeks ?? DEFAULT_FORECAST_WEEKS,
    currency: q.currency,
    today,
  });
  return cashForecastJson(forecast);
}

function exportForecastRoute(app: Api, deps: CoreDeps): void {
  app.get('/analytics/forecast/export', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'exportCashForecast',
      summary: 'The cash forecast as CSV or XLSX',
      description:
        'The figures of GET /v1/analytics/forecast (same query). CSV: one row per currency and week (view=weeks, the default) or per currency and day with receipts (view=days); XLSX: a Weeks, a Days and a Currencies sheet (open, later, disputed). Amounts in major units with the currency’s decimals, dates as dates.',
      querystring: z.object({
        weeks,
        currency,
        asOf: calendarDate.optional().describe('default: today'),
        format: exportFormat,
        view: z.enum(['weeks', 'days']).default('weeks').describe('the table of the CSV, the first sheet'),
      }),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const doc = await forecastOf(deps, principalOf(req).tenantId, req.query);
      const tables = forecastTables(doc, req.query.view);
      return sendExport(reply, req.query.format, `forecast-${doc.asOf}-${req.query.view}`, tables);
    },
  });
}

function getForecastAccuracyRoute(app: Api, deps: CoreDeps): void {
  app.get('/analytics/forecast/accuracy', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCashForecastAccuracy',
      summary: 'Back-test of the cash forecast: MAE, MAPE and bias per week offset',
      description:
        'For each of the last `months` month ends before today, the forecast made with only what was known at its end, against what receipts actually paid of the same open items in each following week (from the journal). Only weeks over by today are measured; per currency and week offset (1 = the week of the day after the month end): MAE and bias in the currency, MAPE in % over the weeks with receipts.',
      querystring: z.object({
        weeks,
        currency,
        months: z.coerce
          .number()
          .int()
          .min(1)
          .max(MAX_BACKTEST_MONTHS)
          .optional()
          .describe(`as-of month ends; default 6, at most ${MAX_BACKTEST_MONTHS}`),
        estimator: z
          .enum(BACKTEST_ESTIMATORS)
          .optional()
          .describe(
            'payment_model (default): a payment-date model trained on each month end’s own history (the customers’ history where too little was settled by then); customer_history: the customers’ usual days late only',
          ),
      }),
      response: { 200: backtestSchema, ...errors },
    },
    handler: async (req) => {
      const { weeks: n, currency: c, months, estimator } = req.query;
      const today = todayUtc(deps.clock.now());
      const backtest = await forecastBacktest(deps.db, principalOf(req).tenantId, {
        weeks: n,
        currency: c,
        months,
        estimator,
        today,
      });
      return backtestJson(backtest);
    },
  });
}
