import { sql } from 'drizzle-orm';
import { check, foreignKey, index, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { businessDate, instant, minor, minorZero, tenantId } from '../../db/columns.ts';
import { customers } from '../customers/customers.tables.ts';
import { invoices } from '../invoices/invoices.tables.ts';

/**
 * Money in. `unapplied_minor` = amount − active allocations − refunds − write-offs.
 * `cash_account_code` is the account of the chart the money arrived on (a bank account's own cash
 * account for cash-applied receipts, else the default bank account): refunds leave from it.
 */
export const receipts = pgTable(
  'receipts',
  {
    tenantId: tenantId(),
    receiptId: uuid('receipt_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    method: text('method').notNull(),
    receivedOn: businessDate('received_on').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    fxRate: numeric('fx_rate').notNull().default('1'),
    payerName: text('payer_name'),
    payerIban: text('payer_iban'),
    reference: text('reference'),
    cashAccountCode: text('cash_account_code').notNull(),
    unappliedMinor: minorZero('unapplied_minor'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.receiptId] }),
    index('receipts_customer_idx').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    index('receipts_unapplied_idx').on(t.tenantId, t.currency).where(sql`${t.unappliedMinor} <> 0`),
    check('receipts_amount_check', sql`${t.amountMinor} > 0`),
    check(
      'receipts_unapplied_check',
      sql`${t.unappliedMinor} >= 0 and ${t.unappliedMinor} <= ${t.amountMinor}`,
    ),
    check(
      'receipts_method_check',
      sql`${t.method} in ('bank_transfer','card','cash','check','direct_debit','other')`,
    ),
  ],
);

export const allocations = pgTable(
  'allocations',
  {
    tenantId: tenantId(),
    allocationId: uuid('allocation_id').notNull(),
    receiptId: uuid('receipt_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    entryId: uuid('entry_id').notNull(),
    reversalEntryId: uuid('reversal_entry_id'),
    createdAt: instant('created_at').notNull().defaultNow(),
    unappliedAt: instant('unapplied_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.allocationId] }),
    index('allocations_receipt_idx').on(t.tenantId, t.receiptId),
    index('allocations_invoice_idx').on(t.tenantId, t.invoiceId),
    foreignKey({
      columns: [t.tenantId, t.receiptId],
      foreignColumns: [receipts.tenantId, receipts.receiptId],
    }),
    foreignKey({
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.invoiceId],
    }),
    check('allocations_amount_check', sql`${t.amountMinor} > 0`),
  ],
);

/** Money out of a receipt's unapplied balance: refunds to the customer and small-balance write-offs. */
export const receiptDisbursements = pgTable(
  'receipt_disbursements',
  {
    tenantId: tenantId(),
    disbursementId: uuid('disbursement_id').notNull(),
    receiptId: uuid('receipt_id').notNull(),
    kind: text('kind').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    onDate: businessDate('on_date').notNull(),
    reason: text('reason'),
    entryId: uuid('entry_id').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.disbursementId] }),
    index('receipt_disbursements_receipt_idx').on(t.tenantId, t.receiptId),
    foreignKey({
      columns: [t.tenantId, t.receiptId],
      foreignColumns: [receipts.tenantId, receipts.receiptId],
    }),
    check('receipt_disbursements_kind_check', sql`${t.kind} in ('refund','write_off')`),
    check('receipt_disbursements_amount_check', sql`${t.amountMinor} > 0`),
  ],
);
