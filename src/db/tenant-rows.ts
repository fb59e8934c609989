/**
 * Deleting one tenant's rows of named tables, in the order given. The tables' owners call it with
 * their own tables (see each module's `purge.ts`); `cashloop demo --reset` runs them all in one
 * transaction. Nothing else deletes business data.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from './client.ts';

export async function deleteTenantRows(tx: Tx, tenantId: string, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await tx.execute(sql`delete from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
  }
}
