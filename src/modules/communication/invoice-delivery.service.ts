/**
 * Invoices reach the customer the moment they are issued: every issued invoice and credit note of
 * a customer who takes documents by email is queued to the outbox with its PDF, and with its
 * e-invoice XML when the customer has an e-invoice format (both rendered at the first attempt, then
 * stored; a message whose e-invoice cannot be made goes with the PDF alone and says why) — by the
 * `invoices.deliver` job the issuing transaction triggers,
 * and by its sweep every minute, which also catches what was issued where no scheduler runs.
 * Each is delivered once (the dedupe key `invoice:<id>`); sending again is a separate act.
 */

import type { Tx } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { invalidState } from '../../shared/errors.ts';
import { newId, uuidV7Floor } from '../../shared/ids.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { customerRefs, type EinvoicePreference } from '../customers/index.ts';
import { getInvoiceRowOrThrow, getInvoicesByIds, type InvoiceRow } from '../invoices/index.ts';
import type { QueueMessageInput } from '../messaging/index.ts';
import { type QueuedMessage, queueMessages } from '../messaging/index.ts';
import { invoiceDeliveryKey, undeliveredInvoiceIds } from './communication.repository.ts';
import { getDeliverySettings } from './delivery-settings.service.ts';
import { notifyOutbox } from './notify-outbox.ts';

/** Invoices issued longer ago than this and never delivered are left to people (send by hand). */
const AUTO_DELIVERY_WINDOW_DAYS = 7;
/** Drafts are issued within this many days of being created, or are left to people too. */
const CREATED_WINDOW_DAYS = 60;
const DAY_MS = 86_400_000;

const money = (amountMinor: bigint, currency: string) => ({ amountMinor, currency });

/** What an invoice's message needs beyond its row. */
interface InvoiceMailFacts {
  /** A credit note's credited invoice's number. */
  readonly creditedNumber: string | null;
  /** The customer's e-invoice format: the XML is attached beside the PDF, Factur-X replaces it; null: the PDF alone. */
  readonly einvoiceFormat: EinvoicePreference | null;
}

/**
 * The attachments of an invoice's message, rendered at first send: its PDF, and its e-invoice in
 * `einvoiceFormat` (optional: left out, with the reason on the message, when it cannot be made).
 * Factur-X is the PDF itself: it replaces the plain PDF, which is sent instead (the reason on the
 * message) when the Factur-X cannot be made.
 */
function invoiceAttachments(invoice: InvoiceRow, einvoiceFormat: EinvoicePreference | null) {
  const stem = (invoice.number ?? '').replace(/[^A-Za-z0-9._-]/g, '_');
  const plain = { kind: 'invoice' as const, invoiceId: invoice.invoiceId };
  const pdf = { render: plain, fileName: `${stem}.pdf`, contentType: 'application/pdf' };
  if (!einvoiceFormat) return [pdf];
  if (einvoiceFormat === 'facturx')
    return [
      {
        ...pdf,
        render: { kind: 'einvoice' as const, invoiceId: invoice.invoiceId, format: 'facturx' },
        fallback: plain,
      },
    ];
  const xml = {
    render: { kind: 'einvoice' as const, invoiceId: invoice.invoiceId, format: einvoiceFormat },
    fileName: `${stem}.xml`,
    contentType: 'application/xml',
    optional: true as const,
  };
  return [pdf, xml];
}

/** The outbox message of one issued invoice or credit note, with its attachments to render at first send. */
export function invoiceMessage(
  invoice: InvoiceRow,
  facts: InvoiceMailFacts,
  options: { dedupeKey: string; to?: readonly string[] },
): QueueMessageInput {
  const number = invoice.number ?? '';
  const { creditedNumber } = facts;
  const content =
    invoice.kind === 'credit_note'
      ? {
          kind: 'credit_note' as const,
          creditNoteNumber: number,
          issueDate: invoice.issueDate ?? '',
          total: money(invoice.totalMinor, invoice.currency),
          invoiceNumber: creditedNumber,
          reason: invoice.description,
        }
      : {
          kind: 'invoice' as const,
          invoiceNumber: number,
          issueDate: invoice.issueDate ?? '',
          dueDate: invoice.dueDate,
          total: money(invoice.totalMinor, invoice.currency),
          open: money(invoice.openMinor, invoice.currency),
          paymentReference: invoice.paymentReference,
          poNumber: invoice.poNumber,
        };
  return {
    dedupeKey: options.dedupeKey,
    customerId: invoice.customerId,
    content,
    ...(options.to ? { to: [...options.to] } : {}),
    attachments: invoiceAttachments(invoice, facts.einvoiceFormat),
    related: { invoiceIds: [invoice.invoiceId] },
    ...(invoice.paymentReference ? { payment: { reference: invoice.paymentReference } } : {}),
  };
}

/** The facts the messages of `invoices` need (credited numbers, customers' e-invoice formats), in two queries. */
async function mailFactsOf(
  tx: Tx,
  tenantId: string,
  invoices: readonly InvoiceRow[],
): Promise<(invoice: InvoiceRow) => InvoiceMailFacts> {
  const ids = [...new Set(invoices.flatMap((i) => (i.creditedInvoiceId ? [i.creditedInvoiceId] : [])))];
  const rows = ids.length > 0 ? await getInvoicesByIds(tx, tenantId, ids) : [];
  const credited = new Map(rows.map((r) => [r.invoiceId, r.number]));
  const customers = await customerRefs(
    tx,
    tenantId,
    invoices.map((i) => i.customerId),
  );
  return (i) => ({
    creditedNumber: i.creditedInvoiceId ? (credited.get(i.creditedInvoiceId) ?? null) : null,
    einvoiceFormat: customers.get(i.customerId)?.einvoiceFormat ?? null,
  });
}

/** Queue the delivery of `invoices` in `tx` (their first, automatic delivery). */
async function queueFirstDeliveries(tx: Tx, deps: TxDeps, tenantId: string, invoices: readonly InvoiceRow[]) {
  const factsOf = await mailFactsOf(tx, tenantId, invoices);
  const inputs = invoices.map((i) =>
    invoiceMessage(i, factsOf(i), {
      dedupeKey: invoiceDeliveryKey(i.invoiceId),
    }),
  );
  const queued = await queueMessages(tx, tenantId, inputs, deps.clock);
  await notifyOutbox(tx, deps, tenantId, queued);
  return queued;
}

/**
 * Queue the delivery of every issued invoice and credit note still waiting for it (at most
 * `limit`): those issued in the last seven days, since automatic delivery was last turned on, to
 * customers who take documents by email. Returns how many were queued.
 */
export async function deliverIssuedInvoices(
  deps: CoreDeps,
  tenantId: string,
  options: { limit?: number } = {},
): Promise<{ queued: number }> {
  const settings = await getDeliverySettings(deps.db, tenantId);
  if (!settings.autoDeliverInvoices) return { queued: 0 };
  const now = deps.clock.now().getTime();
  const windowStart = now - AUTO_DELIVERY_WINDOW_DAYS * DAY_MS;
  const issuedFrom = new Date(Math.max(windowStart, settings.invoicesIssuedSince?.getTime() ?? windowStart));
  const createdFrom = uuidV7Floor(new Date(now - CREATED_WINDOW_DAYS * DAY_MS));
  const ids = await undeliveredInvoiceIds(deps.db, tenantId, {
    issuedFrom,
    createdFrom,
    limit: options.limit ?? 500,
  });
  if (ids.length === 0) return { queued: 0 };
  return withTransaction(deps.db, async (tx) => {
    const invoices = await getInvoicesByIds(
      tx,
      tenantId,
      ids.map((r) => r.invoice_id),
    );
    const queued = await queueFirstDeliveries(tx, deps, tenantId, invoices);
    return { queued: queued.filter((m) => m.created).length };
  });
}

/**
 * Send an issued invoice or credit note now (on demand), to its customer's addresses or to `to`:
 * its first delivery if it had none, else another one (a reminder of the document itself).
 */
export async function sendInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  options: { to?: readonly string[] } = {},
): Promise<QueuedMessage> {
  return withTransaction(deps.db, async (tx) => {
    const invoice = await getInvoiceRowOrThrow(tx, tenantId, idOrNumber);
    if (invoice.status === 'draft' || invoice.status === 'void' || !invoice.number)
      throw invalidState(
        `invoice ${invoice.number ?? '(draft)'} is ${invoice.status}: only issued documents are sent`,
      );
    const first = invoiceDeliveryKey(invoice.invoiceId);
    const facts = (await mailFactsOf(tx, tenantId, [invoice]))(invoice);
    const message = (dedupeKey: string) =>
      invoiceMessage(invoice, facts, {
        dedupeKey,
        ...(options.to ? { to: options.to } : {}),
      });
    let [queued] = await queueMessages(tx, tenantId, [message(first)], deps.clock);
    if (queued && !queued.created)
      [queued] = await queueMessages(tx, tenantId, [message(`${first}:sent:${newId()}`)], deps.clock);
    if (!queued) throw new Error('queueing the invoice returned nothing');
    await notifyOutbox(tx, deps, tenantId, [queued]);
    return queued;
  });
}
