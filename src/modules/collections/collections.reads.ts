/**
 * The collector assignments as a published relation: an SQL subquery scoped to one tenant with
 * documented columns, for other modules' aggregating queries (the customer list).
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Customers with an assigned collector, one row each: `customer_id`, `collector_id`,
 * `collector_name`, `collector_email`, `collector_active`.
 */
export function customerCollectorsRelation(tenantId: string): SQL {
  return sql`(select a.customer_id, a.collector_id, c.name as collector_name, c.email as collector_email,
                     c.active as collector_active
              from customer_collectors a
              join collectors c on c.tenant_id = a.tenant_id and c.collector_id = a.collector_id
              where a.tenant_id = ${tenantId})`;
}

/**
 * Promises to pay marked broken, one row each: `promise_id`, `customer_id`, `currency`,
 * `amount_minor`, `promised_on`, `broken_on` (the day the check found it not kept).
 */
export function brokenPromisesRelation(tenantId: string): SQL {
  return sql`(select promise_id, customer_id, currency, amount_minor, promised_on, settled_on as broken_on
              from promises where tenant_id = ${tenantId} and status = 'broken')`;
}
