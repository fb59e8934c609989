/**
 * The dunning state of invoices as a published relation: an SQL subquery scoped to one tenant with
 * documented columns, for other modules' aggregating queries (the customer list).
 */
import { type SQL, sql } from 'drizzle-orm';

/** Invoices that were dunned, one row each: `invoice_id`, `level_no` (the last level sent), `sent_on`. */
export function invoiceDunningLevelsRelation(tenantId: string): SQL {
  return sql`(select invoice_id, level_no, sent_on from dunning_invoice_states where tenant_id = ${tenantId})`;
}
