/** The invoice list with filters and sorts (see invoice-search.queries.ts for the SQL). */
import type { Queryable } from '../../db/client.ts';
import { daysBetween } from '../../shared/calendar-date.ts';
import { customerRefs, getCustomerRowOrThrow } from '../customers/index.ts';
import {
  countInvoiceRows,
  type InvoiceSearchFilter,
  type InvoiceSearchPage,
  searchInvoiceRows,
} from './invoice-search.queries.ts';
import { isOverdue } from './invoice-status.ts';

export type { InvoiceSearchFilter, InvoiceSearchPage, InvoiceSortKey } from './invoice-search.queries.ts';
export { INVOICE_SORT_KEYS } from './invoice-search.queries.ts';

/** A search: `customer` is an id or external id (unknown → 404), the rest as in InvoiceSearchFilter. */
export type InvoiceSearch = Omit<InvoiceSearchFilter, 'customerId'> & { customer?: string };

/**
 * A page of invoices matching `search`, each with its customer's external id and name, whether it
 * is overdue and by how many days (as of `search.asOf`); `total` when `withTotal` (one more query).
 */
export async function searchInvoices(
  q: Queryable,
  tenantId: string,
  search: InvoiceSearch,
  page: InvoiceSearchPage,
  withTotal = false,
) {
  const { customer, ...rest } = search;
  const filter: InvoiceSearchFilter = customer
    ? { ...rest, customerId: (await getCustomerRowOrThrow(q, tenantId, customer)).customerId }
    : rest;
  const rows = await searchInvoiceRows(q, tenantId, filter, { ...page, limit: page.limit + 1 });
  const shown = rows.slice(0, page.limit);
  const refs = await customerRefs(
    q,
    tenantId,
    shown.map((r) => r.customerId),
  );
  const total = withTotal ? await countInvoiceRows(q, tenantId, filter) : null;
  return {
    invoices: shown.map((r) => {
      const overdue = isOverdue(r.status, r.openMinor, r.dueDate, search.asOf);
      return {
        ...r,
        customerExternalId: refs.get(r.customerId)?.externalId ?? null,
        customerName: refs.get(r.customerId)?.name ?? null,
        overdue,
        daysOverdue: overdue && r.dueDate ? daysBetween(r.dueDate, search.asOf) : 0,
      };
    }),
    hasMore: rows.length > page.limit,
    total,
  };
}
