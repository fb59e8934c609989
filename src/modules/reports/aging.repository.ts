/**
 * SQL of the aging report. Bucketing happens in the database so 100,000 open items come back as
 * one row per customer and currency. Two sources, same shape:
 * - `openItemAging`: the invoices' current open amounts (as of today or later; uses the partial
 *   index on open invoices);
 * - `ledgerAging`: the AR journal lines effective on or before a past date (what was open then).
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

export type AgingBasis = 'due_date' | 'invoice_date';

export interface AgingRow {
  currency: string;
  customer_id: string;
  external_id: string;
  name: string;
  current: bigint;
  d1_30: bigint;
  d31_60: bigint;
  d61_90: bigint;
  d91: bigint;
  unapplied: bigint;
}

function bucketColumns(days: ReturnType<typeof sql>, amount: ReturnType<typeof sql>) {
  return sql`
    coalesce(sum(${amount}) filter (where ${days} <= 0), 0)::bigint as current,
    coalesce(sum(${amount}) filter (where ${days} between 1 and 30), 0)::bigint as d1_30,
    coalesce(sum(${amount}) filter (where ${days} between 31 and 60), 0)::bigint as d31_60,
    coalesce(sum(${amount}) filter (where ${days} between 61 and 90), 0)::bigint as d61_90,
    coalesce(sum(${amount}) filter (where ${days} > 90), 0)::bigint as d91`;
}

/** The final step of both sources: the `by_customer` rows summed per customer, with names. */
function perCustomer(tenantId: string) {
  return sql`select b.currency, b.customer_id, c.external_id, c.name,
      sum(current)::bigint as current, sum(d1_30)::bigint as d1_30, sum(d31_60)::bigint as d31_60,
      sum(d61_90)::bigint as d61_90, sum(d91)::bigint as d91, sum(unapplied)::bigint as unapplied
    from by_customer b
    join customers c on c.tenant_id = ${tenantId} and c.customer_id = b.customer_id
    group by b.currency, b.customer_id, c.external_id, c.name
    order by b.currency, c.external_id`;
}

export function openItemAging(q: Queryable, tenantId: string, asOf: string, basis: AgingBasis) {
  const from = basis === 'due_date' ? sql`coalesce(i.due_date, i.issue_date)` : sql`i.issue_date`;
  return queryRows<AgingRow>(
    q,
    sql`with items as (
          select i.currency, i.customer_id, (${asOf}::date - ${from}) as days, i.open_minor as amount
          from invoices i
          where i.tenant_id = ${tenantId} and i.open_minor <> 0 and i.kind = 'invoice'
            and i.issue_date <= ${asOf}::date
        ), by_customer as (
          select currency, customer_id, ${bucketColumns(sql`days`, sql`amount`)}, 0::bigint as unapplied
          from items group by currency, customer_id
          union all
          select currency, customer_id, 0, 0, 0, 0, 0, sum(unapplied_minor)::bigint
          from receipts
          where tenant_id = ${tenantId} and unapplied_minor <> 0 and received_on <= ${asOf}::date
          group by currency, customer_id
        )
        ${perCustomer(tenantId)}`,
  );
}

export function ledgerAging(q: Queryable, tenantId: string, arCode: string, asOf: string, basis: AgingBasis) {
  const from = basis === 'due_date' ? sql`coalesce(i.due_date, i.issue_date)` : sql`i.issue_date`;
  return queryRows<AgingRow>(
    q,
    sql`with ar as (
          select l.currency, l.customer_id, l.invoice_id, l.receipt_id, l.amount_minor
          from journal_lines l
          join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
          where l.tenant_id = ${tenantId} and l.account_code = ${arCode} and e.effective_date <= ${asOf}::date
        ), per_invoice as (
          select ar.currency, ar.customer_id, ar.invoice_id, sum(ar.amount_minor) as amount
          from ar where ar.invoice_id is not null group by ar.currency, ar.customer_id, ar.invoice_id
        ), per_receipt as (
          select ar.currency, ar.customer_id, -sum(ar.amount_minor) as unapplied
          from ar where ar.invoice_id is null and ar.receipt_id is not null
          group by ar.currency, ar.customer_id, ar.receipt_id
        ), by_customer as (
          select p.currency, p.customer_id,
            ${bucketColumns(sql`(${asOf}::date - ${from})`, sql`p.amount`)}, 0::bigint as unapplied
          from per_invoice p
          join invoices i on i.tenant_id = ${tenantId} and i.invoice_id = p.invoice_id
          where p.amount <> 0
          group by p.currency, p.customer_id
          union all
          select currency, customer_id, 0, 0, 0, 0, 0, sum(unapplied)::bigint
          from per_receipt where unapplied <> 0 group by currency, customer_id
        )
        ${perCustomer(tenantId)}`,
  );
}
