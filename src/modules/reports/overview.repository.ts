/**
 * SQL of the overview's figures that the aging report does not already give: the DSO's two sides
 * per month end (open invoice amounts and credit sales, both from the AR journal)
 * and the customers with the most overdue. Each is one statement over the owners' published
 * relations; the month ends come in as one array, so twelve points cost one query, not twelve.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { addDays } from '../../shared/calendar-date.ts';
import { customersRelation } from '../customers/index.ts';
import { accountLinesOfEventsRelation, invoiceMovementsByMonthRelation } from '../ledger/index.ts';
import { SALES_EVENTS } from './kpi.repository.ts';

export interface PeriodSumRow {
  end_date: string;
  currency: string;
  amount: bigint;
}

function endsTable(ends: readonly string[]): SQL {
  return sql`(select unnest(${sql.param([...ends])}::date[]) as end_date)`;
}

/** The open invoice amounts on the AR control account at each of `ends` (month ends), per currency. */
export function arAtMonthEndRows(q: Queryable, tenantId: string, arCode: string, ends: readonly string[]) {
  const upTo = [...ends].sort().at(-1) ?? '1970-01-01';
  return queryRowsWithSums<PeriodSumRow>(
    q,
    sql`select to_char(e.end_date, 'YYYY-MM-DD') as end_date, m.currency, ${sumMinor(sql`m.amount_minor`)} as amount
        from ${endsTable(ends)} e
        join ${invoiceMovementsByMonthRelation(tenantId, arCode, upTo)} m on m.month::date <= e.end_date
        group by e.end_date, m.currency`,
    ['amount'],
  );
}

/**
 * The credit sales of the `days` days up to and including each of `ends`, per currency: the AR
 * control lines of `SALES_EVENTS` (the KPI report's definition), by their entry's effective date.
 */
export function salesBeforeRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  ends: readonly string[],
  days: number,
) {
  const sorted = [...ends].sort();
  const range = { from: addDays(sorted[0] ?? '1970-01-01', 1 - days), to: sorted.at(-1) ?? '1970-01-01' };
  return queryRowsWithSums<PeriodSumRow>(
    q,
    sql`select to_char(e.end_date, 'YYYY-MM-DD') as end_date, s.currency, ${sumMinor(sql`s.amount_minor`)} as amount
        from ${endsTable(ends)} e
        join ${accountLinesOfEventsRelation(tenantId, arCode, SALES_EVENTS, range)} s
          on s.effective_date > e.end_date - ${days}::int and s.effective_date <= e.end_date
        group by e.end_date, s.currency`,
    ['amount'],
  );
}

export interface OverdueCustomerRow {
  currency: string;
  customer_id: string;
  external_id: string;
  name: string;
  overdue: bigint;
  oldest_days: number;
}

/** Per currency, the `limit` customers with the largest overdue amount (items past due) of a source. */
export function topOverdueRows(q: Queryable, tenantId: string, source: SQL, limit: number) {
  return queryRowsWithSums<OverdueCustomerRow>(
    q,
    sql`with ${source}, per_customer as (
          select currency, customer_id, sum(amount) as overdue, max(days)::int as oldest_days,
            row_number() over (partition by currency order by sum(amount) desc, customer_id) as rank
          from items where days > 0 group by currency, customer_id having sum(amount) > 0
        )
        select p.currency, p.customer_id, c.external_id, c.name, p.overdue::numeric::text as overdue, p.oldest_days
        from per_customer p
        join ${customersRelation(tenantId)} c on c.customer_id = p.customer_id
        where p.rank <= ${limit}
        order by p.currency, p.rank`,
    ['overdue'],
  );
}
