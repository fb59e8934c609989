/**
 * The invoices' outbound webhook events: `invoice.paid` when a payment leaves nothing open on an
 * invoice — told in the transaction that set its status to `paid`, from the one place each path
 * settles an invoice (`reduceOpen` for one allocation, `setOpenAmountsInTx` for a bulk batch).
 */
import type { Tx } from '../../db/client.ts';
import { formatAmount } from '../../shared/money.ts';
import { type NewWebhookEvent, recordWebhookEventsInTx } from '../webhooks/index.ts';
import type { InvoiceRow } from './invoice-queries.service.ts';

type Paid = Pick<InvoiceRow, 'invoiceId' | 'customerId' | 'number' | 'currency' | 'totalMinor'>;

/** Record `invoice.paid` for `invoices` (each just became paid) in `tx`. */
export function announcePaidInTx(tx: Tx, tenantId: string, invoices: readonly Paid[], at: Date) {
  const events: NewWebhookEvent[] = invoices.map((i) => ({
    type: 'invoice.paid',
    occurredAt: at,
    data: {
      invoiceId: i.invoiceId,
      customerId: i.customerId,
      number: i.number,
      amount: formatAmount(i.totalMinor, i.currency),
      currency: i.currency,
    },
  }));
  return recordWebhookEventsInTx(tx, tenantId, events);
}
