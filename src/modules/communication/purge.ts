/** The communication module's part of a tenant reset: its delivery settings. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeCommunicationData(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['delivery_settings']);
}
