/**
 * SQL of the aging report. Bucketing happens in the database so 100,000 open items come back as
 * one row per customer and currency. Two sources, same shape, each a pair of CTEs — `items` (open
 * invoice amounts with their days) and `unapplied` (receipts' unapplied cash) — that the report
 * sums and a customer statement lists item by item, so both always show the same figures:
 * - `openItemSource`: the invoices' current open amounts (as of today or later; uses the partial
 *   index on open invoices);
 * - `ledgerSource`: the AR journal lines effective on or before a past date (what was open then).
 * The tables stay their owners': the queries join the relations the customers, invoices, receipts
 * and ledger modules publish, which PostgreSQL folds in, so each report is still one statement
 * over the owners' indexes.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { categoriesRelation, customersRelation } from '../customers/index.ts';
import { invoiceFactsRelation, openInvoicesRelation } from '../invoices/index.ts';
import { accountLinesUpToRelation, invoiceLinesOfEventRelation } from '../ledger/index.ts';
import { receiptFactsRelation } from '../receipts/index.ts';

export type AgingBasis = 'due_date' | 'invoice_date';

export interface AgingRow {
  currency: string;
  customer_id: string;
  external_id: string;
  name: string;
  category_id: string | null;
  category_name: string | null;
  current: bigint;
  d1_30: bigint;
  d31_60: bigint;
  d61_90: bigint;
  d91: bigint;
  unapplied: bigint;
}

/** Which items: a tenant's as of a date on a basis, optionally one customer's only. */
export interface AgingScope {
  tenantId: string;
  asOf: string;
  basis: AgingBasis;
  customerId?: string | undefined;
  /** Only the items of these customers: a relation with a `customer_id` column (the KPI report's scope). */
  customers?: SQL | undefined;
  /** The amounts in the tenant's base currency (the journal's `base_amount_minor`; ledger source only). */
  base?: boolean | undefined;
}

function bucketColumns(days: ReturnType<typeof sql>, amount: ReturnType<typeof sql>) {
  return sql`
    coalesce(sum(${amount}) filter (where ${days} <= 0), 0)::numeric as current,
    coalesce(sum(${amount}) filter (where ${days} between 1 and 30), 0)::numeric as d1_30,
    coalesce(sum(${amount}) filter (where ${days} between 31 and 60), 0)::numeric as d31_60,
    coalesce(sum(${amount}) filter (where ${days} between 61 and 90), 0)::numeric as d61_90,
    coalesce(sum(${amount}) filter (where ${days} > 90), 0)::numeric as d91`;
}

function fromDate(basis: AgingBasis) {
  return basis === 'due_date' ? sql`coalesce(i.due_date, i.issue_date)` : sql`i.issue_date`;
}

function customerFilter(column: SQL, s: AgingScope) {
  const one = s.customerId ? sql` and ${column} = ${s.customerId}::uuid` : sql``;
  const some = s.customers ? sql` and ${column} in (select sc.customer_id from ${s.customers} sc)` : sql``;
  return sql`${one}${some}`;
}

/** CTEs `items` and `unapplied` from the invoices' and receipts' current open amounts. */
export function openItemSource(s: AgingScope): SQL {
  return sql`items as (
      select i.currency, i.customer_id, i.invoice_id, (${s.asOf}::date - ${fromDate(s.basis)}) as days,
        i.open_minor as amount
      from ${openInvoicesRelation(s.tenantId)} i
      where i.issue_date <= ${s.asOf}::date${customerFilter(sql`i.customer_id`, s)}
    ), unapplied as (
      select r.currency, r.customer_id, r.receipt_id, r.unapplied_minor as amount
      from ${receiptFactsRelation(s.tenantId)} r
      where r.unapplied_minor <> 0 and r.received_on <= ${s.asOf}::date${customerFilter(sql`r.customer_id`, s)}
    )`;
}

/** CTEs `items` and `unapplied` rebuilt from the AR journal lines effective up to `asOf`. */
export function ledgerSource(s: AgingScope, arCode: string): SQL {
  return sql`ar as (
      select l.currency, l.customer_id, l.invoice_id, l.receipt_id,
        ${s.base ? sql`l.base_amount_minor` : sql`l.amount_minor`} as amount_minor
      from ${accountLinesUpToRelation(s.tenantId, arCode, s.asOf)} l
      where true${customerFilter(sql`l.customer_id`, s)}
    ), per_invoice as (
      select ar.currency, ar.customer_id, ar.invoice_id, sum(ar.amount_minor) as amount
      from ar where ar.invoice_id is not null group by ar.currency, ar.customer_id, ar.invoice_id
    ), items as (
      select p.currency, p.customer_id, p.invoice_id, (${s.asOf}::date - ${fromDate(s.basis)}) as days, p.amount
      from per_invoice p
      join ${invoiceFactsRelation(s.tenantId)} i on i.invoice_id = p.invoice_id
      where p.amount <> 0
    ), unapplied as (
      select ar.currency, ar.customer_id, ar.receipt_id, -sum(ar.amount_minor) as amount
      from ar where ar.invoice_id is null and ar.receipt_id is not null
      group by ar.currency, ar.customer_id, ar.receipt_id
    )`;
}

/** The report over a source: one row per customer and currency, with names. */
export function agingRows(q: Queryable, tenantId: string, source: SQL) {
  return queryRowsWithSums<AgingRow>(
    q,
    sql`with ${source}, by_customer as (
          select currency, customer_id, ${bucketColumns(sql`days`, sql`amount`)}, 0::numeric as unapplied
          from items group by currency, customer_id
          union all
          select currency, customer_id, 0, 0, 0, 0, 0, sum(amount)::numeric
          from unapplied where amount <> 0 group by currency, customer_id
        )
        select b.currency, b.customer_id, c.external_id, c.name, c.category_id, cat.name as category_name,
          ${sumMinor(sql`current`)} as current, ${sumMinor(sql`d1_30`)} as d1_30,
          ${sumMinor(sql`d31_60`)} as d31_60, ${sumMinor(sql`d61_90`)} as d61_90, ${sumMinor(sql`d91`)} as d91,
          ${sumMinor(sql`unapplied`)} as unapplied
        from by_customer b
        join ${customersRelation(tenantId)} c on c.customer_id = b.customer_id
        left join ${categoriesRelation(tenantId)} cat on cat.category_id = c.category_id
        group by b.currency, b.customer_id, c.external_id, c.name, c.category_id, cat.name
        order by b.currency, c.external_id`,
    ['current', 'd1_30', 'd31_60', 'd61_90', 'd91', 'unapplied'],
  );
}

export interface AgingTotalsRow {
  currency: string;
  current: bigint;
  d1_30: bigint;
  d31_60: bigint;
  d61_90: bigint;
  d91: bigint;
}

/** The items of a source summed per currency and bucket — no customers, no unapplied cash. */
export function agingTotalsRows(q: Queryable, source: SQL) {
  return queryRowsWithSums<AgingTotalsRow>(
    q,
    sql`with ${source}, by_currency as (
          select currency, ${bucketColumns(sql`days`, sql`amount`)} from items group by currency
        )
        select currency, ${sumMinor(sql`current`)} as current, ${sumMinor(sql`d1_30`)} as d1_30,
          ${sumMinor(sql`d31_60`)} as d31_60, ${sumMinor(sql`d61_90`)} as d61_90, ${sumMinor(sql`d91`)} as d91
        from by_currency group by currency`,
    ['current', 'd1_30', 'd31_60', 'd61_90', 'd91'],
  );
}

export interface AgingItemRow {
  currency: string;
  customer_id: string;
  invoice_id: string;
  number: string | null;
  issue_date: string;
  due_date: string | null;
  total_minor: bigint;
  open_minor: bigint;
  days: number;
  payment_reference: string | null;
}

/** The open items of a source one by one, oldest due first. */
export function agingItemRows(q: Queryable, tenantId: string, source: SQL) {
  return queryRowsWithSums<AgingItemRow>(
    q,
    sql`with ${source}
        select it.currency, it.customer_id, it.invoice_id, i.number, i.issue_date, i.due_date, i.total_minor,
          it.amount::numeric::text as open_minor, it.days::int as days, i.payment_reference
        from items it
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = it.invoice_id
        order by it.currency, coalesce(i.due_date, i.issue_date), i.number, it.invoice_id`,
    ['open_minor'],
  );
}

/** Which open items of a source a drill-down lists, and from where (keyset: basis date, invoice id). */
export interface AgingItemFilter {
  currency: string;
  basis: AgingBasis;
  /** A top-level category's id, or `null` for the customers without a category. */
  categoryId?: string | null | undefined;
  /** Inclusive range of days past the basis date (a bucket). */
  days?: { min: number | null; max: number | null } | undefined;
  after?: { date: string; invoiceId: string } | undefined;
  limit: number;
}

export interface AgingItemPageRow extends AgingItemRow {
  external_id: string;
  customer_name: string;
  basis_date: string;
}

function itemFilterSql(f: AgingItemFilter, basisDate: SQL): SQL {
  const parts: SQL[] = [sql`it.currency = ${f.currency}`];
  if (f.categoryId === null) parts.push(sql`c.category_id is null`);
  else if (f.categoryId) parts.push(sql`c.category_id = ${f.categoryId}::uuid`);
  if (f.days?.min != null) parts.push(sql`it.days >= ${f.days.min}`);
  if (f.days?.max != null) parts.push(sql`it.days <= ${f.days.max}`);
  if (f.after)
    parts.push(sql`(${basisDate}, it.invoice_id) > (${f.after.date}::date, ${f.after.invoiceId}::uuid)`);
  return sql.join(parts, sql` and `);
}

/** One page of a source's open items with their customers, oldest basis date first. */
export function agingItemPageRows(q: Queryable, tenantId: string, source: SQL, f: AgingItemFilter) {
  const basisDate = f.basis === 'due_date' ? sql`coalesce(i.due_date, i.issue_date)` : sql`i.issue_date`;
  return queryRowsWithSums<AgingItemPageRow>(
    q,
    sql`with ${source}
        select it.currency, it.invoice_id, i.number, i.issue_date, i.due_date, i.total_minor,
          it.amount::numeric::text as open_minor, it.days::int as days, i.payment_reference,
          it.customer_id, c.external_id, c.name as customer_name, to_char(${basisDate}, 'YYYY-MM-DD') as basis_date
        from items it
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = it.invoice_id
        join ${customersRelation(tenantId)} c on c.customer_id = it.customer_id
        where ${itemFilterSql(f, basisDate)}
        order by ${basisDate}, it.invoice_id
        limit ${f.limit}`,
    ['open_minor'],
  );
}

export interface UnappliedRow {
  currency: string;
  customer_id: string;
  receipt_id: string;
  received_on: string;
  amount_minor: bigint;
  unapplied_minor: bigint;
  reference: string | null;
}

/** The receipts with unapplied cash of a source one by one, oldest first. */
export function unappliedRows(q: Queryable, tenantId: string, source: SQL) {
  return queryRowsWithSums<UnappliedRow>(
    q,
    sql`with ${source}
        select u.currency, u.customer_id, u.receipt_id, r.received_on, r.amount_minor, u.amount::numeric::text as unapplied_minor,
          r.reference
        from unapplied u
        join ${receiptFactsRelation(tenantId)} r on r.receipt_id = u.receipt_id
        where u.amount <> 0
        order by u.currency, r.received_on, u.receipt_id`,
    ['unapplied_minor'],
  );
}

/**
 * Open items imported after `asOf` that were issued on or before it, per import day: the effective
 * date of their opening entry (`open_items.imported`). The ledger source cannot show them as of a
 * day before the import (the journal knows them only from then on).
 */
export function importedAfterRows(q: Queryable, tenantId: string, asOf: string) {
  return queryRows<{ importedOn: string; count: number }>(
    q,
    sql`select to_char(l.effective_date, 'YYYY-MM-DD') as "importedOn", count(distinct l.invoice_id)::int as count
        from ${invoiceLinesOfEventRelation(tenantId, 'open_items.imported')} l
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = l.invoice_id
        where l.effective_date > ${asOf}::date and i.issue_date <= ${asOf}::date
        group by l.effective_date order by l.effective_date`,
  );
}
