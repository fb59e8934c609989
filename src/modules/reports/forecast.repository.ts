/**
 * SQL of the cash forecast, each query as of a day and set-based: the open items (the aging's
 * source — the invoices' open amounts from today on, the AR journal before — with whether each is
 * in a dispute open that day), the invoices settled by then (the customers' payment history),
 * the promises open that day, and — for the back-test — the receipts actually applied afterwards
 * to the items that were open. The tables stay their owners': the queries join the relations the
 * invoices, ledger, disputes and collections modules publish.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { promisesOpenOnRelation } from '../collections/index.ts';
import { disputeFactsRelation } from '../disputes/index.ts';
import { invoiceFactsRelation } from '../invoices/index.ts';
import { invoiceAccountLinesRelation, invoiceSettlementsRelation } from '../ledger/index.ts';
import { SETTLEMENT_EVENTS } from './kpi.repository.ts';

export interface OpenItemRow {
  invoice_id: string;
  customer_id: string;
  currency: string;
  issue_date: string;
  due_date: string | null;
  open_minor: bigint;
  disputed: boolean;
}

/** The items of an aging source (`items` CTE) owed by the customer (> 0), with their dispute as of `asOf`. */
export function openItemRows(q: Queryable, tenantId: string, source: SQL, asOf: string) {
  return queryRowsWithSums<OpenItemRow>(
    q,
    sql`with ${source}
        select it.invoice_id, it.customer_id, it.currency, to_char(i.issue_date, 'YYYY-MM-DD') as issue_date,
          to_char(i.due_date, 'YYYY-MM-DD') as due_date, it.amount::numeric::text as open_minor,
          exists (select 1 from ${disputeFactsRelation(tenantId)} d
                  where d.invoice_id = it.invoice_id and d.opened_on <= ${asOf}::date
                    and (d.closed_on is null or d.closed_on > ${asOf}::date)) as disputed
        from items it
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = it.invoice_id
        where it.amount > 0
        order by it.currency, it.invoice_id`,
    ['open_minor'],
  );
}

export interface SettledRow {
  invoice_id: string;
  customer_id: string;
  currency: string;
  issue_date: string;
  due_date: string;
  settled_on: string;
  total_minor: bigint;
}

/**
 * Invoices paid in full by the end of `asOf` and still paid then — the ledger's settlements (an
 * allocation paid them, no void or write-off closed them; SETTLEMENT_EVENTS, as the KPI report
 * reads them) with their balance at the end of the day 0. `settled_on`: the day of the last
 * settlement by then.
 */
export function settledInvoiceRows(q: Queryable, tenantId: string, arCode: string, asOf: string) {
  return queryRowsWithSums<SettledRow>(
    q,
    sql`with settled as (
          select s.invoice_id, s.customer_id, s.currency, max(s.settled_on) as settled_on
          from ${invoiceSettlementsRelation(tenantId, arCode, asOf, SETTLEMENT_EVENTS)} s
          where s.balance_at_end = 0
          group by s.invoice_id, s.customer_id, s.currency
        )
        select s.invoice_id, s.customer_id, s.currency, to_char(i.issue_date, 'YYYY-MM-DD') as issue_date,
          to_char(coalesce(i.due_date, i.issue_date), 'YYYY-MM-DD') as due_date,
          to_char(s.settled_on, 'YYYY-MM-DD') as settled_on, i.total_minor::text as total_minor
        from settled s
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = s.invoice_id`,
    ['total_minor'],
  );
}

export interface PromiseRow {
  promise_id: string;
  customer_id: string;
  currency: string;
  amount_minor: bigint;
  promised_on: string;
  invoice_id: string | null;
}

/** The promises open at the end of `asOf`, one row per named invoice (null: the customer overall). */
export function openPromiseRows(q: Queryable, tenantId: string, asOf: string) {
  return queryRowsWithSums<PromiseRow>(
    q,
    sql`select p.promise_id, p.customer_id, p.currency, p.amount_minor::text as amount_minor, p.promised_on,
          p.invoice_id
        from ${promisesOpenOnRelation(tenantId, asOf)} p
        order by p.promise_id, p.invoice_id`,
    ['amount_minor'],
  );
}

export interface AppliedRow {
  currency: string;
  day: string;
  amount: bigint;
}

/**
 * What receipts actually paid of `invoiceIds` per currency and day, from `from` to `to`: the AR
 * lines of those invoices that name a receipt (allocations, less allocations undone), credit positive.
 */
export function appliedReceiptRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  invoiceIds: readonly string[],
  range: { from: string; to: string },
) {
  if (invoiceIds.length === 0) return Promise.resolve([]);
  return queryRowsWithSums<AppliedRow>(
    q,
    sql`select l.currency, to_char(l.effective_date, 'YYYY-MM-DD') as day, ${sumMinor(sql`-l.amount_minor`)} as amount
        from ${invoiceAccountLinesRelation(tenantId, arCode, range)} l
        where l.receipt_id is not null and l.invoice_id = any(${sql.param([...invoiceIds])}::uuid[])
        group by l.currency, l.effective_date
        order by l.currency, l.effective_date`,
    ['amount'],
  );
}
