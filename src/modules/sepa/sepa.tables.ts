import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { businessDate, instant, minor, tenantId } from '../../db/columns.ts';
import { customers } from '../customers/customers.tables.ts';

/**
 * The tenant's SEPA creditor settings: the creditor identifier (Gläubiger-ID) and the
 * pre-notification period. The creditor account is the letterhead's IBAN/BIC (tenants module).
 */
export const sepaSettings = pgTable('sepa_settings', {
  tenantId: tenantId().primaryKey(),
  creditorId: text('creditor_id'),
  preNotificationDays: integer('pre_notification_days').notNull().default(sql`14`),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/**
 * SEPA direct-debit mandates. `sequence` is the sequence type of the next collection (FRST, RCUR,
 * OOFF, FNAL); `amended_from_iban` is the IBAN of the last collection when the debtor's account
 * changed since (sent as amendment information once, then cleared).
 */
export const sepaMandates = pgTable(
  'sepa_mandates',
  {
    tenantId: tenantId(),
    mandateId: uuid('mandate_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    reference: text('reference').notNull(),
    signedOn: businessDate('signed_on').notNull(),
    debtorName: text('debtor_name').notNull(),
    iban: text('iban').notNull(),
    bic: text('bic'),
    scheme: text('scheme').notNull(),
    sequence: text('sequence').notNull(),
    status: text('status').notNull(),
    statusReason: text('status_reason'),
    lastCollectedOn: businessDate('last_collected_on'),
    amendedFromIban: text('amended_from_iban'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.mandateId] }),
    uniqueIndex('sepa_mandates_reference_idx').on(t.tenantId, t.reference),
    index('sepa_mandates_customer_idx').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    check('sepa_mandates_scheme_check', sql`${t.scheme} in ('CORE','B2B')`),
    check('sepa_mandates_sequence_check', sql`${t.sequence} in ('FRST','RCUR','OOFF','FNAL')`),
    check('sepa_mandates_status_check', sql`${t.status} in ('active','revoked','expired')`),
  ],
);

/** A collection run (pain.008) or a refund run (pain.001) and the file it wrote. */
export const sepaRuns = pgTable(
  'sepa_runs',
  {
    tenantId: tenantId(),
    runId: uuid('run_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    messageId: text('message_id').notNull(),
    painVersion: text('pain_version').notNull(),
    executionDate: businessDate('execution_date').notNull(),
    currency: text('currency').notNull(),
    itemCount: integer('item_count').notNull(),
    totalMinor: minor('total_minor').notNull(),
    fileSha256: text('file_sha256').notNull(),
    fileXml: text('file_xml').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    bookedAt: instant('booked_at'),
    cancelledAt: instant('cancelled_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.runId] }),
    uniqueIndex('sepa_runs_message_idx').on(t.tenantId, t.messageId),
    check('sepa_runs_kind_check', sql`${t.kind} in ('collection','refund')`),
    check('sepa_runs_status_check', sql`${t.status} in ('created','booked','cancelled')`),
  ],
);

/**
 * One transaction of a run: an invoice collected under a mandate, or a receipt's credit paid out.
 * A pending collection item holds its invoice (the partial unique index), so a second run cannot
 * collect it twice.
 */
export const sepaRunItems = pgTable(
  'sepa_run_items',
  {
    tenantId: tenantId(),
    itemId: uuid('item_id').notNull(),
    runId: uuid('run_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    mandateId: uuid('mandate_id'),
    invoiceId: uuid('invoice_id'),
    invoiceNumber: text('invoice_number'),
    sourceReceiptId: uuid('source_receipt_id'),
    receiptId: uuid('receipt_id'),
    allocationId: uuid('allocation_id'),
    sequence: text('sequence'),
    endToEndId: text('end_to_end_id').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    iban: text('iban').notNull(),
    status: text('status').notNull(),
    returnReason: text('return_reason'),
    returnedOn: businessDate('returned_on'),
    returnFeeMinor: minor('return_fee_minor'),
    firstOfMandate: boolean('first_of_mandate').notNull().default(sql`false`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId] }),
    uniqueIndex('sepa_run_items_e2e_idx').on(t.tenantId, t.endToEndId),
    uniqueIndex('sepa_run_items_pending_invoice_idx')
      .on(t.tenantId, t.invoiceId)
      .where(sql`${t.status} = 'pending' and ${t.invoiceId} is not null`),
    index('sepa_run_items_run_idx').on(t.tenantId, t.runId),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [sepaRuns.tenantId, sepaRuns.runId] }),
    check('sepa_run_items_amount_check', sql`${t.amountMinor} > 0`),
    check('sepa_run_items_status_check', sql`${t.status} in ('pending','booked','returned','cancelled')`),
  ],
);
