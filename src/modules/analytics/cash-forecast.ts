/**
 * The cash forecast's rules, free of I/O: which open amount is expected on which day, and how the
 * days add up into ISO weeks (Monday to Sunday) per currency. Exact money throughout (bigint minor
 * units of each item's own currency; currencies are never added together).
 *
 * A forecast is made **as of a day**: it knows the open items, promises and disputes at the end
 * of that day, and expects receipts from the next day on (`firstDay` = as-of + 1). Rules:
 * 1. An invoice in an open dispute is not expected: its whole open amount is shown apart.
 * 2. Promises to pay take precedence: each open promise (earliest promised day first) expects its
 *    amount on its promised day, taken from the open amounts of the invoices it names (oldest due
 *    first; a promise naming none covers the customer's undisputed open invoices in its currency),
 *    never more than they still have open.
 * 3. What no promise covers is expected on the day the `PaymentDayEstimator` gives.
 * 4. A day before `firstDay` (overdue, or a promise already past its day) is expected now: on
 *    `firstDay`, in the first week, counted as `overdue` too.
 * 5. Receipts after the last week's Sunday are summed as `later`.
 */

import { addDays, type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import type { EstimateMethod, OpenInvoiceToEstimate, PaymentDayEstimator } from './payment-day-estimator.ts';

/** The default and the longest horizon, in weeks. */
export const DEFAULT_FORECAST_WEEKS = 13;
export const MAX_FORECAST_WEEKS = 26;

export interface ForecastOpenItem extends OpenInvoiceToEstimate {
  /** In an open dispute on the as-of day. */
  readonly disputed: boolean;
}

export interface ForecastPromise {
  readonly promiseId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly promisedOn: CalendarDate;
  /** The invoices it names; empty: the customer's open invoices in `currency`. */
  readonly invoiceIds: readonly string[];
}

/** One expected payment of (part of) one invoice. */
export interface ExpectedReceipt {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  /** The day it is expected on (never before `firstDay`). */
  readonly day: CalendarDate;
  /** The day the promise or the estimate named, before rule 4. */
  readonly estimatedDay: CalendarDate;
  readonly source: 'promise' | EstimateMethod;
  /** Its day was before `firstDay`: expected now. */
  readonly overdue: boolean;
}

export interface ExpectedReceipts {
  readonly receipts: ExpectedReceipt[];
  /** The items in an open dispute, not expected. */
  readonly disputed: ForecastOpenItem[];
}

/** The day a receipt counts on: `day`, or `firstDay` when `day` is earlier (rule 4). */
function clamp(day: CalendarDate, firstDay: CalendarDate): { day: CalendarDate; overdue: boolean } {
  return day < firstDay ? { day: firstDay, overdue: true } : { day, overdue: false };
}

function byDueDate(a: ForecastOpenItem, b: ForecastOpenItem): number {
  const ad = a.dueDate ?? a.issueDate;
  const bd = b.dueDate ?? b.issueDate;
  return ad < bd ? -1 : ad > bd ? 1 : a.invoiceId.localeCompare(b.invoiceId);
}

/** The undisputed items a promise covers, oldest due first (rule 2). */
function coveredBy(p: ForecastPromise, undisputed: readonly ForecastOpenItem[]): ForecastOpenItem[] {
  const named = new Set(p.invoiceIds);
  return undisputed
    .filter((i) =>
      named.size > 0 ? named.has(i.invoiceId) : i.customerId === p.customerId && i.currency === p.currency,
    )
    .sort(byDueDate);
}

/** Rule 2: each promise's amount against its invoices' open amounts; lowers `open` by what it takes. */
function promisedReceipts(
  promises: readonly ForecastPromise[],
  undisputed: readonly ForecastOpenItem[],
  open: Map<string, bigint>,
  firstDay: CalendarDate,
): ExpectedReceipt[] {
  const ordered = [...promises].sort((a, b) =>
    a.promisedOn < b.promisedOn
      ? -1
      : a.promisedOn > b.promisedOn
        ? 1
        : a.promiseId.localeCompare(b.promiseId),
  );
  const receipts: ExpectedReceipt[] = [];
  for (const p of ordered) {
    let left = p.amountMinor;
    for (const item of coveredBy(p, undisputed)) {
      const take = min(left, open.get(item.invoiceId) ?? 0n);
      if (take <= 0n) continue;
      open.set(item.invoiceId, (open.get(item.invoiceId) ?? 0n) - take);
      left -= take;
      const at = clamp(p.promisedOn, firstDay);
      receipts.push({ ...receiptOf(item, take), ...at, estimatedDay: p.promisedOn, source: 'promise' });
    }
  }
  return receipts;
}

function receiptOf(item: ForecastOpenItem, amountMinor: bigint) {
  return { invoiceId: item.invoiceId, customerId: item.customerId, currency: item.currency, amountMinor };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/**
 * Rules 1–4: every open item's expected receipts as of the day before `firstDay`. Σ receipts of an
 * item = its open amount unless it is disputed (then it is in `disputed` and has none).
 */
export function expectedReceipts(
  items: readonly ForecastOpenItem[],
  promises: readonly ForecastPromise[],
  estimator: PaymentDayEstimator,
  firstDay: CalendarDate,
): ExpectedReceipts {
  const undisputed = items.filter((i) => !i.disputed && i.openMinor > 0n);
  const open = new Map(undisputed.map((i) => [i.invoiceId, i.openMinor]));
  const receipts = promisedReceipts(promises, undisputed, open, firstDay);
  for (const item of undisputed) {
    const rest = open.get(item.invoiceId) ?? 0n;
    if (rest <= 0n) continue;
    const estimate = estimator.estimate(item);
    const at = clamp(estimate.day, firstDay);
    receipts.push({ ...receiptOf(item, rest), ...at, estimatedDay: estimate.day, source: estimate.method });
  }
  return { receipts, disputed: items.filter((i) => i.disputed && i.openMinor > 0n) };
}

/** The Monday of the ISO week `day` falls in. `mondayOf('2027-01-01') === '2026-12-28'`. */
export function mondayOf(day: CalendarDate): CalendarDate {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/** The ISO 8601 week of a day, `YYYY-Www`: the year is the one its Thursday falls in. */
export function isoWeekOf(day: CalendarDate): string {
  const thursday = addDays(mondayOf(day), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
