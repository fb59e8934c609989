/** All SQL of approval policies and approval requests. */
import { and, desc, eq, lt, lte, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { approvalPolicies, approvalRequests } from './approvals.tables.ts';

export type ApprovalRequestRow = typeof approvalRequests.$inferSelect;
export type NewApprovalRequestRow = typeof approvalRequests.$inferInsert;

export async function findPolicy(q: Queryable, tenantId: string): Promise<unknown | null> {
  const [row] = await q
    .select({ policy: approvalPolicies.policy })
    .from(approvalPolicies)
    .where(eq(approvalPolicies.tenantId, tenantId));
  return row?.policy ?? null;
}

export async function upsertPolicy(tx: Tx, tenantId: string, policy: unknown, at: Date): Promise<void> {
  await tx
    .insert(approvalPolicies)
    .values({ tenantId, policy, updatedAt: at })
    .onConflictDoUpdate({ target: approvalPolicies.tenantId, set: { policy, updatedAt: at } });
}

export async function insertRequest(tx: Tx, row: NewApprovalRequestRow): Promise<void> {
  await tx.insert(approvalRequests).values(row);
}

export async function findRequest(q: Queryable, tenantId: string, requestId: string) {
  const [row] = await q
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.tenantId, tenantId), eq(approvalRequests.requestId, requestId)));
  return row ?? null;
}

/** The request, locked for its decision (a second checker waits, then sees it decided). */
export async function lockRequest(tx: Tx, tenantId: string, requestId: string) {
  const [row] = await tx
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.tenantId, tenantId), eq(approvalRequests.requestId, requestId)))
    .for('update');
  return row ?? null;
}

export type Decision = Pick<
  ApprovalRequestRow,
  'status' | 'checkerName' | 'checkerKeyId' | 'checkerUserId' | 'decidedAt' | 'decisionReason' | 'result'
>;

export async function setDecision(tx: Tx, tenantId: string, requestId: string, d: Decision): Promise<void> {
  await tx
    .update(approvalRequests)
    .set(d)
    .where(and(eq(approvalRequests.tenantId, tenantId), eq(approvalRequests.requestId, requestId)));
}

export interface RequestFilter {
  readonly status?: string;
  readonly kind?: string;
  readonly customerId?: string;
  /** Keyset: requests older than this id (newest first). */
  readonly beforeId?: string;
  readonly limit: number;
}

/** Requests newest first (ids are time-ordered), filtered. */
export function listRequestRows(q: Queryable, tenantId: string, f: RequestFilter) {
  const where: SQL[] = [eq(approvalRequests.tenantId, tenantId)];
  if (f.status) where.push(eq(approvalRequests.status, f.status));
  if (f.kind) where.push(eq(approvalRequests.kind, f.kind));
  if (f.customerId) where.push(eq(approvalRequests.customerId, f.customerId));
  if (f.beforeId) where.push(lt(approvalRequests.requestId, f.beforeId));
  return q
    .select()
    .from(approvalRequests)
    .where(and(...where))
    .orderBy(desc(approvalRequests.requestId))
    .limit(f.limit);
}

/** Pending requests whose time ran out at `now`, locked (skipping those a decision holds). */
export function lockExpiredPending(tx: Tx, tenantId: string, now: Date, limit: number) {
  return tx
    .select()
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.tenantId, tenantId),
        eq(approvalRequests.status, 'pending'),
        lte(approvalRequests.expiresAt, now),
      ),
    )
    .orderBy(approvalRequests.requestId)
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Remove every approval request of the tenant (a demo reset; the policy stays). */
export async function deleteRequests(tx: Tx, tenantId: string): Promise<void> {
  await tx.delete(approvalRequests).where(eq(approvalRequests.tenantId, tenantId));
}
