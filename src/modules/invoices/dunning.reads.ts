/**
 * The invoices as published relations for dunning: SQL subqueries scoped to one tenant, with the
 * columns documented here, that the dunning run joins with its own invoice states and notices
 * without naming this module's tables. They are plain filtered selects, so PostgreSQL folds them
 * into the consumer's query and keeps using this module's indexes.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { CalendarDate } from '../../shared/calendar-date.ts';

/**
 * Invoices a dunning run on `asOf` may remind of: issued or partially paid invoices (not credit
 * notes, not dunning charge documents) with something open and a due date, issued on or before
 * `asOf`, one row each: `invoice_id`, `number`, `customer_id`, `currency`, `due_date`, `open_minor`
 * (≠ 0, in `currency`), `fx_rate` (document rate to the base currency).
 */
export function dunnableInvoicesRelation(tenantId: string, asOf: CalendarDate): SQL {
  return sql`(select invoice_id, number, customer_id, currency, due_date, open_minor, fx_rate from invoices
              where tenant_id = ${tenantId} and kind = 'invoice' and open_minor <> 0
                and status in ('issued', 'partially_paid') and source <> 'dunning'
                and due_date is not null and issue_date <= ${asOf}::date)`;
}

/**
 * Invoices paid in full of the kind dunning charges interest on (not credit notes, not dunning
 * charge documents), one row each: `invoice_id`, `number`, `customer_id`, `currency`, `fx_rate`.
 */
export function paidDunnableInvoicesRelation(tenantId: string): SQL {
  return sql`(select invoice_id, number, customer_id, currency, fx_rate from invoices
              where tenant_id = ${tenantId} and status = 'paid' and open_minor = 0 and kind = 'invoice'
                and source <> 'dunning')`;
}

/**
 * Every invoice, credit note and charge document of the tenant, one row each: `invoice_id`,
 * `number`, `issue_date`, `due_date` (null when none), `open_minor` (in the document's currency).
 */
export function invoiceDocumentsRelation(tenantId: string): SQL {
  return sql`(select invoice_id, number, issue_date, due_date, open_minor from invoices
              where tenant_id = ${tenantId})`;
}
