/** The customers module's part of a tenant reset. */
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';
import { customers } from './customers.tables.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeCustomers(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['customer_bank_accounts', 'customers', 'customer_categories']);
}

/** True when the tenant has any customer (so any data: invoices and receipts need one). */
export async function tenantHasCustomers(q: Queryable, tenantId: string): Promise<boolean> {
  const [row] = await q
    .select({ id: customers.customerId })
    .from(customers)
    .where(eq(customers.tenantId, tenantId))
    .limit(1);
  return row !== undefined;
}
