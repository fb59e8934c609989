/** The erp module's part of a tenant reset: export batches and debtor accounts (the account mappings are settings and stay). */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

export async function purgeErp(tx: Tx, tenantId: string): Promise<void> {
  await deleteTenantRows(tx, tenantId, ['erp_export_batches', 'erp_customer_accounts']);
}
