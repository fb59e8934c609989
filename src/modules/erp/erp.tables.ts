import { sql } from 'drizzle-orm';
import { bigint, check, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

/**
 * Which account of the host ERP's chart each cashloop account books to, per tenant. A file export
 * (CSV, DATEV) refuses to run while a line it holds names an unmapped account (docs/erp.md).
 */
export const erpAccountMappings = pgTable(
  'erp_account_mappings',
  {
    tenantId: tenantId(),
    accountCode: text('account_code').notNull(),
    erpAccount: text('erp_account').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.accountCode] })],
);

/**
 * A customer's personal account in the ERP (DATEV: Debitorenkonto). Set by hand, or given the next
 * free number of the debtor range by the first DATEV export that needs it; unique per tenant.
 */
export const erpCustomerAccounts = pgTable(
  'erp_customer_accounts',
  {
    tenantId: tenantId(),
    customerId: uuid('customer_id').notNull(),
    erpAccount: text('erp_account').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    unique('erp_customer_accounts_account_key').on(t.tenantId, t.erpAccount),
  ],
);

/**
 * One file export of the journal: the entries numbered in (`after_entry_no`, `to_entry_no`], which
 * no other batch holds. Batches follow each other without gap or overlap: batch n+1 starts where
 * batch n ended, and the unique keys refuse a second batch n+1 written at the same time. `snapshot`
 * keeps the mappings and options the file was made with, so a re-export makes the same bytes.
 */
export const erpExportBatches = pgTable(
  'erp_export_batches',
  {
    tenantId: tenantId(),
    batchId: uuid('batch_id').notNull(),
    batchNo: integer('batch_no').notNull(),
    format: text('format').notNull(),
    afterEntryNo: bigint('after_entry_no', { mode: 'bigint' }).notNull(),
    toEntryNo: bigint('to_entry_no', { mode: 'bigint' }).notNull(),
    entryCount: integer('entry_count').notNull(),
    sha256: text('sha256').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    createdAt: instant('created_at').notNull(),
    createdByName: text('created_by_name'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.batchId] }),
    unique('erp_export_batches_no_key').on(t.tenantId, t.batchNo),
    unique('erp_export_batches_after_key').on(t.tenantId, t.afterEntryNo),
    check('erp_export_batches_format_check', sql`${t.format} in ('csv', 'datev')`),
    check('erp_export_batches_range_check', sql`${t.toEntryNo} > ${t.afterEntryNo} and ${t.entryCount} > 0`),
  ],
);
