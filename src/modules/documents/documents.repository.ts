/** All SQL of the documents module. Metadata reads never load the content. */
import { and, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { nativeIssuedSinceRelation } from '../invoices/index.ts';
import { documents } from './documents.tables.ts';

/**
 * A stored document without its layout data (only dunning letters have that, read on its own); the
 * e-invoice format is set only on an `einvoice` row.
 */
export type DocumentRow = Omit<typeof documents.$inferSelect, 'layoutData' | 'einvoiceFormat'> & {
  einvoiceFormat?: string | null;
};
export type NewDocumentRow = typeof documents.$inferInsert;
export type DocumentInfoRow = Omit<DocumentRow, 'content'>;

const { content: _content, layoutData: _layoutData, ...INFO_COLUMNS } = getTableColumns(documents);

/**
 * The content travels as base64 text, encoded and decoded by the database and by Node's native
 * Buffer: PGlite hex-encodes and parses `bytea` values character by character in JavaScript,
 * which cost more than rendering a PDF (30 KB each way).
 */
const WITH_CONTENT = { ...INFO_COLUMNS, contentBase64: sql<string>`encode(${documents.content}, 'base64')` };

function withContent(row: DocumentInfoRow & { contentBase64: string }): DocumentRow {
  const { contentBase64, ...info } = row;
  const bytes = Buffer.from(contentBase64, 'base64');
  return { ...info, content: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

export async function findDocumentInfo(q: Queryable, tenantId: string, documentId: string) {
  const [row] = await q
    .select(INFO_COLUMNS)
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.documentId, documentId)));
  return row ?? null;
}

/** The one document (with its content) of `tenantId` that also meets `conditions`, or null. */
async function findOneWithContent(q: Queryable, tenantId: string, ...conditions: SQL[]) {
  const [row] = await q
    .select(WITH_CONTENT)
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), ...conditions));
  return row ? withContent(row) : null;
}

export function findDocument(q: Queryable, tenantId: string, documentId: string) {
  return findOneWithContent(q, tenantId, eq(documents.documentId, documentId));
}

/** An invoice's or credit note's PDF. */
export function findInvoiceDocument(q: Queryable, tenantId: string, invoiceId: string) {
  return findOneWithContent(
    q,
    tenantId,
    eq(documents.invoiceId, invoiceId),
    inArray(documents.kind, ['invoice', 'credit_note']),
  );
}

/** An invoice's or credit note's e-invoice XML in `format`. */
export function findEinvoiceDocument(q: Queryable, tenantId: string, invoiceId: string, format: string) {
  return findOneWithContent(
    q,
    tenantId,
    eq(documents.invoiceId, invoiceId),
    eq(documents.kind, 'einvoice'),
    eq(documents.einvoiceFormat, format),
  );
}

/** A dunning letter's stored document with the layout data it was rendered from. */
export async function findLetterDocument(q: Queryable, tenantId: string, letterId: string) {
  const [row] = await q
    .select({ ...WITH_CONTENT, layoutData: documents.layoutData })
    .from(documents)
    .where(and(eq(documents.tenantId, tenantId), eq(documents.letterId, letterId)));
  if (!row) return null;
  const { layoutData, ...rest } = row;
  return { ...withContent(rest), layoutData };
}

export function findStatementByHash(q: Queryable, tenantId: string, customerId: string, sha256: string) {
  return findOneWithContent(
    q,
    tenantId,
    eq(documents.customerId, customerId),
    eq(documents.kind, 'statement'),
    eq(documents.sha256, sha256),
  );
}

/**
 * Insert unless an equal document is stored (same invoice's PDF, same invoice's e-invoice in the
 * same format, same letter, or same statement bytes):
 * true when this call stored it. The content goes in as base64 (see WITH_CONTENT).
 */
export async function insertDocumentOnce(
  q: Queryable,
  row: NewDocumentRow & { createdAt: Date },
): Promise<boolean> {
  const content = Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength);
  const inserted = await queryRows<{ document_id: string }>(
    q,
    sql`insert into documents (tenant_id, document_id, kind, invoice_id, letter_id, customer_id, as_of, file_name,
          content_type, content, sha256, byte_size, language, einvoice_format, layout_data, created_at)
        values (${row.tenantId}, ${row.documentId}, ${row.kind}, ${row.invoiceId ?? null}, ${row.letterId ?? null},
          ${row.customerId}, ${row.asOf ?? null}, ${row.fileName}, ${row.contentType},
          decode(${content.toString('base64')}, 'base64'), ${row.sha256}, ${row.byteSize}, ${row.language}, ${row.einvoiceFormat ?? null},
          ${row.layoutData === undefined || row.layoutData === null ? null : JSON.stringify(row.layoutData)}::jsonb,
          ${row.createdAt.toISOString()}::timestamptz)
        on conflict do nothing
        returning document_id`,
  );
  return inserted.length === 1;
}

/**
 * Issued invoices and credit notes of cashloop's own (not imported) that have no PDF yet,
 * newest first, among those created from `sinceId` on (a UUID v7 floor: the key range bounds the
 * scan, so a fully rendered backlog costs nothing).
 */
export async function pendingInvoiceIds(q: Queryable, tenantId: string, sinceId: string, limit: number) {
  const rows = await queryRows<{ invoice_id: string }>(
    q,
    sql`select i.invoice_id from ${nativeIssuedSinceRelation(tenantId, sinceId)} i
        left join documents d on d.tenant_id = ${tenantId} and d.invoice_id = i.invoice_id
          and d.kind in ('invoice', 'credit_note')
        where d.document_id is null
        order by i.invoice_id desc limit ${limit}`,
  );
  return rows.map((r) => r.invoice_id);
}
