/** All SQL of the SEPA module: settings, mandates, runs and their items. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { sepaMandates, sepaRunItems, sepaRuns, sepaSettings } from './sepa.tables.ts';

export type MandateRow = typeof sepaMandates.$inferSelect;
export type RunRow = typeof sepaRuns.$inferSelect;
export type RunItemRow = typeof sepaRunItems.$inferSelect;
export type SettingsRow = typeof sepaSettings.$inferSelect;
export type NewRunItem = typeof sepaRunItems.$inferInsert;

export async function settingsOf(q: Queryable, tenantId: string): Promise<SettingsRow | null> {
  const [row] = await q.select().from(sepaSettings).where(eq(sepaSettings.tenantId, tenantId));
  return row ?? null;
}

export async function upsertSettings(
  q: Queryable,
  tenantId: string,
  fields: { creditorId?: string | null | undefined; preNotificationDays?: number | undefined },
  now: Date,
): Promise<void> {
  await q
    .insert(sepaSettings)
    .values({ tenantId, ...fields, updatedAt: now })
    .onConflictDoUpdate({ target: sepaSettings.tenantId, set: { ...fields, updatedAt: now } });
}

export async function insertMandate(q: Queryable, row: typeof sepaMandates.$inferInsert): Promise<void> {
  await q.insert(sepaMandates).values(row);
}

export async function findMandate(q: Queryable, tenantId: string, mandateId: string, lock = false) {
  const query = q
    .select()
    .from(sepaMandates)
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.mandateId, mandateId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function findMandateByReference(
  q: Queryable,
  tenantId: string,
  reference: string,
  lock = false,
) {
  const query = q
    .select()
    .from(sepaMandates)
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.reference, reference)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export function listMandates(
  q: Queryable,
  tenantId: string,
  filter: { customerId?: string; status?: string },
) {
  return q
    .select()
    .from(sepaMandates)
    .where(
      and(
        eq(sepaMandates.tenantId, tenantId),
        filter.customerId ? eq(sepaMandates.customerId, filter.customerId) : undefined,
        filter.status ? eq(sepaMandates.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(sepaMandates.reference));
}

export async function updateMandate(
  q: Queryable,
  tenantId: string,
  mandateId: string,
  fields: Partial<typeof sepaMandates.$inferInsert>,
): Promise<void> {
  await q
    .update(sepaMandates)
    .set(fields)
    .where(and(eq(sepaMandates.tenantId, tenantId), eq(sepaMandates.mandateId, mandateId)));
}

export async function insertRun(q: Queryable, row: typeof sepaRuns.$inferInsert): Promise<void> {
  await q.insert(sepaRuns).values(row);
}

export async function insertItems(q: Queryable, rows: (typeof sepaRunItems.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await q.insert(sepaRunItems).values(rows.slice(i, i + 500));
}

export async function findRun(q: Queryable, tenantId: string, runId: string, lock = false) {
  const query = q
    .select()
    .from(sepaRuns)
    .where(and(eq(sepaRuns.tenantId, tenantId), eq(sepaRuns.runId, runId)));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

export function listRuns(q: Queryable, tenantId: string, limit: number) {
  return q
    .select()
    .from(sepaRuns)
    .where(eq(sepaRuns.tenantId, tenantId))
    .orderBy(sql`${sepaRuns.createdAt} desc`, sql`${sepaRuns.runId} desc`)
    .limit(limit);
}

export async function updateRun(
  q: Queryable,
  tenantId: string,
  runId: string,
  fields: Partial<typeof sepaRuns.$inferInsert>,
): Promise<void> {
  await q
    .update(sepaRuns)
    .set(fields)
    .where(and(eq(sepaRuns.tenantId, tenantId), eq(sepaRuns.runId, runId)));
}

export function itemsOfRun(q: Queryable, tenantId: string, runId: string) {
  return q
    .select()
    .from(sepaRunItems)
    .where(and(eq(sepaRunItems.tenantId, tenantId), eq(sepaRunItems.runId, runId)))
    .orderBy(asc(sepaRunItems.endToEndId));
}

/** The item of an EndToEndId, locked: a return imported twice waits for the first and sees it. */
export async function lockItemByEndToEndId(q: Queryable, tenantId: string, endToEndId: string) {
  const [row] = await q
    .select()
    .from(sepaRunItems)
    .where(and(eq(sepaRunItems.tenantId, tenantId), eq(sepaRunItems.endToEndId, endToEndId)))
    .for('update');
  return row ?? null;
}

export async function updateItem(
  q: Queryable,
  tenantId: string,
  itemId: string,
  fields: Partial<typeof sepaRunItems.$inferInsert>,
): Promise<void> {
  await q
    .update(sepaRunItems)
    .set(fields)
    .where(and(eq(sepaRunItems.tenantId, tenantId), eq(sepaRunItems.itemId, itemId)));
}

/** Invoice ids held by a pending collection item (not to be collected again). */
export async function pendingInvoiceIds(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return new Set<string>();
  const rows = await q
    .select({ invoiceId: sepaRunItems.invoiceId })
    .from(sepaRunItems)
    .where(
      and(
        eq(sepaRunItems.tenantId, tenantId),
        eq(sepaRunItems.status, 'pending'),
        inArray(sepaRunItems.invoiceId, [...invoiceIds]),
      ),
    );
  return new Set(rows.map((r) => r.invoiceId).filter((id): id is string => id !== null));
}
