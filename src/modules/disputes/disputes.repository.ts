/** All SQL of disputes and their notes. */
import { and, asc, count, eq, gt, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { isAnyOf } from '../../db/conditions.ts';
import { disputeNotes, disputes } from './disputes.tables.ts';

export type DisputeRow = typeof disputes.$inferSelect;
export type DisputeNoteRow = typeof disputeNotes.$inferSelect;

export async function insertDispute(tx: Tx, row: typeof disputes.$inferInsert) {
  await tx.insert(disputes).values(row);
}

export async function insertNote(tx: Tx, row: typeof disputeNotes.$inferInsert) {
  await tx.insert(disputeNotes).values(row);
}

/** Many disputes in one statement (none: no statement). */
export async function insertDisputes(tx: Tx, rows: readonly (typeof disputes.$inferInsert)[]) {
  if (rows.length > 0) await tx.insert(disputes).values([...rows]);
}

/** Many notes in one statement (none: no statement). */
export async function insertNotes(tx: Tx, rows: readonly (typeof disputeNotes.$inferInsert)[]) {
  if (rows.length > 0) await tx.insert(disputeNotes).values([...rows]);
}

export async function findDispute(q: Queryable, tenantId: string, disputeId: string) {
  const [row] = await q
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.disputeId, disputeId)));
  return row ?? null;
}

export async function lockDispute(tx: Tx, tenantId: string, disputeId: string) {
  const [row] = await tx
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.disputeId, disputeId)))
    .for('update');
  return row ?? null;
}

export async function findOpenDisputeOfInvoice(q: Queryable, tenantId: string, invoiceId: string) {
  const [row] = await q
    .select()
    .from(disputes)
    .where(
      and(eq(disputes.tenantId, tenantId), eq(disputes.invoiceId, invoiceId), eq(disputes.status, 'open')),
    );
  return row ?? null;
}

/** The open disputes of `invoiceIds` (at most one each), in one query. */
export function findOpenDisputesOfInvoices(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  return q
    .select()
    .from(disputes)
    .where(
      and(
        eq(disputes.tenantId, tenantId),
        isAnyOf(disputes.invoiceId, invoiceIds, 'uuid'),
        eq(disputes.status, 'open'),
      ),
    );
}

export async function findDisputeByCreditNote(q: Queryable, tenantId: string, creditNoteId: string) {
  const [row] = await q
    .select()
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.creditNoteId, creditNoteId)));
  return row ?? null;
}

export async function closeDispute(
  tx: Tx,
  tenantId: string,
  disputeId: string,
  patch: Pick<
    DisputeRow,
    | 'status'
    | 'closedAt'
    | 'closedByName'
    | 'closedByKeyId'
    | 'closedByUserId'
    | 'resolution'
    | 'creditNoteId'
  >,
) {
  await tx
    .update(disputes)
    .set(patch)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.disputeId, disputeId)));
}

export function notesOf(q: Queryable, tenantId: string, disputeId: string) {
  return q
    .select()
    .from(disputeNotes)
    .where(and(eq(disputeNotes.tenantId, tenantId), eq(disputeNotes.disputeId, disputeId)))
    .orderBy(asc(disputeNotes.createdAt), asc(disputeNotes.noteId));
}

export interface DisputeListFilter {
  status?: string;
  customerId?: string;
  invoiceId?: string;
  afterId?: string;
  limit: number;
}

/** Disputes in the order they were opened. */
export function listDisputeRows(q: Queryable, tenantId: string, f: DisputeListFilter) {
  const c: SQL[] = [eq(disputes.tenantId, tenantId)];
  if (f.status) c.push(eq(disputes.status, f.status));
  if (f.customerId) c.push(eq(disputes.customerId, f.customerId));
  if (f.invoiceId) c.push(eq(disputes.invoiceId, f.invoiceId));
  if (f.afterId) c.push(gt(disputes.disputeId, f.afterId));
  return q
    .select()
    .from(disputes)
    .where(and(...c))
    .orderBy(asc(disputes.disputeId))
    .limit(f.limit);
}

/** Ids of the invoices with an open dispute. */
export async function openDisputeInvoiceIds(q: Queryable, tenantId: string): Promise<string[]> {
  const rows = await q
    .select({ invoiceId: disputes.invoiceId })
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.status, 'open')));
  return rows.map((r) => r.invoiceId);
}

/** How many disputes have `status`. */
export async function countDisputeRows(q: Queryable, tenantId: string, status: string): Promise<number> {
  const [row] = await q
    .select({ n: count() })
    .from(disputes)
    .where(and(eq(disputes.tenantId, tenantId), eq(disputes.status, status)));
  return row?.n ?? 0;
}
