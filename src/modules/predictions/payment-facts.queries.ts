/**
 * The tenant's invoices with their AR movements as of a day, in one set-based query over the
 * relations the invoices, ledger, customers and disputes modules publish, and the reminders
 * (dunning's published relation) and promises to pay (collections', handed in through the port
 * `PaymentFactSources`) of those invoices as of the day; payment-facts.ts holds the rules that
 * turn a row into a fact.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { emailCustomersRelation } from '../customers/index.ts';
import { disputeFactsRelation } from '../disputes/index.ts';
import { invoiceRemindersRelation } from '../dunning/index.ts';
import { billedInvoicesRelation } from '../invoices/index.ts';
import { accountCodeOf, invoiceMovementsRelation } from '../ledger/index.ts';
import type {
  InvoiceLedgerRow,
  InvoicePromiseRow,
  InvoiceReminderRow,
  PaymentFactSources,
} from './payment-facts.ts';

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
  const billed = billedOf(tenantId, customerIds);
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

/** The billed invoices (of `customerIds` only, when given). */
function billedOf(tenantId: string, customerIds: readonly string[] | null): SQL {
  const ofCustomers = customerIds
    ? sql` and customer_id = any(${sql.param([...customerIds])}::uuid[])`
    : sql``;
  return sql`(select * from ${billedInvoicesRelation(tenantId)} b where true${ofCustomers})`;
}

/** The reminders sent on or before `asOf` of the billed invoices issued by then, in order of their day. */
export async function invoiceReminderRows(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  customerIds: readonly string[] | null = null,
): Promise<InvoiceReminderRow[]> {
  return queryRows<InvoiceReminderRow>(
    q,
    sql`select r.invoice_id, to_char(r.sent_on, 'YYYY-MM-DD') as sent_on
        from ${invoiceRemindersRelation(tenantId)} r
        where r.sent_on <= ${asOf}::date
          and r.invoice_id in (select invoice_id from ${billedOf(tenantId, customerIds)} bi
                               where bi.issue_date <= ${asOf}::date)
        order by r.sent_on, r.invoice_id`,
  );
}

/** The promises to pay made on or before `asOf` naming billed invoices issued by then, as known then. */
export async function invoicePromiseRows(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  sources: PaymentFactSources,
  customerIds: readonly string[] | null = null,
): Promise<InvoicePromiseRow[]> {
  return queryRows<InvoicePromiseRow>(
    q,
    sql`select p.promise_id, p.invoice_id, p.made_on, p.promised_on, p.judged_on, p.outcome
        from ${sources.promises(tenantId, asOf)} p
        where p.invoice_id in (select invoice_id from ${billedOf(tenantId, customerIds)} bi
                               where bi.issue_date <= ${asOf}::date)
        order by p.made_on, p.promise_id`,
  );
}
