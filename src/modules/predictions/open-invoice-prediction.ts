/**
 * The prediction shown for an open invoice **as of today**: unlike a training row (features as of
 * the invoice's issue day), the customer's history is what was settled before today and its open
 * items are those open today, so a payment received since the invoice was issued counts.
 *
 * - With the tenant's model: its days late, late probability and reasons (Saabas contributions).
 * - Without one (too little history, or never trained): the model's start, the customer's usual
 *   days late (median, adjusted for delivery), and as the probability the customer's share paid
 *   more than 5 days late (null with no history); labelled `customer_history`.
 * - A predicted day already past is today (the invoice is still open, so it is paid today at the
 *   earliest); an invoice already more than `lateThresholdDays` past due is late for certain.
 */
import {
  featureIndex,
  type InvoiceFact,
  PAYMENT_FEATURES,
  type PaymentFeatureName,
  type PaymentModel,
  type PaymentPrediction,
  paymentFeatures,
  predictCustomerPayments,
} from '../analytics/index.ts';

const USUAL = featureIndex('usual_days_late');
const HISTORY = featureIndex('history_count');
const SHARE_OVER_5 = featureIndex('share_late_over_5');
const LATE_THRESHOLD_DAYS = 5;

export type PredictionBasis = 'model' | 'customer_history';

export interface PredictionReason {
  readonly feature: PaymentFeatureName;
  /** PAYMENT_FEATURES' wording. */
  readonly description: string;
  /** How many days it moved the prediction (negative: sooner). */
  readonly days: number;
}

export interface OpenInvoicePrediction {
  readonly basis: PredictionBasis;
  /** Predicted payment day (day number), never before `today`. */
  readonly predictedDay: number;
  /** Predicted days late (payment day − due day; negative: early), before the clamp to today. */
  readonly daysLate: number;
  /** Probability of paying more than 5 days late; null without model and history. */
  readonly lateProbability: number | null;
  readonly reasons: readonly PredictionReason[];
}

/** The prediction for `invoice` (open on `today`) from its customer's invoices known on `today`. */
export function predictOpenInvoice(
  model: PaymentModel | null,
  invoice: InvoiceFact,
  customerInvoices: readonly InvoiceFact[],
  today: number,
): OpenInvoicePrediction {
  return predictOpenInvoicesOfCustomer(model, [invoice], customerInvoices, today)[0] as OpenInvoicePrediction;
}

/**
 * The predictions for `invoices` (open on `today`, all of one customer) in one pass over the
 * customer's invoices known on `today`; in the order of `invoices`.
 */
export function predictOpenInvoicesOfCustomer(
  model: PaymentModel | null,
  invoices: readonly InvoiceFact[],
  customerInvoices: readonly InvoiceFact[],
  today: number,
): OpenInvoicePrediction[] {
  const threshold = model?.lateThresholdDays ?? LATE_THRESHOLD_DAYS;
  const fromModelAll = model
    ? predictCustomerPayments(
        model,
        customerInvoices,
        invoices.map((invoice) => ({ invoice, asOfDay: today })),
      )
    : null;
  return invoices.map((invoice, i) => {
    const p = fromModelAll?.[i];
    const raw = p ? fromModel(p) : fromHistory(invoice, customerInvoices, today);
    const alreadyLate = today - invoice.dueDay > threshold;
    return {
      ...raw,
      predictedDay: Math.max(invoice.dueDay + Math.round(raw.daysLate), today),
      lateProbability: alreadyLate ? 1 : raw.lateProbability,
    };
  });
}

type Raw = Omit<OpenInvoicePrediction, 'predictedDay'>;

function fromModel(p: PaymentPrediction): Raw {
  return {
    basis: 'model',
    daysLate: p.daysLate,
    lateProbability: p.lateProbability,
    reasons: p.reasons.map((r) => reason(r.feature, r.days)),
  };
}

function fromHistory(invoice: InvoiceFact, history: readonly InvoiceFact[], today: number): Raw {
  const row = paymentFeatures(invoice, history, 0, today);
  const known = (row[HISTORY] ?? 0) > 0;
  const usual = row[USUAL] ?? 0;
  return {
    basis: 'customer_history',
    daysLate: usual,
    lateProbability: known ? (row[SHARE_OVER_5] ?? 0) : null,
    reasons: known ? [reason('usual_days_late', usual)] : [],
  };
}

function reason(feature: PaymentFeatureName, days: number): PredictionReason {
  const description = PAYMENT_FEATURES.find(([name]) => name === feature)?.[1] ?? feature;
  return { feature, description, days };
}

/** A prediction that says which promise to pay, if any, set its day. */
export interface PromisedPrediction extends OpenInvoicePrediction {
  /** The promised day (day number) of the earliest promise open on `today` naming the invoice; null: none. */
  readonly promisedDay: number | null;
}

/**
 * A promise to pay open on `today` (made by then, not yet kept, broken or cancelled) naming the
 * invoice takes precedence, as in the cash forecast: the predicted day is the earliest promised
 * day — today when that has passed — and the days late are the promised day − the due day. The
 * late probability and the reasons stay the model's (or the history's): its features already
 * weigh the customer's kept and broken promises. A rule, not a feature: a training row is the
 * invoice as of its issue day, when it has no promise, so the model never learns one.
 */
export function withOpenPromise(
  p: OpenInvoicePrediction,
  invoice: InvoiceFact,
  today: number,
): PromisedPrediction {
  const open = (invoice.promises ?? []).filter(
    (x) => x.madeDay <= today && (x.judgedDay === null || x.judgedDay > today),
  );
  if (open.length === 0) return { ...p, promisedDay: null };
  const promisedDay = Math.min(...open.map((x) => x.promisedDay));
  return {
    ...p,
    promisedDay,
    daysLate: promisedDay - invoice.dueDay,
    predictedDay: Math.max(promisedDay, today),
  };
}
