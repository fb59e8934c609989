/**
 * When will an open invoice be paid? The one seam through which the cash forecast asks it: a
 * `PaymentDayEstimator` turns an open invoice into an expected payment day and says how it got
 * there. Today's estimator reads the customer's habit as of the forecast day
 * (`customerHistoryEstimator`); the trained payment-date model can take its place later by
 * implementing the same interface, with nothing else in the forecast changing.
 */

import { addDays, type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import { groupBy } from '../../shared/group-by.ts';
import { electronicEffect, featureIndex, type InvoiceFact, paymentFeatures } from './payment-features.ts';

/** An open invoice as the estimator sees it. */
export interface OpenInvoiceToEstimate {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly issueDate: CalendarDate;
  /** Null for a document without a due date (then the issue date stands in for it). */
  readonly dueDate: CalendarDate | null;
  readonly openMinor: bigint;
}

/**
 * How an expected day was found: `payment_model` — the due date moved by the days late the
 * tenant's trained payment-date model predicts for the invoice; `customer_history` — the due date
 * moved by the customer's usual days late; `due_date` — the customer has no invoice settled before
 * the forecast day, so the due date itself.
 */
export type EstimateMethod = 'payment_model' | 'customer_history' | 'due_date';

export interface PaymentDayEstimate {
  readonly day: CalendarDate;
  readonly method: EstimateMethod;
  /** Whole days after the due date (negative: early) the estimate assumes. */
  readonly daysLate: number;
  /** How many of the customer's settled invoices it rests on (0 for `due_date`). */
  readonly basedOn: number;
}

export interface PaymentDayEstimator {
  estimate(invoice: OpenInvoiceToEstimate): PaymentDayEstimate;
}

/** Which estimator a forecast used: the trained model (with the customer's history where it has no answer) or the history alone. */
export type EstimatorName = 'payment_model' | 'customer_history';

const EPOCH: CalendarDate = '1970-01-01';

/** Whole days since 1970-01-01, the day numbers of `InvoiceFact`. */
export function dayNumber(date: CalendarDate): number {
  return daysBetween(EPOCH, date);
}

export function dayOfNumber(day: number): CalendarDate {
  return addDays(EPOCH, day);
}

/** Half away from zero, like every rounding in cashloop: 2.5 → 3, −2.5 → −3. */
function roundDays(days: number): number {
  return Math.sign(days) * Math.round(Math.abs(days));
}

/**
 * The customer-history estimator as of `asOf`: an invoice is expected on its due date plus the
 * customer's **usual days late** — `payment-features`' `usual_days_late`, the median over the
 * customer's invoices settled before `asOf` (adjusted for the delivery channel as the model's
 * start is), rounded half away from zero. A customer with no such invoice: the due date.
 * `history` may hold any invoices of the tenant; only those settled before `asOf` are read, so a
 * forecast made on a past day knows only that day's past (no leakage into a back-test).
 *
 * Example: settled 3, 10 and 5 days late before `asOf` → an invoice due 2027-01-04 is expected
 * 2027-01-09 (median 5).
 */
export function customerHistoryEstimator(
  history: readonly InvoiceFact[],
  asOf: CalendarDate,
): PaymentDayEstimator {
  const day = dayNumber(asOf);
  const known = history.filter((f) => f.settledDay !== null && f.settledDay < day);
  const channel = electronicEffect(known);
  const byCustomer = groupBy(known, (f) => f.customerId);
  const usual = new Map<string, { daysLate: number; basedOn: number }>();
  const usualOf = (customerId: string) => {
    let found = usual.get(customerId);
    if (!found) {
      found = usualDaysLate(byCustomer.get(customerId) ?? [], customerId, day, channel);
      usual.set(customerId, found);
    }
    return found;
  };
  return {
    estimate(invoice) {
      const due = invoice.dueDate ?? invoice.issueDate;
      const { daysLate, basedOn } = usualOf(invoice.customerId);
      if (basedOn === 0) return { day: due, method: 'due_date', daysLate: 0, basedOn };
      return { day: addDays(due, daysLate), method: 'customer_history', daysLate, basedOn };
    },
  };
}

/**
 * The customer's usual days late as of `day`, read from its feature row: the features are those
 * of an invoice issued that day (paper delivery: cashloop records the channel per customer, not per
 * invoice, so the channel effect is 0 unless the history says otherwise).
 */
function usualDaysLate(
  customerInvoices: readonly InvoiceFact[],
  customerId: string,
  day: number,
  channel: number,
): { daysLate: number; basedOn: number } {
  const probe: InvoiceFact = {
    customerId,
    issueDay: day,
    dueDay: day,
    settledDay: null,
    amountMinor: 0n,
    currency: 'EUR',
    electronic: false,
    disputed: false,
  };
  const row = paymentFeatures(probe, customerInvoices, channel);
  const basedOn = row[featureIndex('history_count')] ?? 0;
  return { daysLate: roundDays(row[featureIndex('usual_days_late')] ?? 0), basedOn };
}
