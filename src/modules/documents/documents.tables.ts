import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businessDate, instant, tenantId } from '../../db/columns.ts';
import { customers } from '../customers/customers.tables.ts';
import { invoices } from '../invoices/invoices.tables.ts';

/** `bytea` as a Uint8Array on both back ends (pg returns a Buffer, PGlite a Uint8Array). */
const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * Rendered documents, stored once: the bytes of an invoice's or credit note's PDF are written the
 * first time it is needed and served unchanged ever after (one row per invoice, enforced by the
 * unique index); a statement is stored per distinct content (same customer and bytes → same row).
 */
export const documents = pgTable(
  'documents',
  {
    tenantId: tenantId(),
    documentId: uuid('document_id').notNull(),
    kind: text('kind').notNull(),
    invoiceId: uuid('invoice_id'),
    customerId: uuid('customer_id').notNull(),
    /** A statement's date; null for invoices and credit notes. */
    asOf: businessDate('as_of'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    content: bytes('content').notNull(),
    /** Lower-case hex SHA-256 of `content`. */
    sha256: text('sha256').notNull(),
    byteSize: integer('byte_size').notNull(),
    language: text('language').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.documentId] }),
    uniqueIndex('documents_invoice_uq').on(t.tenantId, t.invoiceId).where(sql`${t.invoiceId} is not null`),
    uniqueIndex('documents_statement_uq')
      .on(t.tenantId, t.customerId, t.sha256)
      .where(sql`${t.kind} = 'statement'`),
    index('documents_customer_idx').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.invoiceId],
    }),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    check('documents_kind_check', sql`${t.kind} in ('invoice','credit_note','statement')`),
    check(
      'documents_link_check',
      sql`(${t.kind} = 'statement') = (${t.invoiceId} is null) and (${t.kind} = 'statement') = (${t.asOf} is not null)`,
    ),
    check('documents_size_check', sql`${t.byteSize} = octet_length(${t.content})`),
    check('documents_sha256_check', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
