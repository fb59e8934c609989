/**
 * The credit read model: per customer and currency, what is open and unapplied (with the
 * document-rate weighted sums that convert it exactly) and the oldest undisputed due date. One
 * aggregate over the published relations of open invoices and unapplied receipts (which keep the
 * partial indexes of their owners); the customers' currency and credit limit come from theirs.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { queryRowsWithSums } from '../../db/sums.ts';
import { customersRelation } from '../customers/index.ts';
import { openDisputesRelation } from '../disputes/index.ts';
import { openInvoicesRelation } from '../invoices/index.ts';
import { unappliedReceiptsRelation } from '../receipts/index.ts';

export interface CreditFactsRow {
  customer_id: string;
  customer_currency: string;
  credit_limit_minor: bigint | null;
  currency: string;
  open_minor: bigint;
  open_weighted: string;
  unapplied_minor: bigint;
  unapplied_weighted: string;
  latest_rate: string | null;
  /** Oldest due date among open invoices without an open dispute, or null. */
  oldest_due: string | null;
}

/**
 * Rows for the customers given (`null`: every customer of the tenant with open items or cash), in
 * one query over the published relations of invoices, disputes, receipts and customers.
 */
export function creditFactsRows(q: Queryable, tenantId: string, customerIds: readonly string[] | null) {
  const onlyInvoices: SQL = customerIds
    ? sql`where i.customer_id = any(${sql.param([...customerIds])}::uuid[])`
    : sql``;
  const onlyReceipts: SQL = customerIds
    ? sql`where r.customer_id = any(${sql.param([...customerIds])}::uuid[])`
    : sql``;
  return queryRowsWithSums<CreditFactsRow>(
    q,
    sql`with inv as (
          select i.customer_id, i.currency, sum(i.open_minor) as open_minor,
            sum(i.open_minor * i.fx_rate)::text as open_weighted,
            ((array_agg(i.fx_rate order by i.issue_date desc, i.invoice_id desc))[1])::text as latest_rate,
            min(i.due_date) filter (where d.dispute_id is null) as oldest_due
          from ${openInvoicesRelation(tenantId)} i
          left join ${openDisputesRelation(tenantId)} d on d.invoice_id = i.invoice_id
          ${onlyInvoices}
          group by i.customer_id, i.currency
        ), rec as (
          select r.customer_id, r.currency, sum(r.unapplied_minor) as unapplied_minor,
            sum(r.unapplied_minor * r.fx_rate)::text as unapplied_weighted
          from ${unappliedReceiptsRelation(tenantId)} r
          ${onlyReceipts}
          group by r.customer_id, r.currency
        )
        select c.customer_id, c.currency as customer_currency, c.credit_limit_minor,
          coalesce(inv.currency, rec.currency) as currency,
          coalesce(inv.open_minor, 0)::numeric::text as open_minor, coalesce(inv.open_weighted, '0') as open_weighted,
          coalesce(rec.unapplied_minor, 0)::numeric::text as unapplied_minor,
          coalesce(rec.unapplied_weighted, '0') as unapplied_weighted,
          inv.latest_rate, inv.oldest_due::text as oldest_due
        from inv full join rec on rec.customer_id = inv.customer_id and rec.currency = inv.currency
        join ${customersRelation(tenantId)} c on c.customer_id = coalesce(inv.customer_id, rec.customer_id)`,
    ['open_minor', 'unapplied_minor'],
  );
}

/**
 * Uninvoiced orders per customer, in the customer's currency: the seam for sales orders. cashloop
 * has no orders yet, so this is empty; when orders exist, their uninvoiced amount joins exposure
 * here and nothing else changes.
 */
export async function uninvoicedOrdersMinor(
  _q: Queryable,
  _tenantId: string,
  _customerIds: readonly string[] | null,
): Promise<Map<string, bigint>> {
  return new Map();
}
