/** Disputes: a customer's dispute of (part of) an invoice, with its note thread. */
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, instant, minor, tenantId } from '../../db/columns.ts';
import { invoices } from '../invoices/invoices.tables.ts';

/** A customer's dispute of (part of) an invoice. At most one open dispute per invoice. */
export const disputes = pgTable(
  'disputes',
  {
    tenantId: tenantId(),
    disputeId: uuid('dispute_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    reasonCode: text('reason_code').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull().default('open'),
    openedAt: instant('opened_at').notNull().defaultNow(),
    openedByName: text('opened_by_name').notNull(),
    openedByKeyId: uuid('opened_by_key_id'),
    openedByUserId: uuid('opened_by_user_id'),
    closedAt: instant('closed_at'),
    closedByName: text('closed_by_name'),
    closedByKeyId: uuid('closed_by_key_id'),
    closedByUserId: uuid('closed_by_user_id'),
    /** Why it was rejected, or what was agreed when it was resolved. */
    resolution: text('resolution'),
    creditNoteId: uuid('credit_note_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.disputeId] }),
    uniqueIndex('disputes_open_uq').on(t.tenantId, t.invoiceId).where(sql`${t.status} = 'open'`),
    uniqueIndex('disputes_credit_note_uq')
      .on(t.tenantId, t.creditNoteId)
      .where(sql`${t.creditNoteId} is not null`),
    index('disputes_customer_idx').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.invoiceId],
    }),
    check(
      'disputes_reason_check',
      sql`${t.reasonCode} in ('pricing','quantity','quality','not_received','duplicate','other')`,
    ),
    check('disputes_status_check', sql`${t.status} in ('open','resolved','rejected')`),
    check('disputes_amount_check', sql`${t.amountMinor} > 0`),
    check('disputes_resolved_check', sql`${t.status} <> 'resolved' or ${t.creditNoteId} is not null`),
    check('disputes_closed_check', sql`(${t.status} = 'open') = (${t.closedAt} is null)`),
  ],
);

/** The thread of a dispute: who wrote what, when. */
export const disputeNotes = pgTable(
  'dispute_notes',
  {
    tenantId: tenantId(),
    noteId: uuid('note_id').notNull(),
    disputeId: uuid('dispute_id').notNull(),
    authorName: text('author_name').notNull(),
    authorKeyId: uuid('author_key_id'),
    authorUserId: uuid('author_user_id'),
    text: text('text').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.noteId] }),
    index('dispute_notes_dispute_idx').on(t.tenantId, t.disputeId),
    foreignKey({
      columns: [t.tenantId, t.disputeId],
      foreignColumns: [disputes.tenantId, disputes.disputeId],
    }),
  ],
);

/**
 * A file the customer attached to a dispute (the portal takes one PDF, PNG or JPEG of at most
 * 5 MB), stored as received with its SHA-256; `seq` numbers a dispute's attachments from 1.
 */
export const disputeAttachments = pgTable(
  'dispute_attachments',
  {
    tenantId: tenantId(),
    disputeId: uuid('dispute_id').notNull(),
    seq: integer('seq').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    /** Lower-case hex SHA-256 of `content`. */
    sha256: text('sha256').notNull(),
    byteSize: integer('byte_size').notNull(),
    uploadedByName: text('uploaded_by_name').notNull(),
    uploadedAt: instant('uploaded_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.disputeId, t.seq] }),
    foreignKey({
      columns: [t.tenantId, t.disputeId],
      foreignColumns: [disputes.tenantId, disputes.disputeId],
    }),
    check(
      'dispute_attachments_type_check',
      sql`${t.contentType} in ('application/pdf','image/png','image/jpeg')`,
    ),
    check('dispute_attachments_size_check', sql`${t.byteSize} between 1 and 5242880`),
  ],
);
