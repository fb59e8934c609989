/**
 * The customers as a published relation for dunning: an SQL subquery scoped to one tenant, with the
 * columns documented here, that the dunning run joins with its own policies and holds without
 * naming this module's tables.
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * The tenant's customers as a letter addresses them: `customer_id`, `external_id`, `name`,
 * `language` (of their letters), `category_id` and `subcategory_id` (null when none; they choose
 * the customer's dunning policy when the customer has none of its own).
 */
export function customerProfilesRelation(tenantId: string): SQL {
  return sql`(select customer_id, external_id, name, language, category_id, subcategory_id from customers
              where tenant_id = ${tenantId})`;
}
