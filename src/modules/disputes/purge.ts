/** The disputes module's part of a tenant reset. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeDisputes(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['dispute_attachments', 'dispute_notes', 'disputes']);
}
