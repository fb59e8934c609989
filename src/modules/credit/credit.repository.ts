/** All SQL of credit holds and credit settings. */
import { and, asc, countDistinct, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../db/bulk-insert.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { creditHolds, creditSettings } from './credit.tables.ts';

export type HoldRow = typeof creditHolds.$inferSelect;
export type NewHoldRow = typeof creditHolds.$inferInsert & { reasons: string[]; setAt: Date };

export async function findSettings(q: Queryable, tenantId: string) {
  const [row] = await q.select().from(creditSettings).where(eq(creditSettings.tenantId, tenantId));
  return row ?? null;
}

export async function upsertSettings(
  tx: Tx,
  tenantId: string,
  patch: { holdOverdueDays: number | null; holdRiskScore: number | null },
) {
  await tx
    .insert(creditSettings)
    .values({ tenantId, ...patch })
    .onConflictDoUpdate({ target: creditSettings.tenantId, set: { ...patch, updatedAt: new Date() } });
}

/** Active holds of the customers given (`null`: of every customer). */
export function activeHolds(q: Queryable, tenantId: string, customerIds: readonly string[] | null) {
  const c: SQL[] = [eq(creditHolds.tenantId, tenantId), isNull(creditHolds.releasedAt)];
  if (customerIds) c.push(inArray(creditHolds.customerId, [...customerIds]));
  return q
    .select()
    .from(creditHolds)
    .where(and(...c));
}

const HOLD_COLUMNS: readonly BulkColumn<NewHoldRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'hold_id', type: 'uuid', value: (r) => r.holdId },
  { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
  { name: 'kind', type: 'text', value: (r) => r.kind },
  {
    name: 'reasons',
    type: 'jsonb',
    value: (r) => JSON.stringify(r.reasons),
    select: (v) => `array(select jsonb_array_elements_text(${v}))`,
  },
  { name: 'note', type: 'text', value: (r) => r.note ?? null },
  { name: 'set_on', type: 'date', value: (r) => r.setOn },
  { name: 'set_at', type: 'timestamptz', value: (r) => r.setAt.toISOString() },
  { name: 'set_by_name', type: 'text', value: (r) => r.setByName },
  { name: 'set_by_key_id', type: 'uuid', value: (r) => r.setByKeyId ?? null },
  { name: 'set_by_user_id', type: 'uuid', value: (r) => r.setByUserId ?? null },
];

export async function insertHolds(tx: Tx, rows: readonly NewHoldRow[]) {
  if (rows.length > 0) await insertByUnnest(tx, 'credit_holds', HOLD_COLUMNS, rows);
}

export async function releaseHolds(
  tx: Tx,
  tenantId: string,
  holdIds: readonly string[],
  release: { at: Date; byName: string; byKeyId: string | null; byUserId: string | null; note: string | null },
) {
  if (holdIds.length === 0) return;
  await tx
    .update(creditHolds)
    .set({
      releasedAt: release.at,
      releasedByName: release.byName,
      releasedByKeyId: release.byKeyId,
      releasedByUserId: release.byUserId,
      releaseNote: release.note,
    })
    .where(
      and(
        eq(creditHolds.tenantId, tenantId),
        inArray(creditHolds.holdId, [...holdIds]),
        isNull(creditHolds.releasedAt),
      ),
    );
}

export async function updateReasons(tx: Tx, tenantId: string, holdId: string, reasons: readonly string[]) {
  await tx
    .update(creditHolds)
    .set({ reasons: [...reasons] })
    .where(and(eq(creditHolds.tenantId, tenantId), eq(creditHolds.holdId, holdId)));
}

/** Holds of one customer, newest first (history included). */
export function holdsOfCustomer(q: Queryable, tenantId: string, customerId: string) {
  return q
    .select()
    .from(creditHolds)
    .where(and(eq(creditHolds.tenantId, tenantId), eq(creditHolds.customerId, customerId)))
    .orderBy(sql`${creditHolds.setAt} desc`, sql`${creditHolds.holdId} desc`);
}

/** Active holds in the order they were set. */
export function listActiveHoldRows(
  q: Queryable,
  tenantId: string,
  f: { kind?: string; afterHoldId?: string; limit: number },
) {
  const c: SQL[] = [eq(creditHolds.tenantId, tenantId), isNull(creditHolds.releasedAt)];
  if (f.kind) c.push(eq(creditHolds.kind, f.kind));
  if (f.afterHoldId) c.push(gt(creditHolds.holdId, f.afterHoldId));
  return q
    .select()
    .from(creditHolds)
    .where(and(...c))
    .orderBy(asc(creditHolds.holdId))
    .limit(f.limit);
}

/** How many customers have at least one active hold. */
export async function countCustomersOnHold(q: Queryable, tenantId: string): Promise<number> {
  const [row] = await q
    .select({ n: countDistinct(creditHolds.customerId) })
    .from(creditHolds)
    .where(and(eq(creditHolds.tenantId, tenantId), isNull(creditHolds.releasedAt)));
  return row?.n ?? 0;
}
