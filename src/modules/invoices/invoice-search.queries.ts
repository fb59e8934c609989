/**
 * The invoice list's SQL: filters, sorts and offset paging over the tenant's invoices. Every sort
 * ends in `invoice_id`, so a page boundary never splits or repeats rows that tie on the sort key.
 */
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  gte,
  ilike,
  inArray,
  lt,
  lte,
  ne,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { exponentOf, knownCurrencies } from '../../shared/currency.ts';
import { customersRelation } from '../customers/index.ts';
import { invoices } from './invoices.tables.ts';

export const INVOICE_SORT_KEYS = [
  'number',
  'issueDate',
  'dueDate',
  'total',
  'open',
  'daysOverdue',
  'customerName',
] as const;
export type InvoiceSortKey = (typeof INVOICE_SORT_KEYS)[number];

/** What the list filters on; amounts are decimal strings in major units of each invoice's currency. */
export interface InvoiceSearchFilter {
  statuses?: readonly string[];
  overdue?: boolean;
  customerId?: string;
  categoryId?: string;
  currency?: string;
  kind?: 'invoice' | 'credit_note';
  issuedFrom?: string;
  issuedTo?: string;
  dueFrom?: string;
  dueTo?: string;
  amountOf?: 'total' | 'open';
  amountMin?: string;
  amountMax?: string;
  text?: string;
  asOf: string;
}

/** Without `sort`: creation order (id), paged by `afterId`; with `sort`: paged by `offset`. */
export interface InvoiceSearchPage {
  sort?: InvoiceSortKey | undefined;
  descending?: boolean | undefined;
  offset?: number | undefined;
  afterId?: string | undefined;
  limit: number;
}

/** Overdue as of `asOf`: issued or partially paid, something open, due before `asOf` (see isOverdue). */
function overdueCondition(asOf: string): SQL {
  return and(
    inArray(invoices.status, ['issued', 'partially_paid']),
    ne(invoices.openMinor, 0n),
    lt(invoices.dueDate, asOf),
  ) as SQL;
}

function notOverdueCondition(asOf: string): SQL {
  return sql`not coalesce(${overdueCondition(asOf)}, false)`;
}

/** The tenant-wide amount bounds of `f` per exponent: one range per group of currencies, so an index can serve it. */
function rangeIn(column: SQL | typeof invoices.totalMinor, exponent: number, f: InvoiceSearchFilter): SQL[] {
  const factor = 10 ** exponent;
  const c: SQL[] = [];
  if (f.amountMin !== undefined) c.push(sql`${column} >= ${f.amountMin}::numeric * ${factor}`);
  if (f.amountMax !== undefined) c.push(sql`${column} <= ${f.amountMax}::numeric * ${factor}`);
  return c;
}

/** `column` compared with a major-unit amount, converted to minor units of each row's currency. */
function amountCondition(f: InvoiceSearchFilter): SQL[] {
  if (f.amountMin === undefined && f.amountMax === undefined) return [];
  const column = f.amountOf === 'open' ? invoices.openMinor : invoices.totalMinor;
  if (f.currency) return rangeIn(column, exponentOf(f.currency), f);
  const odd = knownCurrencies().filter((c) => exponentOf(c) !== 2);
  const byExponent = new Map<number, string[]>();
  for (const c of odd) byExponent.set(exponentOf(c), [...(byExponent.get(exponentOf(c)) ?? []), c]);
  const arms = [and(notInArray(invoices.currency, odd), ...rangeIn(column, 2, f)) as SQL];
  for (const [exponent, list] of byExponent)
    arms.push(and(inArray(invoices.currency, list), ...rangeIn(column, exponent, f)) as SQL);
  return [or(...arms) as SQL];
}

function textCondition(text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, '\\$&')}%`;
  return or(
    ilike(invoices.number, pattern),
    ilike(invoices.paymentReference, pattern),
    ilike(invoices.poNumber, pattern),
  ) as SQL;
}

function dateConditions(f: InvoiceSearchFilter): SQL[] {
  const c: SQL[] = [];
  if (f.issuedFrom) c.push(gte(invoices.issueDate, f.issuedFrom));
  if (f.issuedTo) c.push(lte(invoices.issueDate, f.issuedTo));
  if (f.dueFrom) c.push(gte(invoices.dueDate, f.dueFrom));
  if (f.dueTo) c.push(lte(invoices.dueDate, f.dueTo));
  return c;
}

/** The WHERE of a search: every filter given, ANDed. */
export function searchConditions(tenantId: string, f: InvoiceSearchFilter): SQL {
  const c: SQL[] = [eq(invoices.tenantId, tenantId)];
  if (f.kind) c.push(eq(invoices.kind, f.kind));
  if (f.statuses && f.statuses.length > 0) c.push(inArray(invoices.status, [...f.statuses]));
  if (f.overdue !== undefined) c.push(f.overdue ? overdueCondition(f.asOf) : notOverdueCondition(f.asOf));
  if (f.customerId) c.push(eq(invoices.customerId, f.customerId));
  if (f.categoryId) {
    c.push(sql`${invoices.customerId} in (select customer_id from ${customersRelation(tenantId)} cc
                 where cc.category_id = ${f.categoryId})`);
  }
  if (f.currency) c.push(eq(invoices.currency, f.currency));
  if (f.text) c.push(textCondition(f.text));
  c.push(...dateConditions(f), ...amountCondition(f));
  return and(...c) as SQL;
}

/** Days overdue as of `asOf` (0 when not overdue), as SQL. */
export function daysOverdueSql(asOf: string): SQL<number> {
  return sql<number>`(case when ${overdueCondition(asOf)} then (${asOf}::date - ${invoices.dueDate}) else 0 end)::int`;
}

function sortExpression(key: InvoiceSortKey, asOf: string): SQL | typeof invoices.number {
  switch (key) {
    case 'number':
      return invoices.number;
    case 'issueDate':
      return sql`${invoices.issueDate}`;
    case 'dueDate':
      return sql`${invoices.dueDate}`;
    case 'total':
      return sql`${invoices.totalMinor}`;
    case 'open':
      return sql`${invoices.openMinor}`;
    case 'daysOverdue':
      return daysOverdueSql(asOf);
    case 'customerName':
      // The name of the customers relation joined as `cn` (see searchInvoiceRows).
      return sql`cn.name`;
    default:
      return assertNever(key);
  }
}

function assertNever(key: never): never {
  throw new Error(`unknown sort ${String(key)}`);
}

/** One page of invoices matching `f`, in the order asked, ties broken by id. */
export function searchInvoiceRows(
  q: Queryable,
  tenantId: string,
  f: InvoiceSearchFilter,
  p: InvoiceSearchPage,
) {
  const where = searchConditions(tenantId, f);
  if (!p.sort) {
    const after = p.afterId ? gt(invoices.invoiceId, p.afterId) : undefined;
    return q.select().from(invoices).where(and(where, after)).orderBy(asc(invoices.invoiceId)).limit(p.limit);
  }
  const key = sortExpression(p.sort, f.asOf);
  // PostgreSQL's own null order (a draft's missing date or number sorts as the largest), so the
  // btree indexes on (tenant_id, key, invoice_id) serve both directions.
  const direction = p.descending ? sql`desc` : sql`asc`;
  // One hash join for the customer's name, not a look-up per row (1.2 s → 0.2 s at 100,000 on PGlite).
  const named = sql`${customersRelation(tenantId)} cn`;
  const base = q.select(getTableColumns(invoices)).from(invoices);
  const joined =
    p.sort === 'customerName' ? base.leftJoin(named, sql`cn.customer_id = ${invoices.customerId}`) : base;
  return joined
    .where(where)
    .orderBy(sql`${key} ${direction}`, p.descending ? desc(invoices.invoiceId) : asc(invoices.invoiceId))
    .offset(p.offset ?? 0)
    .limit(p.limit);
}

/** How many invoices match `f`. */
export async function countInvoiceRows(
  q: Queryable,
  tenantId: string,
  f: InvoiceSearchFilter,
): Promise<number> {
  const [row] = await q.select({ n: count() }).from(invoices).where(searchConditions(tenantId, f));
  return Number(row?.n ?? 0);
}
