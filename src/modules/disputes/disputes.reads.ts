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
 * Every dispute, one row each: `dispute_id`, `invoice_id`, `currency`, `opened_on` (the UTC day it
 * was opened), `closed_on` (the UTC day it was resolved or rejected; null while open). The one
 * reading of disputes by day: the KPI report's dispute rate and time to resolve, the forecast's
 * "in dispute at the end of the day" (opened on or before it, not closed by then) and the payment
 * model's "disputed by then" (opened on or before it).
 */
export function disputeFactsRelation(tenantId: string): SQL {
  return sql`(select dispute_id, invoice_id, currency, (opened_at at time zone 'UTC')::date as opened_on,
                (closed_at at time zone 'UTC')::date as closed_on
              from disputes where tenant_id = ${tenantId})`;
}
