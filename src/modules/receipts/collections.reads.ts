/**
 * The receipts as published relations for collections and credit: SQL subqueries scoped to one
 * tenant, with the columns documented here, that other modules join in their aggregating queries
 * without naming this module's tables. Plain selects, so PostgreSQL folds them into the consumer's
 * query and keeps using this module's indexes (unapplied receipts, allocations by invoice).
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Every receipt, one row each: `receipt_id`, `customer_id`, `currency`, `amount_minor`,
 * `received_on`, `payer_name` and `reference` (null when the bank gave none).
 */
export function receiptsRelation(tenantId: string): SQL {
  return sql`(select receipt_id, customer_id, currency, amount_minor, received_on, payer_name, reference from receipts
              where tenant_id = ${tenantId})`;
}

/**
 * Receipts with cash not yet applied, one row each: `receipt_id`, `customer_id`, `currency`,
 * `fx_rate` (document rate to the base currency), `unapplied_minor` (≠ 0, in `currency`).
 */
export function unappliedReceiptsRelation(tenantId: string): SQL {
  return sql`(select receipt_id, customer_id, currency, fx_rate, unapplied_minor from receipts
              where tenant_id = ${tenantId} and unapplied_minor <> 0)`;
}

/**
 * Payments applied to invoices and still standing (not unapplied), one row per allocation:
 * `invoice_id`, `receipt_id`, `amount_minor` (applied, in the invoice currency), `received_on`
 * (the receipt's date).
 */
export function appliedPaymentsRelation(tenantId: string): SQL {
  return sql`(select a.invoice_id, a.receipt_id, a.amount_minor, r.received_on from allocations a
              join receipts r on r.tenant_id = a.tenant_id and r.receipt_id = a.receipt_id
              where a.tenant_id = ${tenantId} and a.unapplied_at is null)`;
}
