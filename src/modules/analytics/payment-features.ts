/**
 * What is known about an invoice on the day it is issued, as numbers for the payment-date model:
 * the invoice itself and its customer's payment history **as of that day** — only invoices
 * settled before it count, so a model trained on them never sees the future (no leakage).
 *
 * Days are whole days since 1970-01-01 (UTC); "days late" is settlement day − due day (negative:
 * paid early). Amounts enter as numbers of major units: a feature is a statistic for the model,
 * never money that is booked.
 */

import { exponentOf } from '../../shared/currency.ts';
import { groupBy } from '../../shared/group-by.ts';
import { mean, median, share, standardDeviation } from './statistics.ts';

/** One invoice of the history, as the model sees it. */
export interface InvoiceFact {
  readonly customerId: string;
  readonly issueDay: number;
  readonly dueDay: number;
  /** The day it was paid in full; null while open. */
  readonly settledDay: number | null;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Delivered electronically (e-mail, portal, e-invoice) rather than on paper. */
  readonly electronic: boolean;
  /**
   * A dispute was raised on it. Used only for invoices settled before the day a feature is
   * computed for (their disputes are in the past); never the invoice's own flag.
   */
  readonly disputed: boolean;
  /**
   * The days reminders (dunning notices) naming it were sent, ascending. Only those sent before
   * its settlement, and before the day a feature is computed for, are read. Absent: none known
   * (a data set without reminders).
   */
  readonly reminderDays?: readonly number[];
  /** The promises to pay naming it (a promise naming several invoices is on each, one id). */
  readonly promises?: readonly PromiseFact[];
}

/** A promise to pay as the model sees it: only its outcome judged before the day counts. */
export interface PromiseFact {
  readonly promiseId: string;
  readonly madeDay: number;
  readonly promisedDay: number;
  /** The day it was judged kept or broken, or cancelled; null while open. */
  readonly judgedDay: number | null;
  readonly outcome: 'kept' | 'broken' | 'cancelled' | null;
}

/** The features, in the order of a feature row, with what each means (the reasons' wording). */
export const PAYMENT_FEATURES = [
  ['history_count', 'invoices of the customer paid before'],
  ['usual_days_late', 'the customer’s usual days late (median, adjusted for paper or electronic delivery)'],
  ['average_days_late_adjusted', 'the customer’s average days late (adjusted for delivery)'],
  ['average_days_late', 'the customer’s average days late'],
  ['spread_days_late', 'how much the customer’s days late vary'],
  ['recent_days_late', 'the customer’s days late on recent payments'],
  ['last_days_late', 'days late of the customer’s last payment'],
  ['share_late', 'share of the customer’s invoices paid late'],
  ['share_late_over_5', 'share paid more than 5 days late'],
  ['dispute_rate', 'share of the customer’s paid invoices that were disputed'],
  ['usual_days_late_undisputed', 'the customer’s usual days late on undisputed invoices'],
  ['open_count', 'invoices of the customer still open'],
  ['open_amount', 'amount of the customer still open'],
  ['amount', 'the invoice’s amount'],
  ['amount_vs_usual', 'the invoice’s amount against the customer’s average'],
  ['electronic', 'delivered electronically'],
  ['terms_days', 'days from issue to due date'],
  ['month', 'month of issue'],
  ['weekday', 'weekday of issue'],
  [
    'same_month_vs_average',
    'the customer’s days late in the same month of earlier years, against its average',
  ],
  [
    'same_channel_vs_average',
    'the customer’s days late on invoices delivered the same way, against its average',
  ],
  ['amount_effect', 'what the invoice’s size has meant for this customer’s days late so far'],
  ['recent_vs_average', 'the customer’s recent days late against its average (trend)'],
  ['reminded_share', 'share of the customer’s paid invoices that needed a reminder before payment'],
  ['reminders_per_invoice', 'reminders the customer needed per paid invoice'],
  ['open_reminded', 'invoices of the customer still open that have had a reminder'],
  ['promise_kept_rate', 'share of the customer’s promises to pay that were kept'],
  ['broken_promises', 'promises to pay the customer broke'],
] as const;

export type PaymentFeatureName = (typeof PAYMENT_FEATURES)[number][0];

/** Where a feature sits in a feature row. */
export function featureIndex(name: PaymentFeatureName): number {
  return PAYMENT_FEATURES.findIndex(([n]) => n === name);
}

/**
 * How many days earlier (negative) customers pay an electronically delivered invoice than a
 * paper one, pooled over the customers that have both among `history` (each customer weighted
 * by the harmonic size of its two groups; undisputed invoices only). 0 when nobody has both.
 */
export function electronicEffect(history: readonly InvoiceFact[]): number {
  const byCustomer = groupBy(
    history.filter((f) => f.settledDay !== null && !f.disputed),
    (f) => f.customerId,
  );
  let sum = 0;
  let weight = 0;
  for (const facts of byCustomer.values()) {
    const electronic = facts.filter((f) => f.electronic).map(daysLate);
    const paper = facts.filter((f) => !f.electronic).map(daysLate);
    if (electronic.length === 0 || paper.length === 0) continue;
    const w = (electronic.length * paper.length) / (electronic.length + paper.length);
    sum += w * (mean(electronic) - mean(paper));
    weight += w;
  }
  return weight === 0 ? 0 : sum / weight;
}

/**
 * The feature row of `invoice` on its issue day, or on `asOfDay` (an open invoice scored later:
 * today). `customerInvoices` are the customer's invoices (any order, the invoice itself may be
 * among them): those settled before that day are its history, those issued before it and not
 * settled by then are open. The invoice's own terms, amount, month and weekday do not move.
 */
export function paymentFeatures(
  invoice: InvoiceFact,
  customerInvoices: readonly InvoiceFact[],
  channelEffect: number,
  asOfDay = invoice.issueDay,
): Float64Array {
  const day = asOfDay;
  const history = customerInvoices
    .filter((f) => f.settledDay !== null && f.settledDay < day)
    .sort((a, b) => (a.settledDay ?? 0) - (b.settledDay ?? 0));
  const open = customerInvoices.filter(
    (f) => f.issueDay < day && (f.settledDay === null || f.settledDay >= day) && f !== invoice,
  );
  const late = history.map(daysLate);
  const adjust = (f: InvoiceFact) => daysLate(f) - (f.electronic ? channelEffect : 0);
  const own = invoice.electronic ? channelEffect : 0;
  const undisputed = history.filter((f) => !f.disputed);
  const usualAmount = mean(history.map(amountOf));
  const issued = new Date(invoice.issueDay * 86_400_000);
  const average = mean(late);
  const sameMonth = history.filter((f) => monthOf(f.issueDay) === monthOf(invoice.issueDay));
  const sameChannel = history.filter((f) => f.electronic === invoice.electronic);
  const values: Record<PaymentFeatureName, number> = {
    history_count: history.length,
    usual_days_late: history.length ? median(history.map(adjust)) + own : 0,
    average_days_late_adjusted: history.length ? mean(history.map(adjust)) + own : 0,
    average_days_late: mean(late),
    spread_days_late: standardDeviation(late),
    recent_days_late: recentWeighted(late),
    last_days_late: late[late.length - 1] ?? 0,
    share_late: share(late, (d) => d > 0),
    share_late_over_5: share(late, (d) => d > 5),
    dispute_rate: share(history, (f) => f.disputed),
    usual_days_late_undisputed: undisputed.length ? median(undisputed.map(adjust)) + own : 0,
    open_count: open.length,
    open_amount: open.reduce((s, f) => s + amountOf(f), 0),
    amount: amountOf(invoice),
    amount_vs_usual: history.length ? amountOf(invoice) / Math.max(usualAmount, 1e-9) : 1,
    electronic: invoice.electronic ? 1 : 0,
    terms_days: invoice.dueDay - invoice.issueDay,
    month: issued.getUTCMonth() + 1,
    weekday: issued.getUTCDay(),
    same_month_vs_average: sameMonth.length ? mean(sameMonth.map(daysLate)) - average : 0,
    same_channel_vs_average: sameChannel.length ? mean(sameChannel.map(daysLate)) - average : 0,
    amount_effect: amountEffect(history, invoice),
    recent_vs_average: recentWeighted(late) - average,
    reminded_share: share(history, (f) => remindersBeforeSettlement(f) > 0),
    reminders_per_invoice: mean(history.map(remindersBeforeSettlement)),
    open_reminded: open.filter((f) => firstReminderDay(f) < day).length,
    ...promiseFeatures(customerInvoices, day),
  };
  return Float64Array.from(PAYMENT_FEATURES, ([name]) => values[name]);
}

/** Reminders of a settled invoice sent before the day it was settled (one sent that day crossed the payment). */
export function remindersBeforeSettlement(f: InvoiceFact): number {
  const settled = f.settledDay ?? Number.POSITIVE_INFINITY;
  let n = 0;
  for (const day of f.reminderDays ?? []) if (day < settled) n++;
  return n;
}

/** The day of an invoice's first reminder; +∞ when it had none. */
export function firstReminderDay(f: InvoiceFact): number {
  return f.reminderDays?.[0] ?? Number.POSITIVE_INFINITY;
}

/**
 * The customer's promises to pay (each once, over all its invoices) judged kept or broken before
 * `day`: the share kept (0 when none was judged) and the count broken. A cancelled promise and
 * one still open then count for neither.
 */
function promiseFeatures(
  customerInvoices: readonly InvoiceFact[],
  day: number,
): { promise_kept_rate: number; broken_promises: number } {
  const judged = new Map<string, PromiseFact>();
  for (const f of customerInvoices)
    for (const p of f.promises ?? [])
      if (p.judgedDay !== null && p.judgedDay < day && p.outcome !== 'cancelled') judged.set(p.promiseId, p);
  const outcomes = [...judged.values()];
  return {
    promise_kept_rate: share(outcomes, (p) => p.outcome === 'kept'),
    broken_promises: outcomes.filter((p) => p.outcome === 'broken').length,
  };
}

/** Month of a day number, 1–12 (UTC). */
export function monthOf(day: number): number {
  return new Date(day * 86_400_000).getUTCMonth() + 1;
}

/** log2 of an invoice's amount (major units; at least 1, so a zero amount is finite). */
export function logAmountOf(f: InvoiceFact): number {
  return Math.log2(Math.max(amountOf(f), 1));
}

/**
 * The customer's sensitivity to the invoice's size: the least-squares slope of its days late on
 * log2 of the amount over its history (days per doubling; 0 with fewer than 3 invoices or no
 * spread of amounts), times how far this invoice's log2 amount is from the history's mean.
 */
function amountEffect(history: readonly InvoiceFact[], invoice: InvoiceFact): number {
  const sums = { n: 0, a: 0, aa: 0, ad: 0, d: 0 };
  for (const f of history) {
    const a = logAmountOf(f);
    sums.n++;
    sums.a += a;
    sums.aa += a * a;
    sums.ad += a * daysLate(f);
    sums.d += daysLate(f);
  }
  return amountEffectOf(sums, logAmountOf(invoice));
}

/** Running sums of log2 amounts `a` and days late `d` over a history. */
export interface AmountSums {
  n: number;
  a: number;
  aa: number;
  ad: number;
  d: number;
}

export function amountEffectOf(s: AmountSums, logAmount: number): number {
  if (s.n < 3) return 0;
  const meanA = s.a / s.n;
  const variance = s.aa / s.n - meanA * meanA;
  if (variance < 1e-6) return 0;
  const slope = (s.ad / s.n - meanA * (s.d / s.n)) / variance;
  return slope * (logAmount - meanA);
}

export function daysLate(f: InvoiceFact): number {
  return (f.settledDay ?? f.dueDay) - f.dueDay;
}

export function amountOf(f: InvoiceFact): number {
  return Number(f.amountMinor) / 10 ** exponentOf(f.currency);
}

/** Recent payments count more: weights 1, 0.7, 0.49 … from the last one back. */
export function recentWeighted(values: readonly number[]): number {
  let sum = 0;
  let weight = 0;
  for (let i = values.length - 1, w = 1; i >= 0; i--, w *= 0.7) {
    sum += w * (values[i] ?? 0);
    weight += w;
  }
  return weight === 0 ? 0 : sum / weight;
}
