/**
 * The invoices as a published relation for their delivery: an SQL subquery scoped to one tenant,
 * with the columns documented here, that communication joins without naming this module's tables.
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Issued invoices and credit notes of cashloop's own making (not imported, and not the tenant's
 * charge documents, which travel with their dunning letters), issued at or after `issuedFrom`,
 * created at or after `createdFrom` (a UUID v7 floor: the primary-key range that keeps this cheap
 * on large tenants), one row each: `invoice_id`, `customer_id`, `issued_at`.
 */
export function deliverableDocumentsRelation(
  tenantId: string,
  range: { issuedFrom: Date; createdFrom: string },
): SQL {
  return sql`(select invoice_id, customer_id, issued_at from invoices
              where tenant_id = ${tenantId} and invoice_id >= ${range.createdFrom}::uuid
                and kind in ('invoice', 'credit_note') and status not in ('draft', 'void')
                and source = 'native' and issued_at >= ${range.issuedFrom.toISOString()}::timestamptz)`;
}

/**
 * The tenant's own (not imported) issued invoices and credit notes created from `sinceId` on (a
 * UUID v7 floor, which bounds the key range scanned), as a relation: `invoice_id`.
 */
export function nativeIssuedSinceRelation(tenantId: string, sinceId: string): SQL {
  return sql`(select invoice_id from invoices
              where tenant_id = ${tenantId} and invoice_id >= ${sinceId}::uuid
                and number is not null and issued_at is not null and source = 'native')`;
}
