/** GET /v1/invoices: the list with filters, sorts and paging. */
import type { CoreDeps } from '../../modules/core-deps.ts';
import { type InvoiceSearch, type InvoiceSortKey, searchInvoices } from '../../modules/invoices/index.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import { type Api, errors } from './common.ts';
import { type InvoiceListQuery, invoiceListPageSchema, invoiceListQuery } from './invoice-list.schemas.ts';
import { invoiceJson } from './invoices.schemas.ts';

/** The query's filters as a search (statuses split; `overdue` as a status means overdue=true). */
function searchOf(q: InvoiceListQuery, asOf: CalendarDate): InvoiceSearch {
  const listed = q.status?.split(',') ?? [];
  const statuses = listed.filter((s) => s !== 'overdue');
  const overdue = q.overdue ? q.overdue === 'true' : listed.includes('overdue') ? true : undefined;
  const optional = {
    customer: q.customer,
    categoryId: q.category,
    currency: q.currency?.toUpperCase(),
    kind: q.kind,
    issuedFrom: q.issuedFrom,
    issuedTo: q.issuedTo,
    dueFrom: q.dueFrom,
    dueTo: q.dueTo,
    amountMin: q.amountMin,
    amountMax: q.amountMax,
    text: q.q,
    overdue,
  };
  const given = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  return { ...given, ...(statuses.length > 0 ? { statuses } : {}), amountOf: q.amountOf, asOf };
}

function pageOfQuery(q: InvoiceListQuery) {
  if (!q.sort) return { limit: q.limit, afterId: decodeCursor(q.cursor, 'uuid') };
  const descending = q.sort.startsWith('-');
  const sort = (descending ? q.sort.slice(1) : q.sort) as InvoiceSortKey;
  return { limit: q.limit, sort, descending, offset: Number(decodeCursor(q.cursor, 'int') ?? 0) };
}

export function listInvoicesRoute(app: Api, deps: CoreDeps): void {
  app.get('/invoices', {
    config: { access: 'read' },
    schema: {
      tags: ['invoices'],
      operationId: 'listInvoices',
      summary: 'List invoices and credit notes',
      description:
        'Filters combine with AND; `sort` orders by number, issue or due date, total, open amount, days overdue or customer name (`-` for descending). Without `sort`: creation order. Cursor-paginated.',
      querystring: invoiceListQuery,
      response: { 200: invoiceListPageSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const q = req.query;
      const asOf = q.asOf ?? todayUtc(deps.clock.now());
      const page = pageOfQuery(q);
      const found = await searchInvoices(deps.db, tenantId, searchOf(q, asOf), page, q.withTotal === 'true');
      const last = found.invoices.at(-1);
      const next = !found.hasMore
        ? null
        : page.sort
          ? String((page.offset ?? 0) + found.invoices.length)
          : (last?.invoiceId ?? null);
      return {
        items: found.invoices.map((i) => ({
          ...invoiceJson(i, i.customerExternalId, asOf),
          customerName: i.customerName,
          daysOverdue: i.daysOverdue,
        })),
        nextCursor: encodeCursor(next),
        total: found.total,
      };
    },
  });
}
