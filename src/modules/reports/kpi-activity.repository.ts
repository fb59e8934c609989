/**
 * SQL of the KPI report's activity figures, per currency and month (its first day, `YYYY-MM-DD`),
 * each one statement over the whole range of months, joining the relations their owners publish:
 * - settlements: invoices whose AR balance became zero by payment in the month (the journal), with
 *   their issue and due dates and totals (the documents);
 * - unapplied cash at each month end: the receipts' AR lines that name no invoice, effective up to it,
 *   with the receipts' dates (as the aging report as of that day);
 * - receipts recorded in the month and those of them cash application booked by itself;
 * - disputes opened and closed in the month, invoices issued in it;
 * - promises to pay whose last day to keep them falls in the month, and those kept.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { bookedReceiptsRelation } from '../bank/index.ts';
import { promiseFactsRelation } from '../collections/index.ts';
import { disputeFactsRelation } from '../disputes/index.ts';
import { invoiceFactsRelation } from '../invoices/index.ts';
import { accountLinesUpToRelation, invoiceSettlementsRelation } from '../ledger/index.ts';
import { receiptFactsRelation } from '../receipts/index.ts';
import { SETTLEMENT_EVENTS } from './kpi.repository.ts';
import { inScope, type KpiSelection } from './kpi-scope.ts';

/** Which customers (the scope) and which amounts (`base`: the journal's base amounts). */
export type ActivityOf = Pick<KpiSelection, 'base' | 'customers'>;

/** The journal events that put an invoice on the AR account: its total, in base, is their AR lines' base amounts. */
const ISSUE_EVENTS = ['invoice.issued', 'open_items.imported'];

/**
 * Per document named by AR lines of `events` (`doc_id`: the invoice, or for `receipt.recorded` the
 * receipt), the base amount of those lines (credit positive with `sign` -1).
 */
function baseAmountsOf(
  tenantId: string,
  arCode: string,
  upTo: string,
  events: readonly string[],
  column: 'invoice_id' | 'receipt_id',
  sign: 1 | -1,
) {
  const onlyReceipt = column === 'receipt_id' ? sql` and l.invoice_id is null` : sql``;
  return sql`(select l.${sql.raw(column)} as doc_id, ${sign} * sum(l.base_amount_minor) as base_minor
              from ${accountLinesUpToRelation(tenantId, arCode, upTo)} l
              where l.${sql.raw(column)} is not null${onlyReceipt}
                and l.event_code = any(${sql.param([...events])}::text[])
              group by l.${sql.raw(column)})`;
}

/** Months from `from` to `to` (inclusive days). */
export interface MonthRange {
  from: string;
  to: string;
}

export interface SettlementRow {
  month: string;
  currency: string;
  invoices: bigint;
  within_terms: bigint;
  amount: bigint;
  amount_within_terms: bigint;
  days_to_pay: bigint;
  days_late: bigint;
  /** Σ days × invoice total (amount-weighted averages). */
  days_to_pay_weighted: bigint;
  days_late_weighted: bigint;
}

const month = (column: string) => sql.raw(`to_char(date_trunc('month', ${column}), 'YYYY-MM-DD')`);

/** The settlements' columns of `SettlementRow` (but `month`, `currency`), of `s` (settlements) joined to `i` (invoices). */
export function settlementSums(total: SQL, where?: SQL, suffix = ''): SQL {
  const due = sql`coalesce(i.due_date, i.issue_date)`;
  const toPay = sql`(s.settled_on - i.issue_date)`;
  const late = sql`greatest(s.settled_on - ${due}, 0)`;
  const and = (also: SQL) => (where ? sql`${where} and ${also}` : also);
  return sql`(count(*) filter (where ${where ?? sql`true`}))::text as invoices${sql.raw(suffix)},
          (count(*) filter (where ${and(sql`s.settled_on <= ${due}`)}))::text as within_terms${sql.raw(suffix)},
          ${sumMinor(total, where)} as amount${sql.raw(suffix)},
          ${sumMinor(total, and(sql`s.settled_on <= ${due}`))} as amount_within_terms${sql.raw(suffix)},
          ${sumMinor(toPay, where)} as days_to_pay${sql.raw(suffix)}, ${sumMinor(late, where)} as days_late${sql.raw(suffix)},
          ${sumMinor(sql`${toPay}::numeric * ${total}`, where)} as days_to_pay_weighted${sql.raw(suffix)},
          ${sumMinor(sql`${late}::numeric * ${total}`, where)} as days_late_weighted${sql.raw(suffix)}`;
}

/** The columns `settlementSums` names, in its order. */
export const SETTLEMENT_SUMS = [
  'invoices',
  'within_terms',
  'amount',
  'amount_within_terms',
  'days_to_pay',
  'days_late',
  'days_to_pay_weighted',
  'days_late_weighted',
] as const;

/**
 * The settlements by payment from `r.from` to `r.to` (`s`), with their invoices (`i`) and the
 * invoices' issue lines' base amounts (`ib.base_minor`, null without such lines; with `base` only).
 * `moved`: read only the invoices with a line from `r.from` on — worth it when that is a small part
 * of the journal (one month), not over a whole year (the semi-join then costs more than it saves).
 */
export function settlementsFrom(
  tenantId: string,
  arCode: string,
  r: MonthRange,
  opts: { base: boolean; moved: boolean },
): SQL {
  const ib = opts.base
    ? sql` left join ${baseAmountsOf(tenantId, arCode, r.to, ISSUE_EVENTS, 'invoice_id', 1)} ib on ib.doc_id = s.invoice_id`
    : sql``;
  const movedFrom = opts.moved ? r.from : undefined;
  return sql`${invoiceSettlementsRelation(tenantId, arCode, r.to, SETTLEMENT_EVENTS, movedFrom)} s
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = s.invoice_id${ib}`;
}

/**
 * Invoices settled by payment per month: within terms (on or before the due date), days to pay and
 * late. In base amounts only the invoices with issue lines (all, as the journal is posted).
 */
export function settlementRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  r: MonthRange,
  of: ActivityOf & { moved?: boolean },
) {
  const sums = of.base
    ? settlementSums(sql`ib.base_minor`, sql`ib.doc_id is not null`)
    : settlementSums(sql`i.total_minor`);
  return queryRowsWithSums<SettlementRow>(
    q,
    sql`select ${month('s.settled_on')} as month, s.currency, ${sums}
        from ${settlementsFrom(tenantId, arCode, r, { base: of.base === true, moved: of.moved === true })}
        where s.settled_on >= ${r.from}::date${inScope(sql`s.customer_id`, of.customers)}
        group by 1, s.currency`,
    [...SETTLEMENT_SUMS],
  );
}

export interface UnappliedRow {
  /** The day the figures stand on (a month end or the last day counted). */
  end_date: string;
  currency: string;
  amount: bigint;
  /** Σ unapplied × days since the receipt was received. */
  age_weighted: bigint;
  oldest_days: number;
}

/** Unapplied cash at each of `ends` (days), from the receipts' AR lines up to it. */
export function unappliedRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  ends: readonly string[],
  of: ActivityOf,
) {
  const last = ends.reduce((a, b) => (a > b ? a : b));
  return queryRowsWithSums<UnappliedRow>(
    q,
    sql`with ends as (select unnest(${sql.param([...ends])}::date[]) as end_date),
        per_receipt as (
          select ends.end_date, l.currency, l.receipt_id,
            -sum(${of.base ? sql`l.base_amount_minor` : sql`l.amount_minor`}) as amount
          from ${accountLinesUpToRelation(tenantId, arCode, last)} l
          join ends on l.effective_date <= ends.end_date
          where l.receipt_id is not null and l.invoice_id is null${inScope(sql`l.customer_id`, of.customers)}
          group by ends.end_date, l.currency, l.receipt_id)
        select to_char(p.end_date, 'YYYY-MM-DD') as end_date, p.currency, ${sumMinor(sql`p.amount`)} as amount,
          ${sumMinor(sql`p.amount * (p.end_date - r.received_on)`)} as age_weighted,
          max(p.end_date - r.received_on)::int as oldest_days
        from per_receipt p
        join ${receiptFactsRelation(tenantId)} r on r.receipt_id = p.receipt_id
        where p.amount <> 0
        group by p.end_date, p.currency`,
    ['amount', 'age_weighted'],
  );
}

export interface ReceiptActivityRow {
  month: string;
  currency: string;
  receipts: bigint;
  auto: bigint;
  amount: bigint;
  amount_auto: bigint;
}

/** Receipts received per month, and those cash application booked by itself (`how` = auto). */
export function receiptActivityRows(
  q: Queryable,
  tenantId: string,
  arCode: string,
  r: MonthRange,
  of: ActivityOf,
) {
  const auto = sql`b.how = 'auto'`;
  const amount = of.base ? sql`rb.base_minor` : sql`r.amount_minor`;
  const base = of.base
    ? sql`join ${baseAmountsOf(tenantId, arCode, r.to, ['receipt.recorded'], 'receipt_id', -1)} rb on rb.doc_id = r.receipt_id`
    : sql``;
  return queryRowsWithSums<ReceiptActivityRow>(
    q,
    sql`select ${month('r.received_on')} as month, r.currency, count(*)::text as receipts,
          (count(*) filter (where ${auto}))::text as auto,
          ${sumMinor(amount)} as amount, ${sumMinor(amount, auto)} as amount_auto
        from ${receiptFactsRelation(tenantId)} r
        left join ${bookedReceiptsRelation(tenantId)} b on b.receipt_id = r.receipt_id
        ${base}
        where r.received_on between ${r.from}::date and ${r.to}::date${inScope(sql`r.customer_id`, of.customers)}
        group by 1, r.currency`,
    ['receipts', 'auto', 'amount', 'amount_auto'],
  );
}

export interface DisputeActivityRow {
  month: string;
  currency: string;
  issued: bigint;
  opened: bigint;
  closed: bigint;
  /** Σ days from opening to closing of the disputes closed in the month. */
  days_to_close: bigint;
}

/** Invoices issued, disputes opened and disputes closed (resolved or rejected) per month. */
export function disputeActivityRows(q: Queryable, tenantId: string, r: MonthRange, of: ActivityOf) {
  const within = (column: string) => sql`${sql.raw(column)} between ${r.from}::date and ${r.to}::date`;
  const disputed = of.customers
    ? sql` and d.invoice_id in (select di.invoice_id from ${invoiceFactsRelation(tenantId)} di
           where true${inScope(sql`di.customer_id`, of.customers)})`
    : sql``;
  return queryRowsWithSums<DisputeActivityRow>(
    q,
    sql`with events as (
          select ${month('i.issue_date')} as month, i.currency, 1 as issued, 0 as opened, 0 as closed, 0 as days
          from ${invoiceFactsRelation(tenantId)} i
          where i.kind = 'invoice' and i.number is not null and ${within('i.issue_date')}${inScope(sql`i.customer_id`, of.customers)}
          union all
          select ${month('d.opened_on')}, d.currency, 0, 1, 0, 0
          from ${disputeFactsRelation(tenantId)} d where ${within('d.opened_on')}${disputed}
          union all
          select ${month('d.closed_on')}, d.currency, 0, 0, 1, d.closed_on - d.opened_on
          from ${disputeFactsRelation(tenantId)} d where ${within('d.closed_on')}${disputed})
        select month, currency, ${sumMinor(sql`issued`)} as issued, ${sumMinor(sql`opened`)} as opened,
          ${sumMinor(sql`closed`)} as closed, ${sumMinor(sql`days`)} as days_to_close
        from events group by month, currency`,
    ['issued', 'opened', 'closed', 'days_to_close'],
  );
}

export interface PromiseActivityRow {
  month: string;
  currency: string;
  due: bigint;
  kept: bigint;
}

/** Promises whose last day to keep them falls in the month (not cancelled), and those kept. */
export function promiseActivityRows(q: Queryable, tenantId: string, r: MonthRange, of: ActivityOf) {
  return queryRowsWithSums<PromiseActivityRow>(
    q,
    sql`select ${month('p.keep_by')} as month, p.currency, count(*)::text as due,
          (count(*) filter (where p.status = 'kept'))::text as kept
        from ${promiseFactsRelation(tenantId)} p
        where p.status <> 'cancelled' and p.keep_by between ${r.from}::date and ${r.to}::date${inScope(sql`p.customer_id`, of.customers)}
        group by 1, p.currency`,
    ['due', 'kept'],
  );
}
