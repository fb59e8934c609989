/**
 * The invoices as published relations for reports (the aging report and the customer statement):
 * SQL subqueries scoped to one tenant, with the columns documented here, that the reports module
 * joins in its aggregating queries without naming this module's tables. Plain filtered selects, so
 * PostgreSQL folds them into the report's query and keeps using this module's indexes (the primary
 * key by invoice id, the partial index of open invoices `invoices_open_idx`).
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Every document of the tenant (invoices and credit notes), one row each: `invoice_id`, `customer_id`, `kind`
 * (`invoice`, `credit_note` …), `number` (null while a draft), `currency`, `issue_date`, `due_date`
 * (null when none), `total_minor` (in its currency), `payment_reference` (null when none).
 */
export function invoiceFactsRelation(tenantId: string): SQL {
  return sql`(select invoice_id, customer_id, kind, number, currency, issue_date, due_date, total_minor, payment_reference
              from invoices
              where tenant_id = ${tenantId})`;
}

/**
 * The credit notes' reasons, one row per credit note: `entry_id` (of its journal entry
 * `credit_note.issued`), `invoice_id` (the invoice credited), `reason` (as given; null when none).
 */
export function creditNoteReasonsRelation(tenantId: string): SQL {
  return sql`(select entry_id, invoice_id, reason from invoice_adjustments
              where tenant_id = ${tenantId} and kind = 'credit_note')`;
}

/** The voided invoices' reasons, one row per void invoice: `invoice_id`, `reason` (as given; null when none). */
export function voidReasonsRelation(tenantId: string): SQL {
  return sql`(select invoice_id, void_reason as reason from invoices
              where tenant_id = ${tenantId} and status = 'void')`;
}
