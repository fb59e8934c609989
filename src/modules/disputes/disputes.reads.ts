/**
 * The disputes as a published relation: an SQL subquery scoped to one tenant, with the columns
 * documented here, that other modules join in their aggregating queries (the worklist, the credit
 * position) without naming this module's tables.
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Open disputes, at most one per invoice: `dispute_id`, `invoice_id`, `amount_minor` (the disputed
 * amount, > 0, in the invoice currency).
 */
export function openDisputesRelation(tenantId: string): SQL {
  return sql`(select dispute_id, invoice_id, amount_minor from disputes
              where tenant_id = ${tenantId} and status = 'open')`;
}

/**
 * Every invoice a dispute was ever raised on (open, resolved or rejected), one row each:
 * `invoice_id`, `first_opened_at` (when the first dispute of it was raised).
 */
export function disputedInvoicesRelation(tenantId: string): SQL {
  return sql`(select invoice_id, min(opened_at) as first_opened_at from disputes
              where tenant_id = ${tenantId} group by invoice_id)`;
}
