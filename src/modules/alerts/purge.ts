/** The alerts module's part of a tenant reset: the events found and the notifications; the rules stay. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's alert events and notifications (`cashloop demo --reset`): they name deleted invoices. */
export function purgeAlertData(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['notifications', 'alert_events', 'alert_lateness_baselines']);
}
