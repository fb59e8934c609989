/** The messaging module's part of a tenant reset: the outbox and its attempts; templates and settings stay. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeMessages(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['outbox_attempts', 'outbox_messages']);
}
