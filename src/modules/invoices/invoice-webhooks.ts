/**
 * The invoices' outbound webhook events: `invoice.paid` when a payment leaves nothing open on an
 * invoice — told in the transaction that set its status to `paid`, from the one place each path
 * settles an invoice (`reduceOpen` for one allocation, `setOpenAmountsInTx` for a bulk batch) —
 * and `invoice.overdue`, once per invoice, by the daily scan `announceOverdueInvoices`.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';
import type { CoreDeps } from '../core-deps.ts';
import { hasWebhookSubscribers, type NewWebhookEvent, recordWebhookEventsInTx } from '../webhooks/index.ts';
import type { InvoiceRow } from './invoice-queries.service.ts';
import * as repo from './invoices.repository.ts';

/** How far back the scan looks: an invoice that fell due while no scan ran for up to 30 days is still told. */
export const OVERDUE_LOOKBACK_DAYS = 30;
/** The most invoices one scan tells; the rest are told by the next. */
export const OVERDUE_MAX_PER_SCAN = 5_000;

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

/**
 * Record `invoice.overdue` for every invoice open and past due as of `asOf` that fell due within
 * the last `OVERDUE_LOOKBACK_DAYS` days — once per invoice, ever (dedupe key
 * `invoice.overdue:<id>`). Nothing is read when no endpoint takes the event.
 */
export function announceOverdueInvoices(deps: CoreDeps, tenantId: string, asOf: CalendarDate) {
  return withTransaction(deps.db, async (tx) => {
    if (!(await hasWebhookSubscribers(tx, tenantId, 'invoice.overdue'))) return { told: 0 };
    const from = addDays(asOf, -OVERDUE_LOOKBACK_DAYS);
    const rows = await repo.overdueDueBetween(tx, tenantId, from, asOf, OVERDUE_MAX_PER_SCAN);
    const at = deps.clock.now();
    const events: NewWebhookEvent[] = rows.map((i) => ({
      type: 'invoice.overdue',
      occurredAt: at,
      dedupeKey: `invoice.overdue:${i.invoiceId}`,
      data: {
        invoiceId: i.invoiceId,
        customerId: i.customerId,
        number: i.number,
        dueDate: i.dueDate,
        open: formatAmount(i.openMinor, i.currency),
        currency: i.currency,
        asOf,
      },
    }));
    return { told: await recordWebhookEventsInTx(tx, tenantId, events) };
  });
}
