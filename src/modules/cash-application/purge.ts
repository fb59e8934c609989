/** The cash application's part of a tenant reset: learned payer names, rules and remittance advices. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's rows of this module's business tables (`cashloop demo --reset`). */
export function purgeCashApplicationData(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, [
    'learned_payer_names',
    'cash_application_rules',
    'remittance_advice_lines',
    'remittance_advices',
  ]);
}
