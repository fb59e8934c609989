/** The fx-revaluation module's part of a tenant reset. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's revaluation records (their entries go with the journal) (`cashloop demo --reset`). */
export function purgeFxRevaluations(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, ['fx_revaluations']);
}
