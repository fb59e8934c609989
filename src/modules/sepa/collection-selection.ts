/**
 * Which invoices a collection run takes, as a pure rule: per customer the active mandate signed
 * last (a customer with two mandates is collected under the newer one); the customer's open
 * invoices due on or before the collection date whose pre-notification (the invoice itself, which
 * states the debit) went out at least `preNotificationDays` before it; none held by another run.
 */
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import type { MandateRow } from './sepa.repository.ts';

export interface OpenInvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly customerId: string;
  readonly issueDate: CalendarDate | null;
  readonly dueDate: CalendarDate | null;
  readonly openMinor: bigint;
}

export interface Selected {
  readonly invoice: OpenInvoice;
  readonly mandate: MandateRow;
}

/** The newest active mandate of each customer (signature date, then reference). */
export function mandatePerCustomer(mandates: readonly MandateRow[]): Map<string, MandateRow> {
  const chosen = new Map<string, MandateRow>();
  for (const m of mandates) {
    if (m.status !== 'active') continue;
    const current = chosen.get(m.customerId);
    const newer =
      !current ||
      m.signedOn > current.signedOn ||
      (m.signedOn === current.signedOn && m.reference > current.reference);
    if (newer) chosen.set(m.customerId, m);
  }
  return chosen;
}

/** The invoices to collect on `collectionDate`, in customer then due-date order as given. */
export function selectInvoices(
  invoices: readonly OpenInvoice[],
  mandates: ReadonlyMap<string, MandateRow>,
  held: ReadonlySet<string>,
  collectionDate: CalendarDate,
  preNotificationDays: number,
): Selected[] {
  const notifiedBy = addDays(collectionDate, -preNotificationDays);
  const out: Selected[] = [];
  for (const invoice of invoices) {
    const mandate = mandates.get(invoice.customerId);
    if (!mandate || held.has(invoice.invoiceId) || invoice.openMinor <= 0n) continue;
    const due = invoice.dueDate ?? invoice.issueDate;
    if (!due || due > collectionDate) continue;
    if (!invoice.issueDate || invoice.issueDate > notifiedBy) continue;
    out.push({ invoice, mandate });
  }
  return out;
}
