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

/**
 * Every dispute, one row each, for reports (the KPI report's dispute rate and time to resolve):
 * `dispute_id`, `invoice_id`, `currency`, `opened_on` (the UTC day it was opened), `closed_on` (the
 * UTC day it was resolved or rejected; null while open).
 */
export function disputeFactsRelation(tenantId: string): SQL {
  return sql`(select dispute_id, invoice_id, currency, (opened_at at time zone 'UTC')::date as opened_on,
                (closed_at at time zone 'UTC')::date as closed_on
              from disputes where tenant_id = ${tenantId})`;
}

/**
 * Every invoice a dispute was ever raised on (open, resolved or rejected), one row each:
 * `invoice_id`, `first_opened_at` (when the first dispute of it was raised).
 */
export function disputedInvoicesRelation(tenantId: string): SQL {
  return sql`(select invoice_id, min(opened_at) as first_opened_at from disputes
              where tenant_id = ${tenantId} group by invoice_id)`;
}
