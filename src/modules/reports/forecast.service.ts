/**
 * The cash forecast: expected receipts per day and per ISO week for the next weeks, per currency,
 * from what was open at the end of the as-of day (rebuilt from the journal like the aging), the
 * promises and disputes open that day, and each invoice's expected payment day from a
 * `PaymentDayEstimator` — chosen in one place, `paymentDayEstimatorFor`. The rules are analytics'
 * `cash-forecast.ts`; docs/analytics.md describes them.
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import {
  bucketForecast,
  type CurrencyForecast,
  customerHistoryEstimator,
  DEFAULT_FORECAST_WEEKS,
  dayNumber,
  type EstimatorName,
  expectedReceipts,
  type ForecastOpenItem,
  type ForecastPromise,
  type InvoiceFact,
  MAX_FORECAST_WEEKS,
  type PaymentDayEstimator,
} from '../analytics/index.ts';
import { paymentFactSources } from '../collections/index.ts';
import { accountCodeOf } from '../ledger/index.ts';
import { paymentModelEstimator, paymentModelEstimatorTrainedAsOf } from '../predictions/index.ts';
import { sourceFor } from './aging.service.ts';
import { openItemRows, openPromiseRows, type PromiseRow, settledInvoiceRows } from './forecast.repository.ts';

export interface ForecastQuery {
  /** The day whose end the forecast knows; receipts are expected from the next day. */
  asOf: CalendarDate;
  weeks: number;
  /** Only this currency. */
  currency?: string | undefined;
  today: CalendarDate;
  /** Where the payment days come from (default `stored`; see `paymentDayEstimatorFor`). */
  model?: ModelSource;
}

/**
 * `stored`: the tenant's trained model, if it learned only from what was known by the as-of day;
 * `trained_as_of`: a model trained now on the history of the as-of day (the back-test);
 * `none`: the customers' history only.
 */
export type ModelSource = 'stored' | 'trained_as_of' | 'none';

export interface CashForecast {
  asOf: CalendarDate;
  firstDay: CalendarDate;
  weeks: number;
  estimator: EstimatorName;
  /** The payment-date model the estimates came from (null: the customers' history). */
  model: { trainedAt: Date; asOf: CalendarDate } | null;
  currencies: CurrencyForecast[];
}

export interface ChosenEstimator {
  readonly estimator: PaymentDayEstimator;
  readonly name: EstimatorName;
  readonly model: CashForecast['model'];
}

/** The horizon asked for, or the default; refuses anything but 1 … MAX_FORECAST_WEEKS whole weeks. */
export function forecastWeeks(weeks: number | undefined): number {
  const n = weeks ?? DEFAULT_FORECAST_WEEKS;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FORECAST_WEEKS)
    throw validationFailed(`weeks must be a whole number from 1 to ${MAX_FORECAST_WEEKS}`, [
      { field: 'weeks', message: `1 to ${MAX_FORECAST_WEEKS}` },
    ]);
  return n;
}

/**
 * The estimator of expected payment days as of `asOf` — the one place where the forecast gets
 * it: the tenant's trained payment-date model when one was trained on what was known by `asOf`
 * (`paymentModelEstimator`) — or, with `source` `trained_as_of`, one trained on that day's history —
 * else each customer's usual days late over its invoices settled before `asOf`, else the due date.
 */
export async function paymentDayEstimatorFor(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  source: ModelSource = 'stored',
): Promise<ChosenEstimator> {
  const arCode = await accountCodeOf(q, tenantId, 'ar_control');
  const rows = await settledInvoiceRows(q, tenantId, arCode, asOf);
  const facts: InvoiceFact[] = rows.map((r) => ({
    customerId: r.customer_id,
    issueDay: dayNumber(r.issue_date),
    dueDay: dayNumber(r.due_date),
    settledDay: dayNumber(r.settled_on),
    amountMinor: r.total_minor,
    currency: r.currency,
    electronic: false,
    disputed: false,
  }));
  const history = customerHistoryEstimator(facts, asOf);
  const historyOnly: ChosenEstimator = { estimator: history, name: 'customer_history', model: null };
  if (source === 'none') return historyOnly;
  if (source === 'trained_as_of') {
    const trained = await paymentModelEstimatorTrainedAsOf(q, tenantId, asOf, history, paymentFactSources);
    return trained ? { estimator: trained, name: 'payment_model', model: null } : historyOnly;
  }
  const model = await paymentModelEstimator(q, tenantId, asOf, history, paymentFactSources);
  if (!model) return historyOnly;
  return {
    estimator: model.estimator,
    name: 'payment_model',
    model: { trainedAt: model.trainedAt, asOf: model.modelAsOf },
  };
}

/** The open items at the end of `asOf` (owed by the customer), with their disputes of that day. */
export async function forecastOpenItems(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  today: CalendarDate,
): Promise<ForecastOpenItem[]> {
  const source = await sourceFor(q, tenantId, { asOf, basis: 'due_date', today });
  const rows = await openItemRows(q, tenantId, source, asOf);
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    customerId: r.customer_id,
    currency: r.currency,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    openMinor: r.open_minor,
    disputed: r.disputed,
  }));
}

/** Promise rows (one per named invoice) as promises. */
export function promisesOfRows(rows: readonly PromiseRow[]): ForecastPromise[] {
  const byId = new Map<string, ForecastPromise & { invoiceIds: string[] }>();
  for (const r of rows) {
    let p = byId.get(r.promise_id);
    if (!p) {
      p = {
        promiseId: r.promise_id,
        customerId: r.customer_id,
        currency: r.currency,
        amountMinor: r.amount_minor,
        promisedOn: r.promised_on,
        invoiceIds: [],
      };
      byId.set(r.promise_id, p);
    }
    if (r.invoice_id) p.invoiceIds.push(r.invoice_id);
  }
  return [...byId.values()];
}

/** The forecast of `query.weeks` ISO weeks from the week of the day after `query.asOf`. */
export async function cashForecast(
  q: Queryable,
  tenantId: string,
  query: ForecastQuery,
): Promise<CashForecast> {
  return cashForecastOf(q, tenantId, query, await forecastOpenItems(q, tenantId, query.asOf, query.today));
}

/** The forecast of the items `all` open at the end of `query.asOf` (`forecastOpenItems`). */
export async function cashForecastOf(
  q: Queryable,
  tenantId: string,
  query: ForecastQuery,
  all: readonly ForecastOpenItem[],
): Promise<CashForecast> {
  const weeks = forecastWeeks(query.weeks);
  // One after the other: `q` may be a transaction, which runs one query at a time.
  const items = query.currency ? all.filter((i) => i.currency === query.currency) : all;
  const promises = promisesOfRows(await openPromiseRows(q, tenantId, query.asOf));
  const chosen = await paymentDayEstimatorFor(q, tenantId, query.asOf, query.model);
  const firstDay = addDays(query.asOf, 1);
  const expected = expectedReceipts(items, promises, chosen.estimator, firstDay);
  return {
    asOf: query.asOf,
    firstDay,
    weeks,
    estimator: chosen.name,
    model: chosen.model,
    currencies: bucketForecast(expected, items, firstDay, weeks),
  };
}
