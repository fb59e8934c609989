/** The SEPA module's part of a tenant reset. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's mandates, runs and their items (the creditor settings stay, like the letterhead) (`cashloop demo --reset`). */
export function purgeSepa(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['sepa_run_items', 'sepa_runs', 'sepa_mandates']);
}
