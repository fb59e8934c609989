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
import { businessDate, instant, minor, tenantId } from '../../db/columns.ts';
import { BANK_LINE_STATUSES, type BankLineStatus } from './bank-lines.ts';

/**
 * The tenant's own bank accounts, registered the first time a statement of theirs is imported.
 * Each has its own cash account in the chart (`ledger_account_code`, 1201, 1202 …).
 */
export const bankAccounts = pgTable(
  'bank_accounts',
  {
    tenantId: tenantId(),
    bankAccountId: uuid('bank_account_id').notNull(),
    /** IBAN when the statement gives a valid one, else the bank's account number. */
    accountKey: text('account_key').notNull(),
    iban: text('iban'),
    accountNumber: text('account_number'),
    bic: text('bic'),
    currency: text('currency').notNull(),
    name: text('name'),
    ledgerAccountCode: text('ledger_account_code').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.bankAccountId] }),
    uniqueIndex('bank_accounts_key_uq').on(t.tenantId, t.accountKey, t.currency),
  ],
);

/** One imported statement (or report / notification) of one account. */
export const bankStatements = pgTable(
  'bank_statements',
  {
    tenantId: tenantId(),
    statementId: uuid('statement_id').notNull(),
    bankAccountId: uuid('bank_account_id').notNull(),
    format: text('format').notNull(),
    bankStatementRef: text('bank_statement_ref'),
    fileSha256: text('file_sha256').notNull(),
    fromDate: businessDate('from_date'),
    toDate: businessDate('to_date'),
    openingMinor: minor('opening_minor'),
    closingMinor: minor('closing_minor'),
    currency: text('currency').notNull(),
    entryCount: integer('entry_count').notNull(),
    importedCount: integer('imported_count').notNull(),
    skippedCount: integer('skipped_count').notNull(),
    warnings: jsonb('warnings').$type<string[]>().notNull(),
    importedAt: instant('imported_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.statementId] }),
    foreignKey({
      columns: [t.tenantId, t.bankAccountId],
      foreignColumns: [bankAccounts.tenantId, bankAccounts.bankAccountId],
    }),
  ],
);

/**
 * Bank transactions, each stored once however often (and however overlapping) its statements are
 * imported: `dedupe_key` is unique per account. `status` is cash application's state of the line.
 */
export const bankTransactions = pgTable(
  'bank_transactions',
  {
    tenantId: tenantId(),
    transactionId: uuid('transaction_id').notNull(),
    bankAccountId: uuid('bank_account_id').notNull(),
    statementId: uuid('statement_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    bankReference: text('bank_reference'),
    bookingDate: businessDate('booking_date').notNull(),
    valueDate: businessDate('value_date'),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    transactionCode: text('transaction_code'),
    counterpartyName: text('counterparty_name'),
    counterpartyIban: text('counterparty_iban'),
    counterpartyAccount: text('counterparty_account'),
    counterpartyBic: text('counterparty_bic'),
    ultimateParty: text('ultimate_party'),
    remittance: text('remittance').notNull(),
    structuredReferences: text('structured_references').array().notNull(),
    endToEndId: text('end_to_end_id'),
    reversal: boolean('reversal').notNull(),
    status: text('status').$type<BankLineStatus>().notNull().default('new'),
    receiptId: uuid('receipt_id'),
    /** Cash application's verdict: the customer it found, its confidence, and what it proposed. */
    customerId: uuid('customer_id'),
    confidence: numeric('confidence'),
    decision: jsonb('decision'),
    processedAt: instant('processed_at'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.transactionId] }),
    uniqueIndex('bank_transactions_dedupe_uq').on(t.tenantId, t.bankAccountId, t.dedupeKey),
    index('bank_transactions_status_idx').on(t.tenantId, t.status),
    foreignKey({
      columns: [t.tenantId, t.statementId],
      foreignColumns: [bankStatements.tenantId, bankStatements.statementId],
    }),
    check(
      'bank_transactions_status_check',
      sql`${t.status} in (${sql.raw(BANK_LINE_STATUSES.map((s) => `'${s}'`).join(','))})`,
    ),
  ],
);
