/** The portal module's part of a tenant reset. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's portal links (the settings and signing key stay, like the payment settings). */
export function purgePortal(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['portal_links']);
}
