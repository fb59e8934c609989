/**
 * SQL of the KPI report's customer-base erosion and rework figures (docs/analytics.md, "Erosion
 * and rework"), each one statement over all the periods asked, from the AR journal lines (by their
 * entry's effective date) and the credit notes' reasons — never from a status:
 * - erosion: per period and its prior period (the same length just before), the customers billed
 *   (credit sales) and paying (`receipt.allocated` lines naming an invoice) in each, and the prior
 *   period's billing of the customers billed then and not in the period;
 * - rework: the invoices credited (`credit_note.issued`) or voided (`invoice.voided`) in the period,
 *   by kind and reason.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { creditNoteReasonsRelation, voidReasonsRelation } from '../invoices/index.ts';
import { accountLinesUpToRelation } from '../ledger/index.ts';
import { SALES_EVENTS } from './kpi.repository.ts';
import { inScope, type KpiSelection } from './kpi-scope.ts';

/** A period and the one before it (inclusive days). */
export interface PeriodPair {
  start: string;
  end: string;
  priorStart: string;
  priorEnd: string;
}

/** The AR lines of the selection effective from the first prior start to the last end. */
function selectedLines(tenantId: string, arCode: string, periods: readonly PeriodPair[], sel: KpiSelection) {
  const from = periods.reduce((a, p) => (p.priorStart < a ? p.priorStart : a), periods[0]?.priorStart ?? '');
  const to = periods.reduce((a, p) => (p.end > a ? p.end : a), '');
  const currency = sel.base ? sql`` : sql` and l.currency = ${sel.currency}`;
  return sql`(select l.customer_id, l.invoice_id, l.entry_id, l.event_code, l.effective_date,
                ${sel.base ? sql`l.base_amount_minor` : sql`l.amount_minor`} as amount
              from ${accountLinesUpToRelation(tenantId, arCode, to)} l
              where l.effective_date >= ${from}::date${currency}${inScope(sql`l.customer_id`, sel.customers)})`;
}

function periodsCte(periods: readonly PeriodPair[]): SQL {
  const col = (f: keyof PeriodPair) => sql.param(periods.map((p) => p[f]));
  return sql`periods as (
      select * from unnest(${col('start')}::date[], ${col('end')}::date[], ${col('priorStart')}::date[],
        ${col('priorEnd')}::date[]) as p(start_date, end_date, prior_start, prior_end))`;
}

export interface ErosionRow {
  /** The period's first day, `YYYY-MM-DD`. */
  start_date: string;
  paying_prior: bigint;
  paying_lost: bigint;
  billed_prior: bigint;
  billed_lost: bigint;
}

/** Per period: customers paying in the prior period and those of them not paying in it; billing likewise. */
export function erosionRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  periods: readonly PeriodPair[],
  sel: KpiSelection,
) {
  const sales = sql`l.event_code = any(${sql.param([...SALES_EVENTS])}::text[])`;
  const paid = sql`l.event_code = 'receipt.allocated' and l.invoice_id is not null`;
  const inPrior = sql`l.effective_date between p.prior_start and p.prior_end`;
  const inNow = sql`l.effective_date between p.start_date and p.end_date`;
  return queryRowsWithSums<ErosionRow>(
    q,
    sql`with ${periodsCte(periods)},
        per_customer as (
          select p.start_date, l.customer_id,
            coalesce(sum(l.amount) filter (where ${sales} and ${inPrior}), 0) as billed_prior,
            coalesce(sum(l.amount) filter (where ${sales} and ${inNow}), 0) as billed_now,
            bool_or(${paid} and ${inPrior}) as paid_prior, bool_or(${paid} and ${inNow}) as paid_now
          from periods p
          join ${selectedLines(tenantId, arCode, periods, sel)} l
            on l.effective_date between p.prior_start and p.end_date
          where l.customer_id is not null
          group by p.start_date, l.customer_id)
        select to_char(start_date, 'YYYY-MM-DD') as start_date,
          (count(*) filter (where paid_prior))::text as paying_prior,
          (count(*) filter (where paid_prior and not paid_now))::text as paying_lost,
          ${sumMinor(sql`billed_prior`)} as billed_prior,
          ${sumMinor(sql`billed_prior`, sql`billed_prior > 0 and billed_now <= 0`)} as billed_lost
        from per_customer group by start_date`,
    ['paying_prior', 'paying_lost', 'billed_prior', 'billed_lost'],
  );
}

export interface ReworkRow {
  start_date: string;
  /** `credit_note` or `void` (null in the period's total). */
  kind: string | null;
  /** As given (a credit note's reason, the text after "void:" in a void's entry); null when none. */
  reason: string | null;
  /** 3: the period's distinct invoices reworked; 1: per kind; 0: per kind and reason. */
  level: number;
  invoices: number;
}

/**
 * Per period: the distinct invoices credited or voided in it, per kind, and per kind and reason
 * (a credit note's reason, a void's: both as the invoices module keeps them).
 */
export function reworkRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  periods: readonly PeriodPair[],
  sel: KpiSelection,
) {
  return queryRows<ReworkRow>(
    q,
    sql`with ${periodsCte(periods)},
        reworked as (
          select p.start_date, l.invoice_id,
            case l.event_code when 'credit_note.issued' then 'credit_note' else 'void' end as kind,
            case l.event_code when 'credit_note.issued' then cn.reason else vr.reason end as reason
          from periods p
          join ${selectedLines(tenantId, arCode, periods, sel)} l
            on l.effective_date between p.start_date and p.end_date
          left join ${creditNoteReasonsRelation(tenantId)} cn on cn.entry_id = l.entry_id
          left join ${voidReasonsRelation(tenantId)} vr on vr.invoice_id = l.invoice_id and l.event_code = 'invoice.voided'
          where l.invoice_id is not null and l.event_code in ('credit_note.issued', 'invoice.voided'))
        select to_char(start_date, 'YYYY-MM-DD') as start_date, kind, reason,
          grouping(kind, reason)::int as level, count(distinct invoice_id)::int as invoices
        from reworked group by grouping sets ((start_date), (start_date, kind), (start_date, kind, reason))
        order by 1, 4 desc, 2, 5 desc, 3`,
  );
}
