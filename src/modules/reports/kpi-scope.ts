/**
 * Which customers a KPI report covers (docs/analytics.md, "Scopes and the base currency"): all of
 * them, one customer, a collector's (the customers the collections module assigns to them now), or
 * a category's (a top-level category includes its subcategories: a customer's `category_id` is
 * the top level, its `subcategory_id` the subcategory — as the customer list and the aging report
 * read them). Each filter the report's statements apply is a relation of `customer_id`s.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { customerCollectorsRelation, getCollectorOrThrow } from '../collections/index.ts';
import { categoriesRelation, customersRelation, getCustomerRowOrThrow } from '../customers/index.ts';

/** The scope as asked: any of them, combined (all must hold). */
export interface KpiScopeQuery {
  /** A customer's id or external id. */
  customer?: string | undefined;
  /** A collector's id (`collectors.collector_id`). */
  collector?: string | undefined;
  /** A category's or subcategory's id. */
  category?: string | undefined;
}

/** The scope resolved: ids that exist, as the report shows them back. */
export interface KpiScope {
  customerId: string | null;
  collectorId: string | null;
  categoryId: string | null;
}

export const WHOLE_TENANT: KpiScope = { customerId: null, collectorId: null, categoryId: null };

/** True when the scope is narrower than the whole tenant. */
export function isScoped(s: KpiScope): boolean {
  return s.customerId !== null || s.collectorId !== null || s.categoryId !== null;
}

async function categoryExists(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await queryRows(
    q,
    sql`select 1 from ${categoriesRelation(tenantId)} c where c.category_id = ${id}::uuid limit 1`,
  );
  return rows.length > 0;
}

/** The scope's ids, each checked to exist in the tenant (404 naming the one that does not). */
export async function resolveKpiScope(q: Queryable, tenantId: string, s: KpiScopeQuery): Promise<KpiScope> {
  const customerId = s.customer ? (await getCustomerRowOrThrow(q, tenantId, s.customer)).customerId : null;
  if (s.collector) {
    if (!isUuid(s.collector)) throw notFound('collector', s.collector);
    await getCollectorOrThrow(q, tenantId, s.collector);
  }
  if (s.category && !(await categoryExists(q, tenantId, s.category))) throw notFound('category', s.category);
  return { customerId, collectorId: s.collector ?? null, categoryId: s.category ?? null };
}

/** The scope's customers as a relation (`customer_id`), or undefined for the whole tenant. */
export function scopeCustomersRelation(tenantId: string, s: KpiScope): SQL | undefined {
  if (!isScoped(s)) return undefined;
  const parts: SQL[] = [sql`true`];
  if (s.customerId) parts.push(sql`c.customer_id = ${s.customerId}::uuid`);
  if (s.categoryId)
    parts.push(sql`(c.category_id = ${s.categoryId}::uuid or c.subcategory_id = ${s.categoryId}::uuid)`);
  if (s.collectorId)
    parts.push(sql`c.customer_id in (select a.customer_id from ${customerCollectorsRelation(tenantId)} a
                   where a.collector_id = ${s.collectorId}::uuid)`);
  return sql`(select c.customer_id from ${customersRelation(tenantId)} c where ${sql.join(parts, sql` and `)})`;
}

/** ` and <column> in (the scope's customers)`, or nothing for the whole tenant. */
export function inScope(column: SQL, customers: SQL | undefined): SQL {
  return customers ? sql` and ${column} in (select s.customer_id from ${customers} s)` : sql``;
}

/**
 * What one KPI report reads: one currency's amounts, or (`base`) every currency's in the base
 * currency (`currency` is then the base currency's code), of the scope's customers (`customers`
 * undefined: the whole tenant).
 */
export interface KpiSelection {
  currency: string;
  base: boolean;
  customers: SQL | undefined;
}

/** True when rows of `currency` count in the selection. */
export function selects(sel: KpiSelection, currency: string): boolean {
  return sel.base || currency === sel.currency;
}

/**
 * The rows of the selection among `rows` (one per currency at most) summed: bigints added, numbers
 * taken at their largest (an oldest age); undefined when none.
 */
export function pickRow<T extends { currency: string }>(
  sel: KpiSelection,
  rows: readonly T[],
  where: (row: T) => boolean,
): T | undefined {
  const hit = rows.filter((r) => where(r) && selects(sel, r.currency));
  const [first, ...rest] = hit;
  if (first === undefined || rest.length === 0) return first;
  const out: Record<string, unknown> = { ...first };
  for (const row of rest)
    for (const [k, v] of Object.entries(row)) {
      const was = out[k];
      if (typeof v === 'bigint' && typeof was === 'bigint') out[k] = was + v;
      else if (typeof v === 'number' && typeof was === 'number') out[k] = Math.max(was, v);
    }
  return out as T;
}
