/** The webhooks module's part of a tenant reset: the events and their log; the endpoints stay. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's webhook events, deliveries and attempts (`cashloop demo --reset`). */
export function purgeWebhooks(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['webhook_attempts', 'webhook_deliveries', 'webhook_events']);
}
