/**
 * The feature rows of many invoices of one customer in one pass over its history — the same rows
 * as `paymentFeatures` (payment-features.ts, the definition) computed one invoice at a time, which
 * re-reads the whole history per invoice. Here the queries are taken in order of their day, the
 * customer's invoices join the history in order of settlement (ties in the customer's order, as
 * the definition's stable sort) and the open items in order of issue; each statistic is kept
 * running (sums, sorted lists for the medians). A property test checks both give the same rows
 * (sums in another order may differ in the last bits: standard deviation, recent weights, open
 * amount, the amount slope). The customer's promises to pay join in order of the day they were
 * judged, each once however many of its invoices it names.
 */
import {
  type AmountSums,
  amountEffectOf,
  amountOf,
  daysLate,
  firstReminderDay,
  type InvoiceFact,
  logAmountOf,
  monthOf,
  PAYMENT_FEATURES,
  type PaymentFeatureName,
  type PromiseFact,
  remindersBeforeSettlement,
} from './payment-features.ts';

/** An invoice to compute the features of, as of a day (its issue day for training). */
export interface FeatureQuery {
  readonly invoice: InvoiceFact;
  readonly asOfDay: number;
}

/** The running statistics of the history so far (invoices settled before the current day). */
class RunningHistory {
  count = 0;
  sumLate = 0;
  sumAdjusted = 0;
  sumSquares = 0;
  recentSum = 0;
  recentWeight = 0;
  last = 0;
  lateCount = 0;
  over5Count = 0;
  disputedCount = 0;
  sumAmount = 0;
  remindedCount = 0;
  reminderSum = 0;
  promisesKept = 0;
  promisesBroken = 0;
  readonly adjusted: number[] = [];
  readonly adjustedUndisputed: number[] = [];
  readonly monthSum = new Float64Array(13);
  readonly monthCount = new Int32Array(13);
  readonly channelSum = new Float64Array(2);
  readonly channelCount = new Int32Array(2);
  readonly amounts: AmountSums = { n: 0, a: 0, aa: 0, ad: 0, d: 0 };

  constructor(private readonly channelEffect: number) {}

  add(f: InvoiceFact): void {
    const d = daysLate(f);
    const adjusted = d - (f.electronic ? this.channelEffect : 0);
    this.count++;
    this.sumLate += d;
    this.sumAdjusted += adjusted;
    this.sumSquares += d * d;
    this.recentSum = d + 0.7 * this.recentSum;
    this.recentWeight = 1 + 0.7 * this.recentWeight;
    this.last = d;
    if (d > 0) this.lateCount++;
    if (d > 5) this.over5Count++;
    if (f.disputed) this.disputedCount++;
    else insertSorted(this.adjustedUndisputed, adjusted);
    insertSorted(this.adjusted, adjusted);
    this.sumAmount += amountOf(f);
    const reminders = remindersBeforeSettlement(f);
    if (reminders > 0) this.remindedCount++;
    this.reminderSum += reminders;
    const month = monthOf(f.issueDay);
    this.monthSum[month] = (this.monthSum[month] ?? 0) + d;
    this.monthCount[month] = (this.monthCount[month] ?? 0) + 1;
    const channel = f.electronic ? 1 : 0;
    this.channelSum[channel] = (this.channelSum[channel] ?? 0) + d;
    this.channelCount[channel] = (this.channelCount[channel] ?? 0) + 1;
    const a = logAmountOf(f);
    this.amounts.n++;
    this.amounts.a += a;
    this.amounts.aa += a * a;
    this.amounts.ad += a * d;
    this.amounts.d += d;
  }

  judge(p: PromiseFact): void {
    if (p.outcome === 'kept') this.promisesKept++;
    else this.promisesBroken++;
  }
}

/** The customer's promises judged kept or broken (not cancelled, not open), each once, by the day judged. */
function judgedPromises(customerInvoices: readonly InvoiceFact[]): PromiseFact[] {
  const byId = new Map<string, PromiseFact>();
  for (const f of customerInvoices)
    for (const p of f.promises ?? [])
      if (p.judgedDay !== null && p.outcome !== 'cancelled' && !byId.has(p.promiseId))
        byId.set(p.promiseId, p);
  return [...byId.values()].sort((a, b) => (a.judgedDay ?? 0) - (b.judgedDay ?? 0));
}

/**
 * The feature rows of `queries` (invoices of the customer whose invoices are `customerInvoices`),
 * in the order of `queries`; equal to `paymentFeatures(q.invoice, customerInvoices, channelEffect,
 * q.asOfDay)` for each.
 */
export function customerFeatureRows(
  customerInvoices: readonly InvoiceFact[],
  queries: readonly FeatureQuery[],
  channelEffect: number,
): Float64Array[] {
  const bySettlement = customerInvoices
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f.settledDay !== null)
    .sort((a, b) => (a.f.settledDay ?? 0) - (b.f.settledDay ?? 0) || a.i - b.i);
  const byIssue = customerInvoices.map((f, i) => ({ f, i })).sort((a, b) => a.f.issueDay - b.f.issueDay);
  const position = new Map(customerInvoices.map((f, i) => [f, i]));
  const issued = new Uint8Array(customerInvoices.length);
  const settled = new Uint8Array(customerInvoices.length);
  const history = new RunningHistory(channelEffect);
  const open: OpenItems = { count: 0, amount: 0, reminded: 0 };
  const reminded = new Uint8Array(customerInvoices.length);
  const byReminder = byIssue
    .map(({ f, i }) => ({ f, i, day: Math.max(f.issueDay, firstReminderDay(f)) }))
    .filter(({ day }) => Number.isFinite(day))
    .sort((a, b) => a.day - b.day);
  const order = queries
    .map((_, q) => q)
    .sort((a, b) => (queries[a]?.asOfDay ?? 0) - (queries[b]?.asOfDay ?? 0));
  const rows = new Array<Float64Array>(queries.length);
  const promises = judgedPromises(customerInvoices);
  let s = 0;
  let k = 0;
  let p = 0;
  let r = 0;
  for (const q of order) {
    const { invoice, asOfDay } = queries[q] as FeatureQuery;
    for (; p < promises.length && (promises[p]?.judgedDay ?? 0) < asOfDay; p++)
      history.judge(promises[p] as PromiseFact);
    for (; s < bySettlement.length && (bySettlement[s]?.f.settledDay ?? 0) < asOfDay; s++) {
      const { f, i } = bySettlement[s] as { f: InvoiceFact; i: number };
      history.add(f);
      settled[i] = 1;
      if (issued[i]) moveOpen(open, f, -1);
      if (reminded[i]) open.reminded--;
      reminded[i] = 0;
    }
    for (; k < byIssue.length && (byIssue[k]?.f.issueDay ?? 0) < asOfDay; k++) {
      const { f, i } = byIssue[k] as { f: InvoiceFact; i: number };
      issued[i] = 1;
      if (!settled[i]) moveOpen(open, f, 1);
    }
    // Open and reminded: issued and first reminded before the day, not settled before it.
    for (; r < byReminder.length && (byReminder[r]?.day ?? 0) < asOfDay; r++) {
      const { i } = byReminder[r] as { i: number };
      if (!settled[i]) {
        reminded[i] = 1;
        open.reminded++;
      }
    }
    const own = position.get(invoice);
    const self = own !== undefined && issued[own] && !settled[own];
    const ownReminded = own !== undefined && reminded[own] ? 1 : 0;
    const openHere = self
      ? {
          count: open.count - 1,
          amount: open.amount - amountOf(invoice),
          reminded: open.reminded - ownReminded,
        }
      : { ...open };
    rows[q] = rowOf(history, openHere, invoice, channelEffect);
  }
  return rows;
}

interface OpenItems {
  count: number;
  amount: number;
  /** Of them, those that have had a reminder. */
  reminded: number;
}

function moveOpen(open: OpenItems, f: InvoiceFact, sign: 1 | -1): void {
  open.count += sign;
  open.amount += sign * amountOf(f);
}

function rowOf(
  h: RunningHistory,
  open: OpenItems,
  invoice: InvoiceFact,
  channelEffect: number,
): Float64Array {
  const n = h.count;
  const own = invoice.electronic ? channelEffect : 0;
  const average = n ? h.sumLate / n : 0;
  const recent = h.recentWeight === 0 ? 0 : h.recentSum / h.recentWeight;
  const amount = amountOf(invoice);
  const issued = new Date(invoice.issueDay * 86_400_000);
  const month = issued.getUTCMonth() + 1;
  const channel = invoice.electronic ? 1 : 0;
  const monthCount = h.monthCount[month] ?? 0;
  const channelCount = h.channelCount[channel] ?? 0;
  const values: Record<PaymentFeatureName, number> = {
    history_count: n,
    usual_days_late: n ? sortedMedian(h.adjusted) + own : 0,
    average_days_late_adjusted: n ? h.sumAdjusted / n + own : 0,
    average_days_late: average,
    spread_days_late: n < 2 ? 0 : Math.sqrt(Math.max(0, h.sumSquares / n - average * average)),
    recent_days_late: recent,
    last_days_late: h.last,
    share_late: n ? h.lateCount / n : 0,
    share_late_over_5: n ? h.over5Count / n : 0,
    dispute_rate: n ? h.disputedCount / n : 0,
    usual_days_late_undisputed: h.adjustedUndisputed.length ? sortedMedian(h.adjustedUndisputed) + own : 0,
    open_count: open.count,
    open_amount: open.amount,
    amount,
    amount_vs_usual: n ? amount / Math.max(h.sumAmount / n, 1e-9) : 1,
    electronic: channel,
    terms_days: invoice.dueDay - invoice.issueDay,
    month,
    weekday: issued.getUTCDay(),
    same_month_vs_average: monthCount ? (h.monthSum[month] ?? 0) / monthCount - average : 0,
    same_channel_vs_average: channelCount ? (h.channelSum[channel] ?? 0) / channelCount - average : 0,
    amount_effect: amountEffectOf(h.amounts, logAmountOf(invoice)),
    recent_vs_average: recent - average,
    reminded_share: n ? h.remindedCount / n : 0,
    reminders_per_invoice: n ? h.reminderSum / n : 0,
    open_reminded: open.reminded,
    promise_kept_rate:
      h.promisesKept + h.promisesBroken ? h.promisesKept / (h.promisesKept + h.promisesBroken) : 0,
    broken_promises: h.promisesBroken,
  };
  const row = new Float64Array(PAYMENT_FEATURES.length);
  for (let j = 0; j < row.length; j++)
    row[j] = values[(PAYMENT_FEATURES[j] as (typeof PAYMENT_FEATURES)[number])[0]];
  return row;
}

function insertSorted(values: number[], value: number): void {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  values.splice(lo, 0, value);
}

function sortedMedian(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
