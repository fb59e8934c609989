/**
 * `cashloop demo --reset`: wipes a tenant's business data (customers, documents, receipts, bank
 * statements, journal) but keeps the tenant, its chart of accounts, payment terms, API keys,
 * policies, collectors and settings, and restarts its number series. Each module deletes its own
 * tables (its `purge.ts`); this decides the order — dependents first — and runs them in one
 * transaction. Exists to throw demo data away; nothing else deletes business data.
 */

import { type Db, withTransaction } from '../../db/client.ts';
import { purgeActivities } from '../activities/index.ts';
import { purgeAlertData } from '../alerts/index.ts';
import { purgeApprovalRequests } from '../approvals/index.ts';
import { recordAudit } from '../audit/index.ts';
import { purgeBankData } from '../bank/index.ts';
import { purgeCashApplicationData } from '../cash-application/index.ts';
import { purgeCollectionsData } from '../collections/index.ts';
import { purgeCommunicationData } from '../communication/index.ts';
import { purgeCreditHolds } from '../credit/index.ts';
import { purgeCustomers } from '../customers/index.ts';
import { purgeDisputes } from '../disputes/index.ts';
import { purgeDocuments } from '../documents/index.ts';
import { purgeDunningData } from '../dunning/index.ts';
import { purgeErp } from '../erp/index.ts';
import { purgeFxRevaluations } from '../fx-revaluation/index.ts';
import { purgeIdempotencyKeys } from '../idempotency/index.ts';
import { purgeInvoices } from '../invoices/index.ts';
import { purgeJournal } from '../ledger/index.ts';
import { purgeMessages } from '../messaging/index.ts';
import { resetCounters } from '../numbering/index.ts';
import { purgePayments } from '../payments/index.ts';
import { purgePortal } from '../portal/index.ts';
import { purgeReceipts } from '../receipts/index.ts';
import { purgeKpiSnapshots } from '../reports/index.ts';
import { purgeSepa } from '../sepa/index.ts';
import { purgeWebhooks } from '../webhooks/index.ts';

export async function resetTenantData(db: Db, tenantId: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await purgeApprovalRequests(tx, tenantId);
    await purgeAlertData(tx, tenantId);
    await purgeWebhooks(tx, tenantId);
    await purgeCommunicationData(tx, tenantId);
    await purgeDocuments(tx, tenantId);
    await purgeDunningData(tx, tenantId);
    await purgeMessages(tx, tenantId);
    await purgeCashApplicationData(tx, tenantId);
    await purgeSepa(tx, tenantId);
    await purgePayments(tx, tenantId);
    await purgePortal(tx, tenantId);
    const closedCashAccounts = await purgeBankData(tx, tenantId);
    await purgeDisputes(tx, tenantId);
    await purgeCollectionsData(tx, tenantId);
    await purgeActivities(tx, tenantId);
    await purgeCreditHolds(tx, tenantId);
    await purgeKpiSnapshots(tx, tenantId);
    await purgeErp(tx, tenantId);
    await purgeFxRevaluations(tx, tenantId);
    await purgeJournal(tx, tenantId, closedCashAccounts);
    await purgeReceipts(tx, tenantId);
    await purgeInvoices(tx, tenantId);
    await purgeCustomers(tx, tenantId);
    await purgeIdempotencyKeys(tx, tenantId);
    await resetCounters(tx, tenantId);
    await recordAudit(tx, tenantId, {
      kind: 'demo.reset',
      objectType: 'tenant',
      objectId: tenantId,
      details: { closedCashAccounts: closedCashAccounts.length },
    });
  });
}
