/** The collections module's part of a tenant reset: promises and customer assignments; collectors and settings stay. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeCollectionsData(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['promise_invoices', 'promises', 'customer_collectors']);
}
