/**
 * Training a tenant's payment-date model from its facts, with the measure it is shown with:
 *
 * - at least `MIN_PAID_INVOICES` settled invoices, else no model (predictions fall back to the
 *   customer's usual days late, and say so);
 * - a **holdout**: the latest 20% of the settled invoices by issue day are held out; a model is
 *   trained on what was known on the first held-out issue day (earlier invoices, settlements
 *   before that day only) and its MAE on the held-out invoices is set beside the baseline "the
 *   customer's mean days late so far" (each held-out invoice's history: the invoices settled
 *   before its own issue day);
 * - the model the product uses is then trained on every settled invoice.
 */

import { groupBy } from '../../shared/group-by.ts';
import {
  daysLate,
  featureIndex,
  type InvoiceFact,
  meanAbsoluteError,
  type PaymentModel,
  type PaymentPrediction,
  paymentFeatures,
  predictCustomerPayments,
  trainPaymentModel,
} from '../analytics/index.ts';

/** Fewest settled invoices a tenant needs for a model of its own. */
export const MIN_PAID_INVOICES = 50;
/** The share of the settled invoices, latest by issue day, held out to measure the model. */
export const HOLDOUT_SHARE = 0.2;

const AVERAGE_DAYS_LATE = featureIndex('average_days_late');

export interface Holdout {
  /** Held-out invoices (the latest by issue day). */
  readonly size: number;
  /** The first held-out issue day (day number); the holdout model knew nothing from it on. */
  readonly fromDay: number;
  readonly modelMae: number;
  /** "The customer's mean days late so far" on the same invoices. */
  readonly baselineMae: number;
}

export type Training =
  | {
      readonly kind: 'model';
      readonly model: PaymentModel;
      readonly paid: number;
      readonly holdout: Holdout | null;
    }
  | { readonly kind: 'too_little_history'; readonly paid: number };

/** Train on `facts` (the tenant's invoices as known today), with the holdout measure. */
export function trainTenantModel(facts: readonly InvoiceFact[]): Training {
  const paid = facts.filter((f) => f.settledDay !== null).length;
  if (paid < MIN_PAID_INVOICES) return { kind: 'too_little_history', paid };
  return { kind: 'model', model: trainPaymentModel(facts), paid, holdout: measureHoldout(facts) };
}

/** The holdout measure; null when the earlier part has fewer than MIN_PAID_INVOICES settled by then. */
export function measureHoldout(facts: readonly InvoiceFact[]): Holdout | null {
  const settled = facts.filter((f) => f.settledDay !== null).sort((a, b) => a.issueDay - b.issueDay);
  const first = settled[Math.floor(settled.length * (1 - HOLDOUT_SHARE))];
  if (!first) return null;
  const fromDay = first.issueDay;
  const known = facts
    .filter((f) => f.issueDay < fromDay)
    .map((f) => (f.settledDay !== null && f.settledDay >= fromDay ? { ...f, settledDay: null } : f));
  if (known.filter((f) => f.settledDay !== null).length < MIN_PAID_INVOICES) return null;
  const model = trainPaymentModel(known);
  const test = settled.filter((f) => f.issueDay >= fromDay);
  const byCustomer = groupBy(facts, (f) => f.customerId);
  const actual = test.map(daysLate);
  const predicted = predictAsOfIssue(model, test, byCustomer).map((p) => p.daysLate);
  const baseline = test.map(
    (f) => paymentFeatures(f, byCustomer.get(f.customerId) ?? [], 0)[AVERAGE_DAYS_LATE] ?? 0,
  );
  return {
    size: test.length,
    fromDay,
    modelMae: meanAbsoluteError(predicted, actual),
    baselineMae: meanAbsoluteError(baseline, actual),
  };
}

/** Each invoice's prediction as of its issue day, in one pass over each customer's invoices. */
function predictAsOfIssue(
  model: PaymentModel,
  invoices: readonly InvoiceFact[],
  byCustomer: ReadonlyMap<string, readonly InvoiceFact[]>,
): PaymentPrediction[] {
  const out = new Map<InvoiceFact, PaymentPrediction>();
  for (const [customerId, own] of groupBy(invoices, (f) => f.customerId)) {
    const queries = own.map((invoice) => ({ invoice, asOfDay: invoice.issueDay }));
    const predictions = predictCustomerPayments(model, byCustomer.get(customerId) ?? [], queries);
    queries.forEach((q, i) => {
      out.set(q.invoice, predictions[i] as PaymentPrediction);
    });
  }
  return invoices.map((f) => out.get(f) as PaymentPrediction);
}
