/**
 * The credit holds as a published relation: an SQL subquery scoped to one tenant with documented
 * columns, for other modules' aggregating queries (the customer list), never naming the table.
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Customers with at least one active (unreleased) hold, one row each: `customer_id`, `kinds`
 * (text[] of `manual` / `automatic`, sorted), `since` (the oldest active hold's `set_on`).
 */
export function activeHoldsRelation(tenantId: string): SQL {
  return sql`(select customer_id, array_agg(kind order by kind) as kinds, min(set_on) as since
              from credit_holds where tenant_id = ${tenantId} and released_at is null
              group by customer_id)`;
}
