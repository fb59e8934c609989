/**
 * Payment-date prediction: a model trained on the tenant's own history that predicts, for an
 * invoice on its issue day, how many days late it will be paid and the probability that it is
 * paid more than `lateThresholdDays` late, with the reasons (feature contributions).
 *
 * The days-late model starts from the customer's usual days late (median of its history,
 * adjusted for paper or electronic delivery) and boosts corrections to it under absolute loss;
 * the probability comes from a second, logistic model on the same features. Defaults and their
 * measurement: docs/analytics.md.
 */
import { groupBy } from '../../shared/group-by.ts';
import { binFeatures, explain, type GbdtModel, type GbdtOptions, predictGbdt, trainGbdt } from './gbdt.ts';
import {
  daysLate,
  electronicEffect,
  featureIndex,
  type InvoiceFact,
  PAYMENT_FEATURES,
  type PaymentFeatureName,
} from './payment-features.ts';
import { customerFeatureRows, type FeatureQuery } from './payment-history.ts';

const USUAL_DAYS_LATE = featureIndex('usual_days_late');

export interface PaymentModel {
  readonly channelEffect: number;
  readonly lateThresholdDays: number;
  readonly daysLate: GbdtModel;
  readonly late: GbdtModel;
  /** Invoices it was trained on. */
  readonly trainedOn: number;
}

export interface PaymentPrediction {
  readonly daysLate: number;
  readonly predictedDay: number;
  readonly lateProbability: number;
  /** The features that moved the days late most, largest first. */
  readonly reasons: readonly { readonly feature: PaymentFeatureName; readonly days: number }[];
}

export const DEFAULT_TREE_OPTIONS: Omit<GbdtOptions, 'loss'> = {
  trees: 150,
  depth: 2,
  learningRate: 0.03,
  minLeaf: 20,
  subsample: 0.8,
  featureFraction: 0.8,
  l2: 1,
  seed: 1,
};

export interface TrainOptions {
  readonly lateThresholdDays?: number;
  readonly tree?: Partial<Omit<GbdtOptions, 'loss'>>;
}

/**
 * Train on the settled invoices of `facts` (all invoices of the tenant known on the training
 * day; open ones serve as the customers' open items). Each training row is an invoice with its
 * features as of its own issue day.
 */
export function trainPaymentModel(facts: readonly InvoiceFact[], options: TrainOptions = {}): PaymentModel {
  const lateThresholdDays = options.lateThresholdDays ?? 5;
  const tree = { ...DEFAULT_TREE_OPTIONS, ...options.tree };
  const settled = facts.filter((f) => f.settledDay !== null);
  if (settled.length === 0) throw new Error('no settled invoice to learn from');
  const channelEffect = electronicEffect(settled);
  const x = trainingRows(facts, channelEffect);
  const y = settled.map(daysLate);
  const offset = x.map(usualDaysLate);
  const binned = binFeatures(x);
  return {
    channelEffect,
    lateThresholdDays,
    daysLate: trainGbdt(binned, y, { ...tree, loss: 'absolute' }, offset),
    late: trainGbdt(
      binned,
      y.map((d) => (d > lateThresholdDays ? 1 : 0)),
      { ...tree, loss: 'logistic' },
    ),
    trainedOn: settled.length,
  };
}

/** The feature rows of the settled invoices of `facts`, in their order, each as of its issue day. */
function trainingRows(facts: readonly InvoiceFact[], channelEffect: number): Float64Array[] {
  const rowOf = new Map<InvoiceFact, Float64Array>();
  for (const invoices of groupBy(facts, (f) => f.customerId).values()) {
    const queries = invoices
      .filter((f) => f.settledDay !== null)
      .map((f) => ({ invoice: f, asOfDay: f.issueDay }));
    const rows = customerFeatureRows(invoices, queries, channelEffect);
    queries.forEach((q, i) => {
      rowOf.set(q.invoice, rows[i] as Float64Array);
    });
  }
  return facts.filter((f) => f.settledDay !== null).map((f) => rowOf.get(f) as Float64Array);
}

/**
 * The prediction for `invoice` on its issue day (or on `asOfDay`, for an open invoice scored
 * later), from its customer's invoices known then.
 */
export function predictPayment(
  model: PaymentModel,
  invoice: InvoiceFact,
  customerInvoices: readonly InvoiceFact[],
  asOfDay = invoice.issueDay,
): PaymentPrediction {
  return predictCustomerPayments(model, customerInvoices, [{ invoice, asOfDay }])[0] as PaymentPrediction;
}

/**
 * The predictions for many invoices of one customer (`queries`, each as of its day) in one pass
 * over the customer's invoices; in the order of `queries`.
 */
export function predictCustomerPayments(
  model: PaymentModel,
  customerInvoices: readonly InvoiceFact[],
  queries: readonly FeatureQuery[],
): PaymentPrediction[] {
  const rows = customerFeatureRows(customerInvoices, queries, model.channelEffect);
  return queries.map((q, i) => predictionOf(model, q.invoice, rows[i] as Float64Array));
}

function predictionOf(model: PaymentModel, invoice: InvoiceFact, row: Float64Array): PaymentPrediction {
  const days = predictGbdt(model.daysLate, row, usualDaysLate(row));
  const { contributions } = explain(model.daysLate, row, PAYMENT_FEATURES.length);
  contributions[USUAL_DAYS_LATE] = (contributions[USUAL_DAYS_LATE] ?? 0) + usualDaysLate(row);
  const reasons = PAYMENT_FEATURES.map(([feature], i) => ({ feature, days: contributions[i] ?? 0 }))
    .filter((r) => Math.abs(r.days) >= 0.05)
    .sort((a, b) => Math.abs(b.days) - Math.abs(a.days))
    .slice(0, 5);
  return {
    daysLate: days,
    predictedDay: invoice.dueDay + Math.round(days),
    lateProbability: predictGbdt(model.late, row),
    reasons,
  };
}

function usualDaysLate(row: Float64Array): number {
  return row[USUAL_DAYS_LATE] ?? 0;
}
