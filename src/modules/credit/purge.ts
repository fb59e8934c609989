/** The credit module's part of a tenant reset: holds; the settings stay. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeCreditHolds(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['credit_holds']);
}
