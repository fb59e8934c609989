/** SQL of the remittance advices and their lines (tables of this module, advices.tables.ts). */
import { and, asc, eq, gt, inArray, ne } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { remittanceAdviceLines, remittanceAdvices } from './advices.tables.ts';
import type { AdviceStatus } from './advices.ts';

export type AdviceRow = typeof remittanceAdvices.$inferSelect;
export type AdviceLineRow = typeof remittanceAdviceLines.$inferSelect;
export type NewAdviceRow = typeof remittanceAdvices.$inferInsert;
export type NewAdviceLineRow = typeof remittanceAdviceLines.$inferInsert;

/** Store an advice and its lines; false (nothing stored) when the same advice is stored already. */
export async function insertAdvice(
  tx: Tx,
  advice: NewAdviceRow,
  lines: readonly NewAdviceLineRow[],
): Promise<boolean> {
  const inserted = await tx
    .insert(remittanceAdvices)
    .values(advice)
    .onConflictDoNothing({ target: [remittanceAdvices.tenantId, remittanceAdvices.dedupeKey] })
    .returning({ adviceId: remittanceAdvices.adviceId });
  if (inserted.length === 0) return false;
  if (lines.length > 0) await tx.insert(remittanceAdviceLines).values([...lines]);
  return true;
}

/** Advices in creation order: of one status, after a cursor, some ids only, at most `limit`. */
export function adviceRows(
  q: Queryable,
  tenantId: string,
  query: { status?: AdviceStatus; afterId?: string; ids?: readonly string[]; limit?: number },
): Promise<AdviceRow[]> {
  const where = and(
    eq(remittanceAdvices.tenantId, tenantId),
    query.status ? eq(remittanceAdvices.status, query.status) : undefined,
    query.afterId ? gt(remittanceAdvices.adviceId, query.afterId) : undefined,
    query.ids ? inArray(remittanceAdvices.adviceId, [...query.ids]) : undefined,
  );
  const rows = q.select().from(remittanceAdvices).where(where).orderBy(asc(remittanceAdvices.adviceId));
  return query.limit === undefined ? rows : rows.limit(query.limit);
}

/** The lines of some advices, in order. */
export async function adviceLineRows(
  q: Queryable,
  tenantId: string,
  adviceIds: readonly string[],
): Promise<AdviceLineRow[]> {
  if (adviceIds.length === 0) return [];
  return q
    .select()
    .from(remittanceAdviceLines)
    .where(
      and(
        eq(remittanceAdviceLines.tenantId, tenantId),
        inArray(remittanceAdviceLines.adviceId, [...adviceIds]),
      ),
    )
    .orderBy(asc(remittanceAdviceLines.adviceId), asc(remittanceAdviceLines.lineNo));
}

/**
 * An advice's bank line found (`matched`, only from `open`) or booked (`applied`, from any status
 * but `applied`), or a booked line unapplied (`matched` again, only from `applied`).
 */
export async function setAdviceStatus(
  tx: Tx,
  tenantId: string,
  adviceId: string,
  change: { status: AdviceStatus; transactionId: string; from: 'open' | 'applied' | 'not applied' },
  at: Date,
): Promise<void> {
  const t = remittanceAdvices;
  await tx
    .update(t)
    .set({ status: change.status, transactionId: change.transactionId, statusAt: at })
    .where(
      and(
        eq(t.tenantId, tenantId),
        eq(t.adviceId, adviceId),
        change.from === 'not applied' ? ne(t.status, 'applied') : eq(t.status, change.from),
      ),
    );
}

/** The advice applied to a bank line, if one is. */
export async function adviceAppliedTo(
  tx: Tx,
  tenantId: string,
  transactionId: string,
): Promise<string | null> {
  const t = remittanceAdvices;
  const [row] = await tx
    .select({ adviceId: t.adviceId })
    .from(t)
    .where(and(eq(t.tenantId, tenantId), eq(t.transactionId, transactionId), eq(t.status, 'applied')));
  return row?.adviceId ?? null;
}
