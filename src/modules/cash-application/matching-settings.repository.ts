/** SQL of the matching settings (one row per tenant, absent = the engine's defaults). */
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { matchingSettings } from './cash-application.tables.ts';

export type MatchingSettingsRow = Omit<typeof matchingSettings.$inferInsert, 'tenantId' | 'updatedAt'>;

export async function findMatchingSettings(q: Queryable, tenantId: string) {
  const [row] = await q.select().from(matchingSettings).where(eq(matchingSettings.tenantId, tenantId));
  return row ?? null;
}

export async function upsertMatchingSettings(tx: Tx, tenantId: string, values: MatchingSettingsRow) {
  await tx
    .insert(matchingSettings)
    .values({ tenantId, ...values })
    .onConflictDoUpdate({ target: matchingSettings.tenantId, set: { ...values, updatedAt: new Date() } });
}
