/** SQL of the collection settings (one row per tenant, absent = defaults). */
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { collectionSettings } from './collections.tables.ts';

export async function findSettings(q: Queryable, tenantId: string) {
  const [row] = await q.select().from(collectionSettings).where(eq(collectionSettings.tenantId, tenantId));
  return row ?? null;
}

export async function upsertSettings(tx: Tx, tenantId: string, patch: { promiseGraceDays: number }) {
  await tx
    .insert(collectionSettings)
    .values({ tenantId, ...patch })
    .onConflictDoUpdate({ target: collectionSettings.tenantId, set: { ...patch, updatedAt: new Date() } });
}
