/**
 * The invoices as published relations for collections and credit: SQL subqueries scoped to one
 * tenant, with the columns documented here, that other modules join in their aggregating queries
 * (the worklist, the credit position, promise progress) without naming this module's tables. They
 * are plain filtered selects, so PostgreSQL folds them into the consumer's query and keeps using
 * the partial index of open invoices (`invoices_open_idx`).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { CalendarDate } from '../../shared/calendar-date.ts';

/**
 * Open items: issued invoices (not credit notes) with something open, one row each: `invoice_id`,
 * `customer_id`, `currency`, `fx_rate` (document rate to the base currency), `issue_date`,
 * `due_date`, `open_minor` (≠ 0, in `currency`).
 */
export function openInvoicesRelation(tenantId: string): SQL {
  return sql`(select invoice_id, customer_id, currency, fx_rate, issue_date, due_date, open_minor
              from invoices where tenant_id = ${tenantId} and open_minor <> 0 and kind = 'invoice')`;
}

/**
 * Invoices paid in full and closed after `closedAfter` (its midnight, in the session's time zone),
 * with a due date, one row each: `invoice_id`, `customer_id`, `due_date`. An invoice is closed when
 * its last payment is recorded, never before that payment was received.
 */
export function paidInvoicesRelation(tenantId: string, closedAfter: CalendarDate): SQL {
  return sql`(select invoice_id, customer_id, due_date from invoices
              where tenant_id = ${tenantId} and kind = 'invoice' and status = 'paid' and due_date is not null
                and closed_at > ${closedAfter}::timestamptz)`;
}
