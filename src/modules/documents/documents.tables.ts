import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businessDate, bytea as bytes, instant, tenantId } from '../../db/columns.ts';
import { customers } from '../customers/customers.tables.ts';
import { dunningLetters } from '../dunning/dunning.tables.ts';
import { invoices } from '../invoices/invoices.tables.ts';

/**
 * Rendered documents, stored once: the bytes of an invoice's, credit note's or dunning letter's PDF,
 * and of an invoice's e-invoice XML in a format, are written the first time they are needed and
 * served unchanged ever after (one row per invoice, per invoice and e-invoice format, or per letter,
 * enforced by the unique indexes); a statement is stored per distinct content (same customer and
 * bytes → same row).
 */
export const documents = pgTable(
  'documents',
  {
    tenantId: tenantId(),
    documentId: uuid('document_id').notNull(),
    kind: text('kind').notNull(),
    invoiceId: uuid('invoice_id'),
    /** The dunning letter a `dunning_letter` document prints. */
    letterId: uuid('letter_id'),
    /** Null only for an `ar_pack` (the tenant's monthly AR pack, about no one customer). */
    customerId: uuid('customer_id'),
    /** A statement's date, a dunning letter's date, an AR pack's month end; null for invoices and credit notes. */
    asOf: businessDate('as_of'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    content: bytes('content').notNull(),
    /** Lower-case hex SHA-256 of `content`. */
    sha256: text('sha256').notNull(),
    byteSize: integer('byte_size').notNull(),
    language: text('language').notNull(),
    /** An `einvoice` document's format (`ubl`, `xrechnung-ubl`, `cii`, `xrechnung-cii`); null for the other kinds. */
    einvoiceFormat: text('einvoice_format'),
    /**
     * What a dunning letter's PDF shows, as data (JSON, amounts as strings): a print batch draws
     * the letter again from it, so the printed letter is the stored one even if the customer or
     * the template changed since. Null for the other kinds.
     */
    layoutData: jsonb('layout_data'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.documentId] }),
    uniqueIndex('documents_invoice_uq')
      .on(t.tenantId, t.invoiceId)
      .where(sql`${t.kind} in ('invoice','credit_note')`),
    uniqueIndex('documents_einvoice_uq')
      .on(t.tenantId, t.invoiceId, t.einvoiceFormat)
      .where(sql`${t.kind} = 'einvoice'`),
    uniqueIndex('documents_statement_uq')
      .on(t.tenantId, t.customerId, t.sha256)
      .where(sql`${t.kind} = 'statement'`),
    uniqueIndex('documents_letter_uq').on(t.tenantId, t.letterId).where(sql`${t.letterId} is not null`),
    index('documents_customer_idx').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.invoiceId],
    }),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    foreignKey({
      columns: [t.tenantId, t.letterId],
      foreignColumns: [dunningLetters.tenantId, dunningLetters.letterId],
    }),
    check(
      'documents_kind_check',
      sql`${t.kind} in ('invoice','credit_note','einvoice','statement','dunning_letter','ar_pack')`,
    ),
    check(
      'documents_link_check',
      sql`(${t.kind} in ('invoice','credit_note','einvoice')) = (${t.invoiceId} is not null) and (${t.kind} = 'einvoice') = (${t.einvoiceFormat} is not null) and (${t.kind} = 'dunning_letter') = (${t.letterId} is not null) and (${t.kind} in ('statement','dunning_letter','ar_pack')) = (${t.asOf} is not null) and (${t.kind} = 'dunning_letter') = (${t.layoutData} is not null) and (${t.kind} = 'ar_pack') = (${t.customerId} is null)`,
    ),
    check('documents_size_check', sql`${t.byteSize} = octet_length(${t.content})`),
    check('documents_sha256_check', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
  ],
);
