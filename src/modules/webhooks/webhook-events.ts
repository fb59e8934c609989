/**
 * The event catalogue of outbound webhooks, and the pure mapping from a posted journal entry to the
 * events it tells (`invoice.issued`, `payment.received`, `payment.applied`). Every event's payload
 * is `{ type, timestamp, data }`; `data` holds ids, amounts (decimal strings with their currency)
 * and dates — an integrator reads the rest through the API by id.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';

export const WEBHOOK_EVENT_TYPES = [
  'invoice.issued',
  'invoice.paid',
  'invoice.overdue',
  'payment.received',
  'payment.applied',
  'dispute.opened',
  'dispute.resolved',
  'promise.broken',
  'customer.credit_hold',
  'dunning.letter_sent',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What each type means, for the event-type list of the API and docs/webhooks.md. */
export const EVENT_TYPE_SUMMARIES: Record<WebhookEventType, string> = {
  'invoice.issued': 'An invoice was issued (its number taken, its journal entry posted)',
  'invoice.paid': 'A payment allocated to an invoice left nothing open on it',
  'invoice.overdue': 'An open invoice passed its due date (told once per invoice)',
  'payment.received': 'A receipt was recorded (by hand, from a file, from a bank statement line)',
  'payment.applied': 'Part of a receipt was allocated to an invoice',
  'dispute.opened': 'A dispute was opened on invoices of a customer',
  'dispute.resolved': 'A dispute was resolved',
  'promise.broken': 'A promise to pay was not kept by its date and grace',
  'customer.credit_hold': 'A customer was put on credit hold',
  'dunning.letter_sent': 'A dunning letter was sent (e-mail delivered or letter printed)',
};

/** One event to record: its type, its data, and when it happened. */
export interface NewWebhookEvent {
  readonly type: WebhookEventType;
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date;
  /** Told once per key, ever: an event whose key was recorded before is left out. */
  readonly dedupeKey?: string;
}

/** The posted entry as the ledger hands it over (a structural copy of its draft). */
export interface PostedEntry {
  readonly entryId: string;
  readonly eventCode: string;
  readonly effectiveDate: CalendarDate;
  readonly lines: readonly {
    readonly role: string;
    readonly currency: string;
    readonly amountMinor: bigint;
    readonly customerId?: string | null | undefined;
    readonly invoiceId?: string | null | undefined;
    readonly receiptId?: string | null | undefined;
  }[];
}

const amountOf = (minor: bigint, currency: string) => ({ amount: formatAmount(minor, currency), currency });

/**
 * The events a posted entry tells, or none. `invoice.issued` from the AR debit of the issue entry;
 * `payment.received` from the AR credit of a recorded receipt; `payment.applied` from the AR
 * credit of an allocation (the invoice's side).
 */
export function eventsOfEntry(entry: PostedEntry, at: Date): NewWebhookEvent[] {
  const out: NewWebhookEvent[] = [];
  for (const l of entry.lines) {
    if (l.role !== 'ar_control') continue;
    const type = typeOfLine(entry.eventCode, l);
    if (!type) continue;
    const magnitude = l.amountMinor < 0n ? -l.amountMinor : l.amountMinor;
    const data: Record<string, unknown> = {
      customerId: l.customerId ?? null,
      ...(l.invoiceId ? { invoiceId: l.invoiceId } : {}),
      ...(l.receiptId ? { receiptId: l.receiptId } : {}),
      ...amountOf(magnitude, l.currency),
      date: entry.effectiveDate,
      journalEntryId: entry.entryId,
    };
    out.push({ type, data, occurredAt: at });
  }
  return out;
}

function typeOfLine(eventCode: string, l: PostedEntry['lines'][number]): WebhookEventType | null {
  if (eventCode === 'invoice.issued' && l.amountMinor > 0n && l.invoiceId) return 'invoice.issued';
  if (eventCode === 'receipt.recorded' && l.amountMinor < 0n && l.receiptId) return 'payment.received';
  if (eventCode === 'receipt.allocated' && l.amountMinor < 0n && l.invoiceId) return 'payment.applied';
  return null;
}
