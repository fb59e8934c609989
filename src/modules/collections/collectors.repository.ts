/** All SQL of collectors and their customers. */
import { and, asc, count, eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { customersRelation } from '../customers/index.ts';
import { collectors, customerCollectors } from './collections.tables.ts';

export type CollectorRow = typeof collectors.$inferSelect;

export async function insertCollector(tx: Tx, row: typeof collectors.$inferInsert) {
  await tx.insert(collectors).values(row);
}

export async function updateCollectorRow(
  tx: Tx,
  tenantId: string,
  collectorId: string,
  patch: Partial<typeof collectors.$inferInsert>,
) {
  await tx
    .update(collectors)
    .set(patch)
    .where(and(eq(collectors.tenantId, tenantId), eq(collectors.collectorId, collectorId)));
}

export async function findCollector(q: Queryable, tenantId: string, collectorId: string) {
  const [row] = await q
    .select()
    .from(collectors)
    .where(and(eq(collectors.tenantId, tenantId), eq(collectors.collectorId, collectorId)));
  return row ?? null;
}

export async function findCollectorByEmail(q: Queryable, tenantId: string, email: string) {
  const [row] = await q
    .select()
    .from(collectors)
    .where(and(eq(collectors.tenantId, tenantId), sql`lower(${collectors.email}) = lower(${email})`));
  return row ?? null;
}

export async function findCollectorByKey(q: Queryable, tenantId: string, keyId: string) {
  const [row] = await q
    .select()
    .from(collectors)
    .where(and(eq(collectors.tenantId, tenantId), eq(collectors.apiKeyId, keyId)));
  return row ?? null;
}

/** Every collector (or the one given) with the number of customers assigned, by name. */
export function listCollectorRows(q: Queryable, tenantId: string, collectorId?: string) {
  return q
    .select({ collector: collectors, customers: count(customerCollectors.customerId) })
    .from(collectors)
    .leftJoin(
      customerCollectors,
      and(
        eq(customerCollectors.tenantId, collectors.tenantId),
        eq(customerCollectors.collectorId, collectors.collectorId),
      ),
    )
    .where(
      and(
        eq(collectors.tenantId, tenantId),
        collectorId !== undefined ? eq(collectors.collectorId, collectorId) : undefined,
      ),
    )
    .groupBy(collectors.tenantId, collectors.collectorId)
    .orderBy(asc(collectors.name), asc(collectors.collectorId));
}

/** Assign the customers to the collector (replacing any earlier assignment), in one statement. */
export async function assign(tx: Tx, tenantId: string, collectorId: string, customerIds: readonly string[]) {
  await tx.execute(sql`
    insert into customer_collectors (tenant_id, customer_id, collector_id)
    select ${tenantId}, c, ${collectorId} from unnest(${sql.param([...customerIds])}::uuid[]) as c
    on conflict (tenant_id, customer_id)
    do update set collector_id = excluded.collector_id, assigned_at = now()`);
}

export async function unassign(tx: Tx, tenantId: string, customerIds: readonly string[]) {
  await tx.execute(sql`
    delete from customer_collectors
    where tenant_id = ${tenantId} and customer_id = any(${sql.param([...customerIds])}::uuid[])`);
}

export async function unassignAllOf(tx: Tx, tenantId: string, collectorId: string) {
  await tx
    .delete(customerCollectors)
    .where(and(eq(customerCollectors.tenantId, tenantId), eq(customerCollectors.collectorId, collectorId)));
}

export interface AssignmentRow {
  customer_id: string;
  external_id: string;
  name: string;
  collector_id: string | null;
  collector_name: string | null;
}

/**
 * Customers with their collector, by external id: all, those of one collector, or (`collectorId:
 * null`) the unassigned ones.
 */
export function listAssignmentRows(
  q: Queryable,
  tenantId: string,
  f: { collectorId?: string | null; afterExternalId?: string; limit: number },
) {
  const c: SQL[] = [];
  if (f.collectorId === null) c.push(sql`a.collector_id is null`);
  else if (f.collectorId !== undefined) c.push(sql`a.collector_id = ${f.collectorId}`);
  if (f.afterExternalId !== undefined) c.push(sql`c.external_id > ${f.afterExternalId}`);
  return queryRows<AssignmentRow>(
    q,
    sql`select c.customer_id, c.external_id, c.name, a.collector_id, k.name as collector_name
        from ${customersRelation(tenantId)} c
        left join customer_collectors a on a.tenant_id = ${tenantId} and a.customer_id = c.customer_id
        left join collectors k on k.tenant_id = a.tenant_id and k.collector_id = a.collector_id
        ${c.length > 0 ? sql`where ${sql.join(c, sql` and `)}` : sql``}
        order by c.external_id limit ${f.limit}`,
  );
}

/** Ids of the customers assigned to a collector. */
export async function customerIdsOf(q: Queryable, tenantId: string, collectorId: string) {
  const rows = await q
    .select({ customerId: customerCollectors.customerId })
    .from(customerCollectors)
    .where(and(eq(customerCollectors.tenantId, tenantId), eq(customerCollectors.collectorId, collectorId)));
  return rows.map((r) => r.customerId);
}

/** Collector id and name per customer, for the customers given. */
export function collectorsOfCustomers(q: Queryable, tenantId: string, customerIds: readonly string[]) {
  if (customerIds.length === 0) return Promise.resolve([]);
  return queryRows<{ customer_id: string; collector_id: string; name: string }>(
    q,
    sql`select a.customer_id, a.collector_id, k.name from customer_collectors a
        join collectors k on k.tenant_id = a.tenant_id and k.collector_id = a.collector_id
        where a.tenant_id = ${tenantId} and a.customer_id = any(${sql.param([...customerIds])}::uuid[])`,
  );
}
