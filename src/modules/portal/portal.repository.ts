/** SQL of the portal: the tenant's settings row and its links. */
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { portalLinks, portalSettings } from './portal.tables.ts';

export type PortalSettingsRow = typeof portalSettings.$inferSelect;
export type PortalLinkRow = typeof portalLinks.$inferSelect;

export interface SettingsPatch {
  enabled?: boolean | undefined;
  publicUrl?: string | null | undefined;
  linkValidityDays?: number | undefined;
  partialPayments?: boolean | undefined;
}

export async function findSettings(q: Queryable, tenantId: string): Promise<PortalSettingsRow | null> {
  const [row] = await q.select().from(portalSettings).where(eq(portalSettings.tenantId, tenantId));
  return row ?? null;
}

/** The settings row locked for the caller's transaction (created with defaults if absent). */
export async function lockSettings(tx: Tx, tenantId: string): Promise<PortalSettingsRow> {
  await tx.insert(portalSettings).values({ tenantId }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(portalSettings)
    .where(eq(portalSettings.tenantId, tenantId))
    .for('update');
  if (!row) throw new Error(`portal settings of ${tenantId} vanished`);
  return row;
}

export async function updateSettings(
  tx: Tx,
  tenantId: string,
  patch: SettingsPatch & { signingKey?: string; keyRotatedAt?: Date },
  now: Date,
): Promise<void> {
  await tx
    .update(portalSettings)
    .set({ ...patch, updatedAt: now })
    .where(eq(portalSettings.tenantId, tenantId));
}

export async function insertLink(tx: Tx, row: typeof portalLinks.$inferInsert): Promise<void> {
  await tx.insert(portalLinks).values(row);
}

/** A link by its id alone (the token names no tenant); the caller checks the tenant's signature. */
export async function findLinkById(q: Queryable, linkId: string): Promise<PortalLinkRow | null> {
  const [row] = await q.select().from(portalLinks).where(eq(portalLinks.linkId, linkId)).limit(1);
  return row ?? null;
}

export async function findLink(
  q: Queryable,
  tenantId: string,
  linkId: string,
): Promise<PortalLinkRow | null> {
  const [row] = await q
    .select()
    .from(portalLinks)
    .where(and(eq(portalLinks.tenantId, tenantId), eq(portalLinks.linkId, linkId)));
  return row ?? null;
}

/** A customer's links, newest first, `limit` from before `beforeCreatedAt` (cursor). */
export function listLinks(
  q: Queryable,
  tenantId: string,
  customerId: string,
  page: { limit: number; beforeCreatedAt?: Date },
): Promise<PortalLinkRow[]> {
  const c = [eq(portalLinks.tenantId, tenantId), eq(portalLinks.customerId, customerId)];
  if (page.beforeCreatedAt) c.push(lt(portalLinks.createdAt, page.beforeCreatedAt));
  return q
    .select()
    .from(portalLinks)
    .where(and(...c))
    .orderBy(desc(portalLinks.createdAt), desc(portalLinks.linkId))
    .limit(page.limit);
}

/** Withdraw the tenant's links not withdrawn yet: one link, a customer's, or all (`scope`). */
export async function revokeLinks(
  tx: Tx,
  tenantId: string,
  scope: { linkId?: string; customerId?: string },
  by: { name: string; at: Date },
): Promise<number> {
  const c = [eq(portalLinks.tenantId, tenantId), isNull(portalLinks.revokedAt)];
  if (scope.linkId) c.push(eq(portalLinks.linkId, scope.linkId));
  if (scope.customerId) c.push(eq(portalLinks.customerId, scope.customerId));
  const rows = await tx
    .update(portalLinks)
    .set({ revokedAt: by.at, revokedByName: by.name })
    .where(and(...c))
    .returning({ linkId: portalLinks.linkId });
  return rows.length;
}

export async function touchLink(q: Queryable, tenantId: string, linkId: string, at: Date): Promise<void> {
  await q
    .update(portalLinks)
    .set({ lastUsedAt: at })
    .where(and(eq(portalLinks.tenantId, tenantId), eq(portalLinks.linkId, linkId)));
}
