/**
 * The collector assignments as a published relation: an SQL subquery scoped to one tenant with
 * documented columns, for other modules' aggregating queries (the customer list).
 */
import { type SQL, sql } from 'drizzle-orm';

/** Customers with an assigned collector, one row each: `customer_id`, `collector_id`, `collector_name`. */
export function customerCollectorsRelation(tenantId: string): SQL {
  return sql`(select a.customer_id, a.collector_id, c.name as collector_name
              from customer_collectors a
              join collectors c on c.tenant_id = a.tenant_id and c.collector_id = a.collector_id
              where a.tenant_id = ${tenantId})`;
}
