/**
 * The risk score's facts from disputes and promises, one set-based query per family, as of a day:
 * disputes open at the end of the day (the disputes' dated facts joined to the billed invoices for
 * the customer) and promises found broken in the window before it. Payments and exposure come from
 * the predictions and credit modules (risk.service.ts).
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { disputeFactsRelation } from '../disputes/index.ts';
import { billedInvoicesRelation } from '../invoices/index.ts';

function ofCustomers(column: string, customerIds: readonly string[] | null) {
  return customerIds ? sql` and ${sql.raw(column)} = any(${sql.param([...customerIds])}::uuid[])` : sql``;
}

/** Per customer: disputes open at the end of `asOf` (opened by then, not closed by then). */
export async function openDisputeCounts(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  customerIds: readonly string[] | null,
): Promise<Map<string, number>> {
  const rows = await queryRows<{ customer_id: string; n: number | string }>(
    q,
    sql`select b.customer_id, count(*) as n
        from ${disputeFactsRelation(tenantId)} d
        join ${billedInvoicesRelation(tenantId)} b on b.invoice_id = d.invoice_id
        where d.opened_on <= ${asOf}::date and (d.closed_on is null or d.closed_on > ${asOf}::date)
          ${ofCustomers('b.customer_id', customerIds)}
        group by b.customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, Number(r.n)]));
}

/** Per customer: promises found broken in the `days` days up to and including `asOf`. */
export async function brokenPromiseCounts(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  days: number,
  customerIds: readonly string[] | null,
): Promise<Map<string, number>> {
  const rows = await queryRows<{ customer_id: string; n: number | string }>(
    q,
    sql`select p.customer_id, count(*) as n from promises p
        where p.tenant_id = ${tenantId} and p.status = 'broken'
          and p.settled_on > ${addDays(asOf, -days)}::date and p.settled_on <= ${asOf}::date
          ${ofCustomers('p.customer_id', customerIds)}
        group by p.customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, Number(r.n)]));
}
