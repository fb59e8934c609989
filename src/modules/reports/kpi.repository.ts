/**
 * SQL of the KPI report's monthly flows, from the journal: credit sales per month (what invoices,
 * charges and credit notes put on the AR control account when issued, less voided invoices in the
 * month of their void) and an account's movements per month (the bad-debt account's write-offs).
 * Open items imported from another system are not sales of cashloop's periods. The stocks
 * at each month end — total, current and over-90 AR — come from the aging report as of that day,
 * which rebuilds them from the journal.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { invoiceFactsRelation } from '../invoices/index.ts';
import {
  accountLinesUpToRelation,
  accountMovementsByMonthRelation,
  type MovementFilter,
} from '../ledger/index.ts';

/** The journal events whose AR lines are credit sales (a void reverses its issue in its own month). */
export const SALES_EVENTS = ['invoice.issued', 'credit_note.issued', 'invoice.voided'] as const;

/**
 * The entries that pay an invoice, and those that close one without payment: what "paid" means for
 * every report (the KPI report's settlements, the forecast's payment history).
 */
export const SETTLEMENT_EVENTS = {
  paidBy: ['receipt.allocated'],
  lostBy: ['invoice.written_off', 'invoice.voided'],
} as const;

export interface MonthSumRow {
  /** The month's first day, `YYYY-MM-DD`. */
  month: string;
  currency: string;
  amount: bigint;
}

/** Which customers' lines and which amounts (`MovementFilter`'s `customers` and `base`). */
export type LinesOf = Pick<MovementFilter, 'customers' | 'base'>;

/**
 * Credit sales per currency and month: the AR control lines of `SALES_EVENTS` effective `from` to
 * `to`, of the customers and in the amounts `of` says (default: all, transaction amounts).
 */
export function salesByMonthRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  range: { from: string; to: string },
  of: LinesOf = {},
) {
  return accountByMonthRows(q, tenantId, arCode, { ...range, ...of, events: SALES_EVENTS });
}

/** The movements of account `accountCode` per currency and month (debit positive) that `filter` admits. */
export function accountByMonthRows(
  q: Queryable,
  tenantId: string,
  accountCode: string,
  filter: MovementFilter,
) {
  return queryRowsWithSums<MonthSumRow>(
    q,
    sql`select m.month, m.currency, ${sumMinor(sql`m.amount_minor`)} as amount
        from ${accountMovementsByMonthRelation(tenantId, accountCode, filter)} m
        group by m.month, m.currency`,
    ['amount'],
  );
}

/** The currencies of the lines on account `accountCode` effective up to `to`, sorted. */
export async function currenciesWithLines(q: Queryable, tenantId: string, accountCode: string, to: string) {
  const rows = await queryRows<{ currency: string }>(
    q,
    sql`select distinct m.currency from ${accountMovementsByMonthRelation(tenantId, accountCode, { to })} m
        order by m.currency`,
  );
  return rows.map((r) => r.currency);
}

export interface StockRow {
  /** The day the AR stands on (`YYYY-MM-DD`). */
  end_date: string;
  currency: string;
  total: bigint;
  /** Not yet due (due date on or after the day), and more than 90 days past due. */
  current: bigint;
  over90: bigint;
}

/**
 * The open invoice amounts at each of `ends` per currency, bucketed by due date as the aging
 * report does (current: due on or after the day; over 90: more than 90 days past it), in one
 * statement: each invoice's AR lines are summed per interval between consecutive ends, cumulated
 * in order, and each balance other than zero holds from its end up to the next end it moved at.
 * Of the customers and in the amounts `of` says.
 */
export function arStockRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  ends: readonly string[],
  of: LinesOf = {},
) {
  const last = ends.reduce((a, b) => (a > b ? a : b));
  const amount = of.base ? sql`l.base_amount_minor` : sql`l.amount_minor`;
  const scope = of.customers
    ? sql` and l.customer_id in (select s.customer_id from ${of.customers} s)`
    : sql``;
  const days = sql`o.end_date - coalesce(i.due_date, i.issue_date)`;
  return queryRowsWithSums<StockRow>(
    q,
    sql`with ends as (
          select end_date, lag(end_date) over (order by end_date) as previous
          from (select distinct unnest(${sql.param([...ends])}::date[]) as end_date) d),
        moved as (
          select l.invoice_id, l.currency, e.end_date, sum(${amount}) as amount
          from ${accountLinesUpToRelation(tenantId, arCode, last)} l
          join ends e on l.effective_date <= e.end_date and (e.previous is null or l.effective_date > e.previous)
          where l.invoice_id is not null${scope}
          group by l.invoice_id, l.currency, e.end_date),
        balances as (
          select invoice_id, currency, end_date,
            sum(amount) over (partition by invoice_id, currency order by end_date) as balance,
            lead(end_date) over (partition by invoice_id, currency order by end_date) as next_end
          from moved),
        open_at as (
          select e.end_date, b.currency, b.invoice_id, b.balance
          from balances b
          join ends e on e.end_date >= b.end_date and (b.next_end is null or e.end_date < b.next_end)
          where b.balance <> 0)
        select to_char(o.end_date, 'YYYY-MM-DD') as end_date, o.currency, ${sumMinor(sql`o.balance`)} as total,
          ${sumMinor(sql`o.balance`, sql`${days} <= 0`)} as current,
          ${sumMinor(sql`o.balance`, sql`${days} > 90`)} as over90
        from open_at o
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = o.invoice_id
        group by o.end_date, o.currency`,
    ['total', 'current', 'over90'],
  );
}
