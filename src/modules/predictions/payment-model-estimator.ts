/**
 * The cash forecast's payment days from the tenant's trained payment-date model: each invoice
 * open at the end of the forecast day is expected on its due date plus the days late the model
 * predicts for it — the same day as its "Predicted payment" (`predictOpenInvoicesOfCustomers`)
 * before the clamp to today, which the forecast does itself (a passed day is expected now).
 *
 * Only a model trained on what was known by the forecast day answers: a forecast as of an earlier
 * day (the back-test's month ends) would otherwise read a model that learned from what came after
 * it — the back-test trains one as of each of its days instead (`paymentModelEstimatorTrainedAsOf`).
 * An open promise to pay does not move the day here (unlike the invoice's "Predicted payment"): the
 * forecast expects the promised amount on the promised day itself, and this estimator places what
 * the promise does not cover. An open item the model has no fact for (none
 * today: every invoice has its facts) falls back on `fallback`.
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { groupBy } from '../../shared/group-by.ts';
import {
  type OpenInvoiceToEstimate,
  type PaymentDayEstimate,
  type PaymentDayEstimator,
  type PaymentModel,
  trainPaymentModel,
} from '../analytics/index.ts';
import { MIN_PAID_INVOICES } from './model-training.ts';
import { predictOpenInvoicesOfCustomer } from './open-invoice-prediction.ts';
import { dayNumber, type PaymentFactSources, type TenantInvoiceFact } from './payment-facts.ts';
import { loadModel } from './predictions.repository.ts';
import { loadPaymentFacts } from './predictions.service.ts';

export interface ModelEstimator {
  readonly estimator: PaymentDayEstimator;
  /** When the model was trained, and the day whose history it learned from. */
  readonly trainedAt: Date;
  readonly modelAsOf: CalendarDate;
}

interface Predicted {
  readonly daysLate: number;
  readonly basedOn: number;
}

/** The model's estimator as of `asOf`, or null without a model trained by then. */
export async function paymentModelEstimator(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  fallback: PaymentDayEstimator,
  sources: PaymentFactSources,
): Promise<ModelEstimator | null> {
  const stored = await loadModel(q, tenantId);
  if (!stored?.model || stored.asOf > asOf) return null;
  const facts = await loadPaymentFacts(q, tenantId, asOf, null, sources);
  const estimator = estimatorOfModel(stored.model, facts, asOf, fallback);
  return { estimator, trainedAt: stored.trainedAt, modelAsOf: stored.asOf };
}

/**
 * A model trained now on the history known at the end of `asOf` — what the product would have
 * learned had it trained that day — and its estimator for the items open then; null with fewer
 * than `MIN_PAID_INVOICES` settled by then. For the forecast's back-test: its month ends lie
 * before the stored model's history, which it must not read. Nothing is stored.
 */
export async function paymentModelEstimatorTrainedAsOf(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  fallback: PaymentDayEstimator,
  sources: PaymentFactSources,
): Promise<PaymentDayEstimator | null> {
  const facts = await loadPaymentFacts(q, tenantId, asOf, null, sources);
  if (facts.filter((f) => f.settledDay !== null).length < MIN_PAID_INVOICES) return null;
  return estimatorOfModel(trainPaymentModel(facts), facts, asOf, fallback);
}

/** Each invoice open in `facts` on its due date plus the days late `model` predicts for it. */
function estimatorOfModel(
  model: PaymentModel,
  facts: readonly TenantInvoiceFact[],
  asOf: CalendarDate,
  fallback: PaymentDayEstimator,
): PaymentDayEstimator {
  const today = dayNumber(asOf);
  const predicted = new Map<string, Predicted>();
  for (const [, invoices] of groupBy(facts, (f) => f.customerId)) {
    const basedOn = invoices.filter((f) => f.settledDay !== null).length;
    const open = invoices.filter((f) => f.settledDay === null);
    const predictions = predictOpenInvoicesOfCustomer(model, open, invoices, today);
    open.forEach((f, i) => {
      predicted.set(f.invoiceId, { daysLate: Math.round(predictions[i]?.daysLate ?? 0), basedOn });
    });
  }
  const estimate = (invoice: OpenInvoiceToEstimate): PaymentDayEstimate => {
    const p = predicted.get(invoice.invoiceId);
    if (!p) return fallback.estimate(invoice);
    const due = invoice.dueDate ?? invoice.issueDate;
    return {
      day: addDays(due, p.daysLate),
      method: 'payment_model',
      daysLate: p.daysLate,
      basedOn: p.basedOn,
    };
  };
  return { estimate };
}
