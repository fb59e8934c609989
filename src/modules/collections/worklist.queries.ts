/**
 * The worklist read model, aggregated in SQL: one row per customer and currency of its overdue
 * invoices (collectible, disputed, promised), the payment history of those customers, and their
 * promises. Each is one query joining this module's promise tables with the published relations of
 * invoices (open, paid), disputes (open) and receipts (applied payments); being plain selects, they
 * fold into the query, so the overdue scan still uses the partial index of open invoices, the joins
 * the open-dispute and promise indexes, and the history the allocations' invoice index.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { openDisputesRelation } from '../disputes/index.ts';
import { openInvoicesRelation, paidInvoicesRelation } from '../invoices/index.ts';
import { appliedPaymentsRelation } from '../receipts/index.ts';
import { HISTORY_WINDOW_DAYS, LATENESS_CAP_DAYS } from './worklist-score.ts';

export interface OverdueRow {
  customer_id: string;
  currency: string;
  collectible_minor: bigint;
  weighted: number;
  day_weighted: number;
  oldest_days: number | null;
  disputed_count: number;
  promised_minor: bigint;
}

/** Whose invoices: every customer, one collector's, or (`null`) the unassigned ones. */
export type CollectorScope = { collectorId: string } | { unassigned: true } | null;

function scopeFilter(tenantId: string, scope: CollectorScope): SQL {
  if (scope === null) return sql``;
  if ('unassigned' in scope)
    return sql`and not exists (select 1 from customer_collectors a
                 where a.tenant_id = ${tenantId} and a.customer_id = i.customer_id)`;
  return sql`and i.customer_id in (select a.customer_id from customer_collectors a
               where a.tenant_id = ${tenantId} and a.collector_id = ${scope.collectorId})`;
}

/** Per customer and currency: what is overdue on `asOf`, split into collectible, disputed, promised. */
export function overdueRows(q: Queryable, tenantId: string, asOf: CalendarDate, scope: CollectorScope) {
  return queryRowsWithSums<OverdueRow>(
    q,
    sql`with open_promises as (
          select p.promise_id, p.customer_id, p.invoice_count from promises p
          where p.tenant_id = ${tenantId} and p.status = 'open'
            and p.made_on <= ${asOf}::date and p.keep_by >= ${asOf}::date
        ), promised_invoices as (
          select distinct pi.invoice_id from open_promises p
          join promise_invoices pi on pi.tenant_id = ${tenantId} and pi.promise_id = p.promise_id
        ), promised_customers as (
          select distinct customer_id from open_promises where invoice_count = 0
        ), items as (
          select i.customer_id, i.currency, i.fx_rate, (${asOf}::date - i.due_date) as days,
            i.open_minor - least(coalesce(d.amount_minor, 0), i.open_minor) as collectible,
            (d.dispute_id is not null) as disputed,
            (pi.invoice_id is not null or pc.customer_id is not null) as promised
          from ${openInvoicesRelation(tenantId)} i
          left join ${openDisputesRelation(tenantId)} d on d.invoice_id = i.invoice_id
          left join promised_invoices pi on pi.invoice_id = i.invoice_id
          left join promised_customers pc on pc.customer_id = i.customer_id
          where i.due_date < ${asOf}::date ${scopeFilter(tenantId, scope)}
        )
        select customer_id, currency,
          ${sumMinor(sql`collectible`, sql`not promised`)} as collectible_minor,
          coalesce(sum(collectible::float8 * fx_rate::float8) filter (where not promised), 0) as weighted,
          coalesce(sum(collectible::float8 * fx_rate::float8 * least(days, ${LATENESS_CAP_DAYS}::int))
            filter (where not promised), 0) as day_weighted,
          max(days) filter (where not promised and collectible > 0) as oldest_days,
          count(*) filter (where disputed)::int as disputed_count,
          ${sumMinor(sql`collectible`, sql`promised`)} as promised_minor
        from items group by customer_id, currency`,
    ['collectible_minor', 'promised_minor'],
  );
}

export interface HistoryRow {
  customer_id: string;
  settled: number;
  late: number;
  sum_days: number;
}

/**
 * Per customer: invoices paid in full (status `paid`) whose last payment — the latest receipt date
 * among their allocations — falls in the year up to `asOf`, how many of them late, and Σ days late.
 * `customerIds: null` reads every customer (cheaper than naming thousands). An invoice is closed
 * when its last payment is recorded, never before it was received, so `closed_at` bounds the scan.
 */
export function historyRows(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  customerIds: readonly string[] | null,
) {
  if (customerIds !== null && customerIds.length === 0) return Promise.resolve([]);
  const since = addDays(asOf, -HISTORY_WINDOW_DAYS);
  const only = customerIds ? sql`where i.customer_id = any(${sql.param([...customerIds])}::uuid[])` : sql``;
  return queryRows<HistoryRow>(
    q,
    sql`select customer_id, count(*)::int as settled, count(*) filter (where paid_on > due_date)::int as late,
          coalesce(sum(paid_on - due_date), 0)::int as sum_days
        from (
          select i.customer_id, i.due_date, max(a.received_on) as paid_on
          from ${paidInvoicesRelation(tenantId, since)} i
          join ${appliedPaymentsRelation(tenantId)} a on a.invoice_id = i.invoice_id
          ${only}
          group by i.customer_id, i.invoice_id, i.due_date
        ) h
        where paid_on <= ${asOf}::date and paid_on > ${since}::date
        group by customer_id`,
  );
}

export interface PromiseFactsRow {
  customer_id: string;
  latest_status: string;
  latest_promised_on: string;
  latest_settled_on: string | null;
  open_promised_on: string | null;
}

/** Per customer (`null`: all): its latest promise (not cancelled) and the earliest open one's date. */
export function promiseFactsRows(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  customerIds: readonly string[] | null,
) {
  if (customerIds !== null && customerIds.length === 0) return Promise.resolve([]);
  const only = customerIds ? sql`and p.customer_id = any(${sql.param([...customerIds])}::uuid[])` : sql``;
  return queryRows<PromiseFactsRow>(
    q,
    sql`select distinct on (p.customer_id) p.customer_id, p.status as latest_status,
          p.promised_on::text as latest_promised_on, p.settled_on::text as latest_settled_on,
          (select min(o.promised_on) from promises o
            where o.tenant_id = p.tenant_id and o.customer_id = p.customer_id and o.status = 'open'
              and o.made_on <= ${asOf}::date and o.keep_by >= ${asOf}::date)::text as open_promised_on
        from promises p
        where p.tenant_id = ${tenantId} and p.status <> 'cancelled' and p.made_on <= ${asOf}::date ${only}
        order by p.customer_id, p.created_at desc, p.promise_id desc`,
  );
}
