/** What the imports read of the customers: the customers a file names by external id, in bulk. */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

export interface CustomerImportRef {
  customer_id: string;
  external_id: string;
  /** The customer's payment terms code (e.g. `NET30`). */
  payment_terms: string;
}

/** Of `externalIds`, the tenant's customers, in one query (unknown ids are left out). */
export function customersByExternalId(
  q: Queryable,
  tenantId: string,
  externalIds: readonly string[],
): Promise<CustomerImportRef[]> {
  return queryRows<CustomerImportRef>(
    q,
    sql`select customer_id, external_id, payment_terms from customers
        where tenant_id = ${tenantId} and external_id = any(${sql.param([...externalIds])}::text[])`,
  );
}
