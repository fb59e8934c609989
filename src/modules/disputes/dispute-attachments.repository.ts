/** SQL of dispute attachments. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { disputeAttachments } from './disputes.tables.ts';

const INFO = {
  seq: disputeAttachments.seq,
  fileName: disputeAttachments.fileName,
  contentType: disputeAttachments.contentType,
  sha256: disputeAttachments.sha256,
  byteSize: disputeAttachments.byteSize,
  uploadedBy: disputeAttachments.uploadedByName,
  uploadedAt: disputeAttachments.uploadedAt,
};

const ofDispute = (tenantId: string, disputeId: string) =>
  and(eq(disputeAttachments.tenantId, tenantId), eq(disputeAttachments.disputeId, disputeId));

/** The next free number of a dispute's attachments (1 for the first). */
export async function nextAttachmentSeq(tx: Tx, tenantId: string, disputeId: string): Promise<number> {
  const [last] = await tx
    .select({ seq: sql<number>`coalesce(max(${disputeAttachments.seq}), 0)::int` })
    .from(disputeAttachments)
    .where(ofDispute(tenantId, disputeId));
  return Number(last?.seq ?? 0) + 1;
}

export async function insertAttachment(tx: Tx, row: typeof disputeAttachments.$inferInsert): Promise<void> {
  await tx.insert(disputeAttachments).values(row);
}

export function listAttachments(q: Queryable, tenantId: string, disputeId: string) {
  return q
    .select(INFO)
    .from(disputeAttachments)
    .where(ofDispute(tenantId, disputeId))
    .orderBy(asc(disputeAttachments.seq));
}

export async function findAttachment(q: Queryable, tenantId: string, disputeId: string, seq: number) {
  const [row] = await q
    .select({ ...INFO, content: disputeAttachments.content })
    .from(disputeAttachments)
    .where(and(ofDispute(tenantId, disputeId), eq(disputeAttachments.seq, seq)));
  return row ?? null;
}
