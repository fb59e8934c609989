/**
 * The tenant's invoices with their AR movements as of a day, in one set-based query over the
 * relations the invoices, ledger, customers and disputes modules publish (payment-facts.ts holds
 * the rules that turn a row into a fact).
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { emailCustomersRelation } from '../customers/index.ts';
import { disputeFactsRelation } from '../disputes/index.ts';
import { billedInvoicesRelation } from '../invoices/index.ts';
import { accountCodeOf, invoiceMovementsRelation } from '../ledger/index.ts';
import type { InvoiceLedgerRow } from './payment-facts.ts';

/**
 * Every billed invoice issued on or before `asOf`, with the sum of its AR movements effective on or
 * before `asOf` (of the customers `customerIds` only, when given), the last day they moved and whether a receipt moved it that day; `electronic`
 * when its customer takes documents by e-mail (today's channel: the channel is not dated), and
 * `disputed` when a dispute of it was raised on or before `asOf`.
 */
export async function invoiceLedgerRows(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  customerIds: readonly string[] | null = null,
): Promise<InvoiceLedgerRow[]> {
  const ar = await accountCodeOf(q, tenantId, 'ar_control');
  const ofCustomers = customerIds
    ? sql` and customer_id = any(${sql.param([...customerIds])}::uuid[])`
    : sql``;
  const billed = sql`(select * from ${billedInvoicesRelation(tenantId)} b where true${ofCustomers})`;
  const rows = await queryRows<InvoiceLedgerRow>(
    q,
    sql`select i.invoice_id, i.customer_id, i.currency,
          to_char(i.issue_date, 'YYYY-MM-DD') as issue_date, to_char(i.due_date, 'YYYY-MM-DD') as due_date,
          i.total_minor, (e.customer_id is not null) as electronic,
          exists (select 1 from ${disputeFactsRelation(tenantId)} d
                  where d.invoice_id = i.invoice_id and d.opened_on <= ${asOf}::date) as disputed,
          s.balance_minor, to_char(s.last_moved_on, 'YYYY-MM-DD') as last_moved_on, s.receipt_on_last_day
        from ${billed} i
        left join ${emailCustomersRelation(tenantId)} e on e.customer_id = i.customer_id
        left join (
          select invoice_id, sum(moved_minor) as balance_minor, max(moved_on) as last_moved_on,
            (array_agg(by_receipt order by moved_on desc))[1] as receipt_on_last_day
          from (
            select m.invoice_id, m.effective_date as moved_on, sum(m.amount_minor) as moved_minor,
              bool_or(m.event_code like 'receipt.%') as by_receipt
            from ${invoiceMovementsRelation(tenantId)} m
            where m.account_code = ${ar} and m.effective_date <= ${asOf}::date
              and m.invoice_id in (select invoice_id from ${billed} bi)
            group by m.invoice_id, m.effective_date
          ) per_day
          group by invoice_id
        ) s on s.invoice_id = i.invoice_id
        where i.issue_date <= ${asOf}::date`,
  );
  return rows.map((r) => ({
    ...r,
    total_minor: BigInt(r.total_minor),
    balance_minor: r.balance_minor === null ? null : BigInt(r.balance_minor),
  }));
}
