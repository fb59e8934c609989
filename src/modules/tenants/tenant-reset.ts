/**
 * Wipes a tenant's business data (customers, documents, receipts, journal) but keeps the tenant,
 * its chart of accounts, payment terms and API keys, and restarts its number series.
 * Used only by `cashloop demo --reset`, which exists to throw demo data away.
 */
import { sql } from 'drizzle-orm';
import { type Db, withTransaction } from '../../db/client.ts';
import { resetCounters } from '../numbering/numbering.service.ts';

const BUSINESS_TABLES = [
  'delivery_settings',
  'dunning_invoice_states',
  'dunning_notices',
  // Before the letters their documents print, and before the invoices and customers they name.
  'documents',
  'dunning_letters',
  'dunning_runs',
  'dunning_customers',
  'dunning_category_policies',
  'outbox_attempts',
  'outbox_messages',
  'learned_payer_names',
  'cash_application_rules',
  'bank_transactions',
  'bank_statements',
  'bank_accounts',
  // Collections and credit work on the customers (collectors and settings are kept, like API keys).
  'dispute_notes',
  'disputes',
  'promise_invoices',
  'promises',
  'activities',
  'customer_collectors',
  'credit_holds',
  'journal_lines',
  'journal_entries',
  'receipt_disbursements',
  'allocations',
  'receipts',
  'invoice_adjustments',
  'invoice_lines',
  'invoices',
  'customer_bank_accounts',
  'customers',
  'customer_categories',
  'idempotency_keys',
] as const;

export async function resetTenantData(db: Db, tenantId: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    // The journal is append-only (database triggers); this transaction may purge this tenant's.
    await tx.execute(sql`select set_config('cashloop.purge_tenant', ${tenantId}, true)`);
    // The ledger accounts of the bank accounts go with them (their journal lines are purged too).
    await tx.execute(
      sql`delete from accounts where tenant_id = ${tenantId} and role is null
            and code in (select ledger_account_code from bank_accounts where tenant_id = ${tenantId})`,
    );
    for (const table of BUSINESS_TABLES) {
      await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
    }
    await resetCounters(tx, tenantId);
  });
}

/** True when the tenant has any customer or invoice. */
export async function tenantHasData(db: Db, tenantId: string): Promise<boolean> {
  const result = (await db.execute(
    sql`select exists(select 1 from customers where tenant_id = ${tenantId}) or exists(select 1 from invoices where tenant_id = ${tenantId}) as has`,
  )) as unknown as { rows: { has: boolean }[] };
  return result.rows[0]?.has ?? false;
}
