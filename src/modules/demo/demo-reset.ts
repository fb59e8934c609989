/**
 * `cashloop demo --reset`: wipes a tenant's business data (customers, documents, receipts, bank
 * statements, journal) but keeps the tenant, its chart of accounts, payment terms, API keys,
 * policies, collectors and settings, and restarts its number series. Each module deletes its own
 * tables (its `purge.ts`); this decides the order — dependents first — and runs them in one
 * transaction. Exists to throw demo data away; nothing else deletes business data.
 */
import { type Db, withTransaction } from '../../db/client.ts';
import { purgeActivities } from '../activities/purge.ts';
import { purgeBankData } from '../bank/purge.ts';
import { purgeCashApplicationData } from '../cash-application/purge.ts';
import { purgeCollectionsData } from '../collections/purge.ts';
import { purgeCommunicationData } from '../communication/purge.ts';
import { purgeCreditHolds } from '../credit/purge.ts';
import { purgeCustomers } from '../customers/purge.ts';
import { purgeDisputes } from '../disputes/purge.ts';
import { purgeDocuments } from '../documents/purge.ts';
import { purgeDunningData } from '../dunning/purge.ts';
import { purgeIdempotencyKeys } from '../idempotency/purge.ts';
import { purgeInvoices } from '../invoices/purge.ts';
import { purgeJournal } from '../ledger/purge.ts';
import { purgeMessages } from '../messaging/purge.ts';
import { resetCounters } from '../numbering/numbering.service.ts';
import { purgeReceipts } from '../receipts/purge.ts';

export async function resetTenantData(db: Db, tenantId: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await purgeCommunicationData(tx, tenantId);
    await purgeDocuments(tx, tenantId);
    await purgeDunningData(tx, tenantId);
    await purgeMessages(tx, tenantId);
    await purgeCashApplicationData(tx, tenantId);
    const closedCashAccounts = await purgeBankData(tx, tenantId);
    await purgeDisputes(tx, tenantId);
    await purgeCollectionsData(tx, tenantId);
    await purgeActivities(tx, tenantId);
    await purgeCreditHolds(tx, tenantId);
    await purgeJournal(tx, tenantId, closedCashAccounts);
    await purgeReceipts(tx, tenantId);
    await purgeInvoices(tx, tenantId);
    await purgeCustomers(tx, tenantId);
    await purgeIdempotencyKeys(tx, tenantId);
    await resetCounters(tx, tenantId);
  });
}
