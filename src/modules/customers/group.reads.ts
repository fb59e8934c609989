/**
 * Customer groups as other modules read them: a parent company ("… Holding", `parent_id` null)
 * and every customer below it. A group treasury pays for its members, so receipts may settle the
 * invoices of any customer of the payer's group.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

/**
 * How many levels up and down a group is followed at most. Real groups are two or three levels
 * deep; the bound (and the path each step carries) keeps a parent cycle in the master data
 * (A's parent B, B's parent A) from recursing for ever: a cycle is one group.
 */
export const GROUP_DEPTH_LIMIT = 16;

/**
 * The group of each of `customerIds`: its top parent (followed up `parent_id`) and every customer
 * below that parent, the customer itself included. One statement for all of them; unknown ids are
 * left out of the map.
 *
 * @example
 * await groupCustomerIds(q, tenantId, [memberA])
 * // → Map { memberA → Set { holding, memberA, memberB } }
 */
export async function groupCustomerIds(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[],
): Promise<Map<string, ReadonlySet<string>>> {
  const groups = new Map<string, Set<string>>();
  if (customerIds.length === 0) return groups;
  const rows = await queryRows<{ start_id: string; customer_id: string }>(
    q,
    sql`with recursive up as (
          select c.customer_id as start_id, c.customer_id, c.parent_id, 0 as depth, array[c.customer_id] as seen
          from customers c
          where c.tenant_id = ${tenantId} and c.customer_id = any(${sql.param([...new Set(customerIds)])}::uuid[])
          union all
          select up.start_id, c.customer_id, c.parent_id, up.depth + 1, up.seen || c.customer_id
          from up join customers c on c.tenant_id = ${tenantId} and c.customer_id = up.parent_id
          where up.depth < ${GROUP_DEPTH_LIMIT} and c.customer_id <> all(up.seen)
        ), tops as (
          select distinct on (start_id) start_id, customer_id as top_id from up order by start_id, depth desc
        ), down as (
          select t.top_id, t.top_id as customer_id, 0 as depth, array[t.top_id] as seen
          from (select distinct top_id from tops) t
          union all
          select d.top_id, c.customer_id, d.depth + 1, d.seen || c.customer_id
          from down d join customers c on c.tenant_id = ${tenantId} and c.parent_id = d.customer_id
          where d.depth < ${GROUP_DEPTH_LIMIT} and c.customer_id <> all(d.seen)
        )
        select t.start_id, d.customer_id from tops t join down d on d.top_id = t.top_id`,
  );
  for (const r of rows) {
    const group = groups.get(r.start_id) ?? new Set<string>();
    group.add(r.customer_id);
    groups.set(r.start_id, group);
  }
  return groups;
}
