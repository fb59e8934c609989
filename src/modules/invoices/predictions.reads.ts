/**
 * The invoices as a published relation for payment-date prediction: an SQL subquery scoped to one
 * tenant, with the columns documented here, that the predictions module joins with the journal
 * without naming this module's tables.
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Issued invoices (not credit notes, not drafts, not voided) with a due date and a positive total,
 * one row each: `invoice_id`, `customer_id`, `currency`, `issue_date`, `due_date`, `total_minor`.
 */
export function billedInvoicesRelation(tenantId: string): SQL {
  return sql`(select invoice_id, customer_id, currency, issue_date, due_date, total_minor from invoices
              where tenant_id = ${tenantId} and kind = 'invoice' and status not in ('draft', 'void')
                and due_date is not null and issue_date is not null and total_minor > 0)`;
}
