/**
 * What a person applying a bank line by hand chooses from: the open invoices of the customer they
 * name — and of the other companies of its group, since a group's treasury may pay its members'
 * invoices (`applyManually` accepts those) — in the line's currency, oldest due first.
 */
import { z } from 'zod';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { findLineWithVerdict } from '../bank/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { customerRefs, getCustomerRowOrThrow, groupCustomerIds } from '../customers/index.ts';
import { openItemsOfCustomers } from '../invoices/index.ts';

export const openItemsQuery = z.object({
  customer: z.string().min(1).max(100).describe('customer id or external id'),
  search: z.string().min(1).max(50).optional().describe('part of the invoice number'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type OpenItemsQuery = z.infer<typeof openItemsQuery>;

/** The open items a line can be applied to for `query.customer` (and its group), with their names. */
export async function openItemsForLine(
  deps: CoreDeps,
  tenantId: string,
  transactionId: string,
  query: OpenItemsQuery,
) {
  const line = isUuid(transactionId) ? await findLineWithVerdict(deps.db, tenantId, transactionId) : null;
  if (!line) throw notFound('bank transaction', transactionId);
  const customer = await getCustomerRowOrThrow(deps.db, tenantId, query.customer);
  const group = (await groupCustomerIds(deps.db, tenantId, [customer.customerId])).get(customer.customerId);
  const customerIds = [customer.customerId, ...[...(group ?? [])].filter((id) => id !== customer.customerId)];
  const rows = await openItemsOfCustomers(deps.db, tenantId, {
    customerIds,
    currency: line.currency,
    limit: query.limit,
    ...(query.search ? { search: query.search } : {}),
  });
  const names = await customerRefs(deps.db, tenantId, customerIds);
  const money = (m: bigint) => formatAmount(m, line.currency);
  return {
    customer: { customerId: customer.customerId, externalId: customer.externalId, name: customer.name },
    currency: line.currency,
    items: rows.map((r) => ({
      invoiceId: r.invoice_id,
      number: r.number,
      customerId: r.customer_id,
      customerName: names.get(r.customer_id)?.name ?? null,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      total: money(r.total_minor),
      open: money(r.open_minor),
    })),
  };
}
