import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { businessDate, instant, minor, tenantId } from '../../db/columns.ts';

/**
 * Append-only double-entry journal. Lines carry signed amounts (debit > 0, credit < 0) in the
 * transaction currency and in the tenant's base currency; every entry sums to zero in each.
 * Rows are never updated or deleted; a correction is a new entry with `reverses_entry_id` set.
 */
export const journalEntries = pgTable(
  'journal_entries',
  {
    tenantId: tenantId(),
    entryId: uuid('entry_id').notNull(),
    entryNo: bigint('entry_no', { mode: 'bigint' }).generatedAlwaysAsIdentity(),
    eventCode: text('event_code').notNull(),
    effectiveDate: businessDate('effective_date').notNull(),
    description: text('description').notNull(),
    sourceType: text('source_type'),
    sourceId: uuid('source_id'),
    reversesEntryId: uuid('reverses_entry_id'),
    postedAt: instant('posted_at').notNull().defaultNow(),
    /** Who posted it: a user's name or an API key's label (null: the system, or before 0019). */
    postedByName: text('posted_by_name'),
    postedByKeyId: uuid('posted_by_key_id'),
    postedByUserId: uuid('posted_by_user_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entryId] }),
    index('journal_entries_source_idx').on(t.tenantId, t.sourceType, t.sourceId),
    index('journal_entries_date_idx').on(t.tenantId, t.effectiveDate, t.entryId),
    // The entries posted after a watermark, with their dates from the index alone: whether a derived
    // snapshot of a past day is still true (the KPI report's month ends, docs/analytics.md).
    index('journal_entries_no_idx').on(t.tenantId, t.entryNo, t.effectiveDate),
    // Cash posted in a window (the approvals' separation-of-duties rule): docs/approvals.md.
    index('journal_entries_cash_posted_idx')
      .on(t.tenantId, t.postedAt)
      .where(sql`${t.eventCode} in ('receipt.recorded', 'receipt.allocated')`),
  ],
);

export const journalLines = pgTable(
  'journal_lines',
  {
    tenantId: tenantId(),
    entryId: uuid('entry_id').notNull(),
    lineNo: integer('line_no').notNull(),
    accountCode: text('account_code').notNull(),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    baseAmountMinor: minor('base_amount_minor').notNull(),
    customerId: uuid('customer_id'),
    invoiceId: uuid('invoice_id'),
    receiptId: uuid('receipt_id'),
    memo: text('memo'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.entryId, t.lineNo] }),
    // No index by account: the trial balance and the AR tie-out read most lines of a tenant anyway.
    index('journal_lines_customer_idx').on(t.tenantId, t.customerId),
    // An invoice's and a receipt's AR lines: their base-currency balance at every settlement.
    index('journal_lines_invoice_idx').on(t.tenantId, t.invoiceId).where(sql`${t.invoiceId} is not null`),
    index('journal_lines_receipt_idx').on(t.tenantId, t.receiptId).where(sql`${t.receiptId} is not null`),
    // A customer's receipt lines read from the index alone (the approvals' SoD rule, docs/approvals.md).
    index('journal_lines_customer_receipt_idx')
      .on(t.tenantId, t.customerId, t.entryId, t.receiptId)
      .where(sql`${t.receiptId} is not null`),
    // Every line belongs to a posted entry: checked once per INSERT statement by the trigger
    // journal_lines_entry_exists (migrations/0000_init.sql), not by a foreign key, whose per-row check
    // halved the speed of bulk posting. Trigger-enforced too: lines and entries are append-only.
    check('journal_lines_nonzero_check', sql`${t.amountMinor} <> 0 or ${t.baseAmountMinor} <> 0`),
  ],
);

/**
 * The chart of accounts. `role` names the accounts the posting rules use. The ledger owns it: other
 * modules seed and open accounts through the ledger's door (`seedChartOfAccounts`, `openCashAccount`).
 */
export const accounts = pgTable(
  'accounts',
  {
    tenantId: tenantId(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    role: text('role'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.code] }),
    check('accounts_type_check', sql`${t.type} in ('asset','liability','equity','revenue','expense')`),
  ],
);
