/**
 * The rules that turn a tenant's invoices and their AR movements in the journal into the facts the
 * payment-date model learns from (analytics' `InvoiceFact`), as of a day:
 *
 * - only what happened on or before the day counts: invoices issued by then, journal entries
 *   effective by then (an invoice paid after the day is open on it — no leakage);
 * - an invoice is **settled** on the last day its AR moved when its AR balance is then nil (or
 *   below) and a receipt moved it that day (a payment, its allocation or its short-payment
 *   write-off) — the settlement comes from the ledger, never from the mutable status;
 * - an invoice whose AR was cleared by a credit note, a write-off or a void is no payment: it is
 *   left out (neither history nor open);
 * - an invoice with AR still open is open;
 * - its reminders are the dunning letters that reached the customer, sent on or before the day;
 *   its promises to pay those made on or before the day, judged only if judged by then.
 */

import type { SQL } from 'drizzle-orm';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { InvoiceFact, PromiseFact } from '../analytics/index.ts';

/**
 * A port: where the facts read the promises to pay, which the collections module owns and which
 * sits above this one (collections' `paymentFactSources`; the callers hand it in).
 * `promises(tenantId, asOf)`: one row per promise made on or before `asOf` and invoice it names —
 * `promise_id`, `invoice_id`, `made_on`, `promised_on` (`YYYY-MM-DD`), `judged_on` and `outcome`
 * (`kept`, `broken`, `cancelled`) when judged by `asOf`, else both null.
 */
export interface PaymentFactSources {
  readonly promises: (tenantId: string, asOf: CalendarDate) => SQL;
}

/** A reminder of an invoice (payment-facts.queries.ts). */
export interface InvoiceReminderRow {
  readonly invoice_id: string;
  readonly sent_on: CalendarDate;
}

/** A promise to pay naming an invoice, as known on the as-of day (payment-facts.queries.ts). */
export interface InvoicePromiseRow {
  readonly promise_id: string;
  readonly invoice_id: string;
  readonly made_on: CalendarDate;
  readonly promised_on: CalendarDate;
  readonly judged_on: CalendarDate | null;
  readonly outcome: 'kept' | 'broken' | 'cancelled' | null;
}

/** One billed invoice with its AR movements summed up to the as-of day (payment-facts.queries.ts). */
export interface InvoiceLedgerRow {
  readonly invoice_id: string;
  readonly customer_id: string;
  readonly currency: string;
  readonly issue_date: CalendarDate;
  readonly due_date: CalendarDate;
  readonly total_minor: bigint;
  readonly electronic: boolean;
  readonly disputed: boolean;
  /** Σ AR movements of the invoice effective by the as-of day; null when none. */
  readonly balance_minor: bigint | null;
  /** The last effective day of those movements. */
  readonly last_moved_on: CalendarDate | null;
  /** A receipt moved the invoice's AR on that last day. */
  readonly receipt_on_last_day: boolean | null;
}

/** An invoice fact that remembers its invoice. */
export interface TenantInvoiceFact extends InvoiceFact {
  readonly invoiceId: string;
}

/** Whole days since 1970-01-01 (UTC) of a calendar date. */
export function dayNumber(date: CalendarDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** The calendar date of a day number. */
export function dateOfDay(day: number): CalendarDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The invoice as a fact, or null when it is not one (no AR movement, or cleared without a payment). */
export function factOf(row: InvoiceLedgerRow): TenantInvoiceFact | null {
  if (row.balance_minor === null || row.last_moved_on === null) return null;
  const cleared = row.balance_minor <= 0n;
  if (cleared && row.receipt_on_last_day !== true) return null;
  return {
    invoiceId: row.invoice_id,
    customerId: row.customer_id,
    issueDay: dayNumber(row.issue_date),
    dueDay: dayNumber(row.due_date),
    settledDay: cleared ? dayNumber(row.last_moved_on) : null,
    amountMinor: BigInt(row.total_minor),
    currency: row.currency,
    electronic: row.electronic === true,
    disputed: row.disputed === true,
  };
}

/**
 * The facts of `rows`, in issue order (ties by invoice id), those that are facts, each with its
 * reminders (ascending days) and promises from `reminders` and `promises`.
 */
export function factsOf(
  rows: readonly InvoiceLedgerRow[],
  reminders: readonly InvoiceReminderRow[] = [],
  promises: readonly InvoicePromiseRow[] = [],
): TenantInvoiceFact[] {
  const reminderDays = groupDays(reminders);
  const promisesOf = groupPromises(promises);
  const facts: TenantInvoiceFact[] = [];
  for (const row of rows) {
    const fact = factOf(row);
    if (!fact) continue;
    const days = reminderDays.get(row.invoice_id);
    const named = promisesOf.get(row.invoice_id);
    facts.push(days || named ? { ...fact, reminderDays: days ?? [], promises: named ?? [] } : fact);
  }
  return facts.sort((a, b) => a.issueDay - b.issueDay || (a.invoiceId < b.invoiceId ? -1 : 1));
}

function groupDays(reminders: readonly InvoiceReminderRow[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of reminders) {
    const days = out.get(r.invoice_id) ?? [];
    days.push(dayNumber(r.sent_on));
    out.set(r.invoice_id, days);
  }
  for (const days of out.values()) days.sort((a, b) => a - b);
  return out;
}

function groupPromises(promises: readonly InvoicePromiseRow[]): Map<string, PromiseFact[]> {
  const out = new Map<string, PromiseFact[]>();
  for (const p of promises) {
    const list = out.get(p.invoice_id) ?? [];
    list.push({
      promiseId: p.promise_id,
      madeDay: dayNumber(p.made_on),
      promisedDay: dayNumber(p.promised_on),
      judgedDay: p.judged_on === null ? null : dayNumber(p.judged_on),
      outcome: p.judged_on === null ? null : p.outcome,
    });
    out.set(p.invoice_id, list);
  }
  return out;
}
