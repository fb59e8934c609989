/** The ledger's part of a tenant reset: the journal, and the cash accounts of deleted bank accounts. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { deleteTenantRows } from '../../db/tenant-rows.ts';
import { accounts } from './ledger.tables.ts';

/**
 * Delete the tenant's journal (append-only everywhere else: the database triggers let this
 * transaction through for this tenant only) and the role-less accounts `closedAccounts` names.
 */
export async function purgeJournal(
  tx: Tx,
  tenantId: string,
  closedAccounts: readonly string[],
): Promise<void> {
  await tx.execute(sql`select set_config('cashloop.purge_tenant', ${tenantId}, true)`);
  await deleteTenantRows(tx, tenantId, ['journal_lines', 'journal_entries']);
  if (closedAccounts.length === 0) return;
  await tx
    .delete(accounts)
    .where(
      and(
        eq(accounts.tenantId, tenantId),
        isNull(accounts.role),
        inArray(accounts.code, [...closedAccounts]),
      ),
    );
}
