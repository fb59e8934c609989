/** All SQL of the documents module. Metadata reads never load the content. */
import { and, desc, eq, getTableColumns, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { invoices } from '../invoices/invoices.tables.ts';
import { documents } from './documents.tables.ts';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
export type DocumentInfoRow = Omit<DocumentRow, 'content'>;

const { content: _content, ...INFO_COLUMNS } = getTableColumns(documents);

export async function findDocumentInfo(q: Queryable, tenantId: string, documentId: string) {
  const [row] = await q
    .select(INFO_COLUMNS)
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.documentId, documentId)));
  return row ?? null;
}

export async function findDocument(q: Queryable, tenantId: string, documentId: string) {
  const [row] = await q
    .select()
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.documentId, documentId)));
  return row ?? null;
}

export async function findInvoiceDocument(q: Queryable, tenantId: string, invoiceId: string) {
  const [row] = await q
    .select()
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.invoiceId, invoiceId)));
  return row ?? null;
}

export async function findStatementByHash(
  q: Queryable,
  tenantId: string,
  customerId: string,
  sha256: string,
) {
  const [row] = await q
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.tenantId, tenantId),
        eq(documents.customerId, customerId),
        eq(documents.kind, 'statement'),
        eq(documents.sha256, sha256),
      ),
    );
  return row ?? null;
}

/** Insert unless an equal document is stored (same invoice, or same statement bytes); null then. */
export async function insertDocumentOnce(q: Queryable, row: NewDocumentRow): Promise<DocumentRow | null> {
  const [inserted] = await q.insert(documents).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

/**
 * Issued invoices and credit notes of cashloop's own (not imported) that have no document yet,
 * newest first, among those created from `sinceId` on (a UUID v7 floor: the key range bounds the
 * scan, so a fully rendered backlog costs nothing).
 */
export async function pendingInvoiceIds(q: Queryable, tenantId: string, sinceId: string, limit: number) {
  const rows = await q
    .select({ invoiceId: invoices.invoiceId })
    .from(invoices)
    .leftJoin(
      documents,
      and(eq(documents.tenantId, invoices.tenantId), eq(documents.invoiceId, invoices.invoiceId)),
    )
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        sql`${invoices.invoiceId} >= ${sinceId}::uuid`,
        isNotNull(invoices.number),
        isNotNull(invoices.issuedAt),
        eq(invoices.source, 'native'),
        isNull(documents.documentId),
      ),
    )
    .orderBy(desc(invoices.invoiceId))
    .limit(limit);
  return rows.map((r) => r.invoiceId);
}
