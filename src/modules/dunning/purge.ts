/** The dunning module's part of a tenant reset: runs, letters, notices and states; the policies stay. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeDunningData(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, [
    'dunning_invoice_states',
    'dunning_notices',
    'dunning_letters',
    'dunning_runs',
    'dunning_customers',
    'dunning_category_policies',
  ]);
}
