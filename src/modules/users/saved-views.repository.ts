/** All SQL of saved views. */
import { and, asc, eq, or, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { savedViews } from './saved-views.tables.ts';
import { users } from './users.tables.ts';

export type SavedViewRow = typeof savedViews.$inferSelect & { ownerName: string };

const columns = {
  tenantId: savedViews.tenantId,
  viewId: savedViews.viewId,
  ownerUserId: savedViews.ownerUserId,
  page: savedViews.page,
  name: savedViews.name,
  query: savedViews.query,
  shared: savedViews.shared,
  isDefault: savedViews.isDefault,
  createdAt: savedViews.createdAt,
  updatedAt: savedViews.updatedAt,
  ownerName: users.name,
};

function selectViews(q: Queryable, where: SQL | undefined) {
  return q
    .select(columns)
    .from(savedViews)
    .innerJoin(users, and(eq(users.tenantId, savedViews.tenantId), eq(users.userId, savedViews.ownerUserId)))
    .where(where)
    .orderBy(asc(savedViews.name), asc(savedViews.viewId));
}

/** The views of `page` a reader sees: their own (`userId`) and the shared ones; only shared for null. */
export function listViews(q: Queryable, tenantId: string, page: string, userId: string | null) {
  const visible = userId
    ? or(eq(savedViews.shared, true), eq(savedViews.ownerUserId, userId))
    : eq(savedViews.shared, true);
  return selectViews(q, and(eq(savedViews.tenantId, tenantId), eq(savedViews.page, page), visible));
}

export async function findView(q: Queryable, tenantId: string, viewId: string): Promise<SavedViewRow | null> {
  const [row] = await selectViews(q, and(eq(savedViews.tenantId, tenantId), eq(savedViews.viewId, viewId)));
  return row ?? null;
}

export async function insertView(tx: Tx, row: typeof savedViews.$inferInsert): Promise<void> {
  await tx.insert(savedViews).values(row);
}

export async function updateView(
  tx: Tx,
  tenantId: string,
  viewId: string,
  patch: Partial<typeof savedViews.$inferInsert>,
): Promise<void> {
  await tx
    .update(savedViews)
    .set(patch)
    .where(and(eq(savedViews.tenantId, tenantId), eq(savedViews.viewId, viewId)));
}

/** No view of `page` is the owner's default any more. */
export async function clearDefault(
  tx: Tx,
  tenantId: string,
  ownerUserId: string,
  page: string,
): Promise<void> {
  await tx
    .update(savedViews)
    .set({ isDefault: false })
    .where(
      and(
        eq(savedViews.tenantId, tenantId),
        eq(savedViews.ownerUserId, ownerUserId),
        eq(savedViews.page, page),
        eq(savedViews.isDefault, true),
      ),
    );
}

export async function deleteView(tx: Tx, tenantId: string, viewId: string): Promise<void> {
  await tx.delete(savedViews).where(and(eq(savedViews.tenantId, tenantId), eq(savedViews.viewId, viewId)));
}
