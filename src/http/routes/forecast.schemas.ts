/** Response schemas of /v1/analytics/forecast and its back-test. */
import { z } from 'zod';
import { date, instant, money } from './common.ts';

const sum = {
  expected: money('expected receipts: promised, estimated and overdue alike'),
  promised: money('of which promised (promises to pay take precedence over the estimate)'),
  overdue: money('of which overdue, expected now (only on the first day and in the first week)'),
  invoices: z.number().int().describe('invoices contributing'),
};

export const forecastSchema = z
  .object({
    asOf: date.describe('the forecast knows the end of this day'),
    firstDay: date.describe('the first day receipts are expected on: the day after asOf'),
    estimator: z
      .enum(['payment_model', 'customer_history'])
      .describe(
        "how payment days are estimated: payment_model — the tenant's payment-date model trained on what was known by asOf; customer_history — the customer's usual days late, else the due date",
      ),
    model: z
      .object({
        trainedAt: instant,
        asOf: date.describe('the day whose history the model learned from'),
      })
      .nullable()
      .describe('the model the estimates came from; null with customer_history'),
    weeks: z.array(
      z.object({
        weekStart: date.describe('Monday of the ISO week'),
        isoWeek: z.string().describe('YYYY-Www'),
        currency: z.string(),
        ...sum,
      }),
    ),
    days: z.array(z.object({ day: date, currency: z.string(), ...sum })).describe('the days with receipts'),
    currencies: z.array(
      z.object({
        currency: z.string(),
        open: money('open at the end of asOf: in weeks + later + disputed'),
        inWeeks: money('expected within the weeks'),
        later: z.object(sum).describe('expected after the last week'),
        disputed: z
          .object({ amount: money('open in a dispute, not expected'), invoices: z.number().int() })
          .describe('invoices in a dispute open at the end of asOf'),
      }),
    ),
  })
  .meta({ id: 'CashForecast' });

export const backtestSchema = z
  .object({
    asOfDays: z.array(date).describe('the month ends forecast from, oldest first'),
    estimators: z
      .array(z.object({ asOf: date, estimator: z.enum(['payment_model', 'customer_history']) }))
      .describe('where each month end’s forecast took the payment days from'),
    weeks: z.number().int(),
    outcomes: z.array(
      z.object({
        asOf: date,
        currency: z.string(),
        forecast: z.array(z.string()).describe('expected per week of the horizon'),
        actual: z.array(z.string()).describe('received per week, for the weeks over by today'),
      }),
    ),
    accuracy: z.array(
      z.object({
        currency: z.string(),
        weekOffset: z.number().int().describe('1: the week of the day after the as-of day'),
        forecasts: z.number().int().describe('forecasts whose week of this offset is over'),
        forecast: money('Σ expected'),
        actual: money('Σ received'),
        mae: z.string().nullable().describe('mean absolute error, in the currency'),
        mapePercent: z
          .number()
          .nullable()
          .describe('mean absolute percentage error over the weeks with receipts'),
        bias: z.string().nullable().describe('mean of forecast − actual: positive expects too much'),
      }),
    ),
  })
  .meta({ id: 'CashForecastAccuracy' });
