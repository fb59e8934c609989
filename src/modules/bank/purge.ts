/** The bank module's part of a tenant reset: statements, their lines and the registered accounts. */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';
import { bankAccounts } from './bank.tables.ts';

/** Delete the tenant's bank data; returns the cash account codes the deleted bank accounts had. */
export async function purgeBankData(tx: Tx, tenantId: string): Promise<string[]> {
  const codes = await tx
    .select({ code: bankAccounts.ledgerAccountCode })
    .from(bankAccounts)
    .where(eq(bankAccounts.tenantId, tenantId));
  await deleteTenantRows(tx, tenantId, ['bank_transactions', 'bank_statements', 'bank_accounts']);
  return codes.map((c) => c.code);
}
