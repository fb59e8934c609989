/** The payments module's part of a tenant reset. */
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';

/** Delete the tenant's checkouts, payouts, chargebacks and provider events (the provider settings stay, like SEPA's) (`cashloop demo --reset`). */
export function purgePayments(tx: Tx, tenantId: string): Promise<void> {
  return deleteTenantRows(tx, tenantId, [
    'payment_events',
    'payment_payouts',
    'payment_disputes',
    'payment_checkouts',
  ]);
}
