/** The reports module's part of a tenant reset: the KPI snapshots, derived from the journal it deletes. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

export async function purgeKpiSnapshots(tx: Tx, tenantId: string): Promise<void> {
  await deleteTenantRows(tx, tenantId, [
    'kpi_ar_snapshots',
    'kpi_settlement_snapshots',
    'kpi_ar_snapshot_marks',
  ]);
}
