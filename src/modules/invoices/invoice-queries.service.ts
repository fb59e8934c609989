/** Invoices read and locked: by id or number, pages of the list, lines, issue dates and totals. */
import type { Queryable, Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { notFound } from '../../shared/errors.ts';
import { groupBy } from '../../shared/group-by.ts';
import { isUuid } from '../../shared/ids.ts';
import { customerRefs, getCustomerRowOrThrow } from '../customers/index.ts';
import { isOverdue } from './invoice-status.ts';
import * as repo from './invoices.repository.ts';

export type InvoiceRow = repo.InvoiceRow;
export type { BillTo } from './invoices.tables.ts';

/** An invoice by id or number, locked for the caller's transaction. */
export async function lockOne(tx: Tx, tenantId: string, idOrNumber: string): Promise<InvoiceRow> {
  const found = await getInvoiceRowOrThrow(tx, tenantId, idOrNumber);
  const [locked] = await repo.lockInvoices(tx, tenantId, [found.invoiceId]);
  if (!locked) throw notFound('invoice', idOrNumber);
  return locked;
}

/** Lock several invoices (stable order, no deadlocks) for an allocation. */
export function lockInvoicesForUpdate(tx: Tx, tenantId: string, invoiceIds: readonly string[]) {
  return repo.lockInvoices(tx, tenantId, invoiceIds);
}

/** Number, customer, currency, status and amounts of invoices to settle, locked. */
export function lockInvoiceBalancesForUpdate(tx: Tx, tenantId: string, invoiceIds: readonly string[]) {
  return repo.lockInvoiceBalances(tx, tenantId, invoiceIds);
}

/** Look an invoice up by id (UUID) or number. */
export async function getInvoiceRowOrThrow(
  q: Queryable,
  tenantId: string,
  idOrNumber: string,
): Promise<InvoiceRow> {
  const row =
    (isUuid(idOrNumber) ? await repo.findInvoice(q, tenantId, idOrNumber) : null) ??
    (await repo.findInvoiceByNumber(q, tenantId, idOrNumber));
  if (!row) throw notFound('invoice', idOrNumber);
  return row;
}

export async function getInvoiceDetail(q: Queryable, tenantId: string, idOrNumber: string) {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, idOrNumber);
  // One after the other: `q` may be a transaction, which runs one query at a time.
  const lines = await repo.linesOf(q, tenantId, invoice.invoiceId);
  const adjustments = await repo.adjustmentsOf(q, tenantId, invoice.invoiceId);
  return { invoice, lines, adjustments };
}

export interface InvoiceListQuery {
  status?: string;
  customer?: string;
  currency?: string;
  kind?: 'invoice' | 'credit_note';
  cursor?: string;
  limit: number;
  asOf: CalendarDate;
}

/** A page of invoices in creation order; `status: 'overdue'` is derived from due date and `asOf`. */
export async function listInvoices(q: Queryable, tenantId: string, query: InvoiceListQuery) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const rows = await repo.listInvoiceRows(q, tenantId, {
    ...(query.status === 'overdue'
      ? { overdueAsOf: query.asOf }
      : query.status
        ? { status: query.status }
        : {}),
    ...(customerId ? { customerId } : {}),
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const byId = await customerRefs(
    q,
    tenantId,
    page.map((r) => r.customerId),
  );
  return {
    invoices: page.map((r) => ({
      ...r,
      customerExternalId: byId.get(r.customerId)?.externalId ?? null,
      overdue: isOverdue(r.status, r.openMinor, r.dueDate, query.asOf),
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.invoiceId ?? null) : null,
  };
}

/** Every status a customer may see of their documents: all but drafts. */
const CUSTOMER_DOCUMENT_STATUSES = [
  'issued',
  'partially_paid',
  'paid',
  'credited',
  'void',
  'written_off',
] as const;

/**
 * What a customer sees as open (something left to pay or to use: the open amount is not zero),
 * closed (nothing left: paid, void, written off, or a credit note used up while still `issued`)
 * or all.
 */
const CUSTOMER_DOCUMENT_STATES = { open: true, closed: false, all: undefined } as const;

/**
 * A page of one customer's issued invoices and credit notes, newest first (the customer portal);
 * `afterId` continues after the last id of the page before. Drafts are never shown.
 */
export function listCustomerDocuments(
  q: Queryable,
  tenantId: string,
  customerId: string,
  page: { state: keyof typeof CUSTOMER_DOCUMENT_STATES; afterId?: string | undefined; limit: number },
): Promise<InvoiceRow[]> {
  const open = CUSTOMER_DOCUMENT_STATES[page.state];
  return repo.listInvoiceRows(q, tenantId, {
    customerId,
    statuses: CUSTOMER_DOCUMENT_STATUSES,
    ...(open === undefined ? {} : { open }),
    ...(page.afterId ? { afterId: page.afterId } : {}),
    limit: page.limit,
    newestFirst: true,
  });
}

/** Issue date and total of each of `invoiceIds` (unknown ids are left out). */
export function getIssueDatesAndTotals(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  return repo.findIssueDatesAndTotals(q, tenantId, invoiceIds);
}

/** Invoices by id in one query, in the order given (unknown ids are left out). */
export function getInvoicesByIds(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  return repo.findInvoicesByIds(q, tenantId, invoiceIds);
}

/** The lines of many invoices in one query, by invoice id (for documents rendered in batches). */
export async function getLinesOfInvoices(
  q: Queryable,
  tenantId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, repo.InvoiceLineRow[]>> {
  return groupBy(await repo.linesOfInvoices(q, tenantId, invoiceIds), (l) => l.invoiceId);
}
