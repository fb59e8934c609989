/**
 * The receipts as a published relation for reports (the aging report and the customer statement):
 * an SQL subquery scoped to one tenant, with the columns documented here, that the reports module
 * joins without naming this module's tables. A plain select, so PostgreSQL folds it into the
 * report's query and keeps using this module's indexes (primary key, unapplied receipts).
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Every receipt, one row each: `receipt_id`, `customer_id`, `currency`, `received_on`,
 * `amount_minor` and `unapplied_minor` (in `currency`; 0 when fully applied), `reference` (the
 * payer's remittance text, null when none).
 */
export function receiptFactsRelation(tenantId: string): SQL {
  return sql`(select receipt_id, customer_id, currency, received_on, amount_minor, unapplied_minor, reference
              from receipts where tenant_id = ${tenantId})`;
}
