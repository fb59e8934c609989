/** The documents module's part of a tenant reset: every stored document (before the letters and invoices they print). */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeDocuments(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['documents']);
}
