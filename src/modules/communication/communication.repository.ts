/** All SQL of customer communication: delivery settings and the invoices waiting to be delivered. */
import { eq, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { deliverySettings } from './communication.tables.ts';

export async function findDeliverySettings(q: Queryable, tenantId: string) {
  const [row] = await q.select().from(deliverySettings).where(eq(deliverySettings.tenantId, tenantId));
  return row ?? null;
}

export async function saveDeliverySettings(
  q: Queryable,
  tenantId: string,
  s: { autoDeliverInvoices: boolean; invoicesIssuedSince: Date | null; monthlyStatements: boolean },
  now: Date,
): Promise<void> {
  const values = { ...s, updatedAt: now };
  await q
    .insert(deliverySettings)
    .values({ tenantId, ...values })
    .onConflictDoUpdate({ target: deliverySettings.tenantId, set: values });
}

/** The dedupe key of an invoice's (or credit note's) delivery on issue. */
export const invoiceDeliveryKey = (invoiceId: string) => `invoice:${invoiceId}`;

/**
 * Issued invoices and credit notes of customers who get them by email (and have an address),
 * issued at or after `issuedFrom`, created at or after `createdFrom` (a UUID v7 floor: the
 * primary-key range that keeps this cheap on large tenants), with no delivery message yet; the
 * tenant's own charge documents (dunning fees and interest) travel with their letters instead.
 */
export function undeliveredInvoiceIds(
  q: Queryable,
  tenantId: string,
  range: { issuedFrom: Date; createdFrom: string; limit: number },
): Promise<{ invoice_id: string }[]> {
  return queryRows<{ invoice_id: string }>(
    q,
    sql`select i.invoice_id from invoices i
        join customers c on c.tenant_id = i.tenant_id and c.customer_id = i.customer_id
        where i.tenant_id = ${tenantId} and i.invoice_id >= ${range.createdFrom}::uuid
          and i.kind in ('invoice', 'credit_note') and i.status not in ('draft', 'void')
          and i.source = 'native' and i.issued_at >= ${range.issuedFrom.toISOString()}::timestamptz
          and c.delivery_channel = 'email'
          and (cardinality(c.emails) > 0 or jsonb_path_exists(c.contacts, '$[*].email'))
          and not exists (select 1 from outbox_messages m
                          where m.tenant_id = i.tenant_id and m.dedupe_key = 'invoice:' || i.invoice_id::text)
        order by i.issued_at, i.invoice_id
        limit ${range.limit}`,
  );
}

/** Of `customerIds`, those who take documents by email and have an address, by external id. */
export async function customersTakingEmail(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[],
): Promise<{ customerId: string; externalId: string }[]> {
  if (customerIds.length === 0) return [];
  const rows = await queryRows<{ customer_id: string; external_id: string }>(
    q,
    sql`select customer_id, external_id from customers
        where tenant_id = ${tenantId} and customer_id = any(${sql.param([...customerIds])}::uuid[])
          and delivery_channel = 'email'
          and (cardinality(emails) > 0 or jsonb_path_exists(contacts, '$[*].email'))
        order by external_id`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, externalId: r.external_id }));
}
