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
 * Invoices in a dispute open at the end of `asOf` (opened before the next day began and not closed
 * by then, in the session's time zone), one row each: `invoice_id`. Today: the open disputes.
 */
export function invoicesDisputedOnRelation(tenantId: string, asOf: string): SQL {
  return sql`(select distinct invoice_id from disputes
              where tenant_id = ${tenantId} and opened_at < (${asOf}::date + 1)::timestamptz
                and (closed_at is null or closed_at >= (${asOf}::date + 1)::timestamptz))`;
}
