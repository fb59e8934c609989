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
import { accountMovementsByMonthRelation, type MovementFilter } from '../ledger/index.ts';

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
