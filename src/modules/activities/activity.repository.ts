/** All SQL of the activity log. */
import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../db/bulk-insert.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { activities } from './activities.tables.ts';

export type ActivityRow = typeof activities.$inferSelect;
export type NewActivityRow = typeof activities.$inferInsert & { occurredAt: Date };

const COLUMNS: readonly BulkColumn<NewActivityRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'activity_id', type: 'uuid', value: (r) => r.activityId },
  { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
  { name: 'kind', type: 'text', value: (r) => r.kind },
  { name: 'event', type: 'text', value: (r) => r.event ?? null },
  { name: 'text', type: 'text', value: (r) => r.text },
  {
    name: 'invoice_ids',
    type: 'jsonb',
    value: (r) => JSON.stringify(r.invoiceIds ?? []),
    select: (v) => `array(select jsonb_array_elements_text(${v}))::uuid[]`,
  },
  { name: 'author_name', type: 'text', value: (r) => r.authorName },
  { name: 'author_key_id', type: 'uuid', value: (r) => r.authorKeyId ?? null },
  { name: 'author_user_id', type: 'uuid', value: (r) => r.authorUserId ?? null },
  { name: 'occurred_at', type: 'timestamptz', value: (r) => r.occurredAt.toISOString() },
];

/** Many activities in one statement. */
export async function insertActivities(tx: Tx, rows: readonly NewActivityRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length === 1 && rows[0]) {
    await tx.insert(activities).values(rows[0]);
    return;
  }
  await insertByUnnest(tx, 'activities', COLUMNS, rows);
}

export interface ActivityListFilter {
  customerId?: string;
  kinds?: readonly string[];
  event?: string;
  /** Newest first: strictly older than this (occurredAt, activityId). */
  before?: { occurredAt: Date; activityId: string };
  limit: number;
}

/** A page of activities, newest first. */
export function listActivityRows(q: Queryable, tenantId: string, f: ActivityListFilter) {
  const c: SQL[] = [eq(activities.tenantId, tenantId)];
  if (f.customerId) c.push(eq(activities.customerId, f.customerId));
  if (f.kinds && f.kinds.length > 0) c.push(inArray(activities.kind, [...f.kinds]));
  if (f.event) c.push(eq(activities.event, f.event));
  if (f.before) {
    const older = or(
      lt(activities.occurredAt, f.before.occurredAt),
      and(eq(activities.occurredAt, f.before.occurredAt), lt(activities.activityId, f.before.activityId)),
    );
    if (older) c.push(older);
  }
  return q
    .select()
    .from(activities)
    .where(and(...c))
    .orderBy(desc(activities.occurredAt), desc(activities.activityId))
    .limit(f.limit);
}

export async function findActivity(q: Queryable, tenantId: string, activityId: string) {
  const [row] = await q
    .select()
    .from(activities)
    .where(and(eq(activities.tenantId, tenantId), eq(activities.activityId, activityId)));
  return row ?? null;
}
