import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businessDate, instant, minor, minorZero, tenantId } from '../../db/columns.ts';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from './adjustment-kinds.ts';
import { VAT_CATEGORIES, type VatCategory } from './vat-category.ts';

/** The customer as an issued document names it, fixed at issue (master data may change later). */
export interface BillTo {
  name: string;
  legalName: string | null;
  billingAddress: Record<string, string> | null;
  country: string | null;
  taxId: string | null;
  language: string;
}

/**
 * Invoices and credit notes. `open_minor` is maintained in the same transaction as the journal
 * entry that changes it; the ledger's per-invoice AR lines prove it (see ledger reconciliation).
 */
export const invoices = pgTable(
  'invoices',
  {
    tenantId: tenantId(),
    invoiceId: uuid('invoice_id').notNull(),
    kind: text('kind').notNull().default('invoice'),
    number: text('number'),
    series: text('series').notNull().default('INV'),
    customerId: uuid('customer_id').notNull(),
    status: text('status').notNull().default('draft'),
    issueDate: businessDate('issue_date'),
    dueDate: businessDate('due_date'),
    discountDate: businessDate('discount_date'),
    discountPct: numeric('discount_pct'),
    paymentTerms: text('payment_terms').notNull(),
    currency: text('currency').notNull(),
    fxRate: numeric('fx_rate').notNull().default('1'),
    /**
     * False when a draft's rate was not given but taken from the exchange rates in force: issuing
     * it takes the rate in force on its issue date instead (docs/fx.md). True once issued.
     */
    fxRateGiven: boolean('fx_rate_given').notNull().default(true),
    netMinor: minorZero('net_minor'),
    taxMinor: minorZero('tax_minor'),
    totalMinor: minorZero('total_minor'),
    openMinor: minorZero('open_minor'),
    paymentReference: text('payment_reference'),
    poNumber: text('po_number'),
    description: text('description'),
    creditedInvoiceId: uuid('credited_invoice_id'),
    source: text('source').notNull().default('native'),
    createdAt: instant('created_at').notNull().defaultNow(),
    issuedAt: instant('issued_at'),
    closedAt: instant('closed_at'),
    /** Why it was voided, as given (null: not void, or no reason given). */
    voidReason: text('void_reason'),
    // Fixed at issue for the document (PDF): the seller's letterhead version and the customer.
    letterheadVersion: integer('letterhead_version'),
    billTo: jsonb('bill_to').$type<BillTo>(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.invoiceId] }),
    uniqueIndex('invoices_number_uq').on(t.tenantId, t.kind, t.number),
    index('invoices_customer_idx').on(t.tenantId, t.customerId),
    // The customer exists: checked once per statement by the trigger invoices_customer_exists and
    // guarded on the customers side by customers_keep_invoiced (migrations/0000_init.sql), not by a foreign
    // key, whose per-row check cost a fifth of the speed of bulk imports.
    index('invoices_open_idx').on(t.tenantId, t.currency, t.dueDate).where(sql`${t.openMinor} <> 0`),
    // No index by status: lists filter the tenant's invoices in id order; imports write faster.
    // The list's sorts (GET /v1/invoices?sort=): a page is an index range, not a sort of every row.
    index('invoices_due_sort_idx').on(t.tenantId, t.dueDate, t.invoiceId),
    index('invoices_issue_sort_idx').on(t.tenantId, t.issueDate, t.invoiceId),
    index('invoices_total_sort_idx').on(t.tenantId, t.totalMinor, t.invoiceId),
    index('invoices_open_sort_idx').on(t.tenantId, t.openMinor, t.invoiceId),
    index('invoices_number_sort_idx').on(t.tenantId, t.number, t.invoiceId),
    check('invoices_kind_check', sql`${t.kind} in ('invoice','credit_note')`),
    check(
      'invoices_status_check',
      sql`${t.status} in ('draft','issued','partially_paid','paid','credited','void','written_off')`,
    ),
    check('invoices_open_check', sql`${t.openMinor} >= 0 and ${t.openMinor} <= ${t.totalMinor}`),
    check('invoices_total_check', sql`${t.totalMinor} >= 0`),
    // A voided draft never had a number (voiding must not take one: numbering stays gapless).
    check('invoices_number_check', sql`${t.status} in ('draft', 'void') or ${t.number} is not null`),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    tenantId: tenantId(),
    invoiceId: uuid('invoice_id').notNull(),
    lineNo: integer('line_no').notNull(),
    description: text('description').notNull(),
    quantity: numeric('quantity').notNull(),
    unitPrice: numeric('unit_price').notNull(),
    discountPct: numeric('discount_pct').notNull().default('0'),
    taxRate: numeric('tax_rate').notNull().default('0'),
    netMinor: minor('net_minor').notNull(),
    /** EN 16931 VAT category (BT-151); null: S when the rate is above 0, Z at 0 (`vatCategoryOf`). */
    vatCategory: text('vat_category').$type<VatCategory>(),
    /** Why no VAT is charged (BT-120), for the categories E, AE, K, G, O. */
    vatExemptionReason: text('vat_exemption_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.invoiceId, t.lineNo] }),
    foreignKey({
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.invoiceId],
    }),
    check(
      'invoice_lines_vat_category_check',
      sql`${t.vatCategory} in (${sql.raw(VAT_CATEGORIES.map((k) => `'${k}'`).join(','))})`,
    ),
  ],
);

/** Everything that reduced an invoice's open amount other than receipts: credit notes and write-offs. */
export const invoiceAdjustments = pgTable(
  'invoice_adjustments',
  {
    tenantId: tenantId(),
    adjustmentId: uuid('adjustment_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
    kind: text('kind').$type<AdjustmentKind>().notNull(),
    amountMinor: minor('amount_minor').notNull(),
    creditNoteId: uuid('credit_note_id'),
    reason: text('reason'),
    entryId: uuid('entry_id').notNull(),
    /** The receipt whose application settled the invoice short (a discount or bank charges). */
    receiptId: uuid('receipt_id'),
    /** Set when the adjustment was taken back (its entry reversed) with its application. */
    reversalEntryId: uuid('reversal_entry_id'),
    reversedAt: instant('reversed_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.adjustmentId] }),
    index('invoice_adjustments_receipt_idx')
      .on(t.tenantId, t.receiptId)
      .where(sql`${t.receiptId} is not null`),
    index('invoice_adjustments_invoice_idx').on(t.tenantId, t.invoiceId),
    foreignKey({
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.invoiceId],
    }),
    check(
      'invoice_adjustments_kind_check',
      sql`${t.kind} in (${sql.raw(ADJUSTMENT_KINDS.map((k) => `'${k}'`).join(','))})`,
    ),
    check('invoice_adjustments_amount_check', sql`${t.amountMinor} > 0`),
  ],
);
