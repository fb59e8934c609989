/** All SQL of customer communication: delivery settings and the invoices waiting to be delivered. */
import { eq, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { emailCustomersRelation } from '../customers/index.ts';
import { deliverableDocumentsRelation } from '../invoices/index.ts';
import { outboxDedupeKeysRelation } from '../messaging/index.ts';
import { deliverySettings } from './communication.tables.ts';

export async function findDeliverySettings(q: Queryable, tenantId: string) {
  const [row] = await q.select().from(deliverySettings).where(eq(deliverySettings.tenantId, tenantId));
  return row ?? null;
}

export async function saveDeliverySettings(
  q: Queryable,
  tenantId: string,
  s: {
    autoDeliverInvoices: boolean;
    invoicesIssuedSince: Date | null;
    monthlyStatements: boolean;
    arPack: boolean;
    arPackRecipients: readonly string[];
  },
  now: Date,
): Promise<void> {
  const values = { ...s, arPackRecipients: [...s.arPackRecipients], updatedAt: now };
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
 * One query over the published relations of invoices, customers and the outbox.
 */
export function undeliveredInvoiceIds(
  q: Queryable,
  tenantId: string,
  range: { issuedFrom: Date; createdFrom: string; limit: number },
): Promise<{ invoice_id: string }[]> {
  return queryRows<{ invoice_id: string }>(
    q,
    sql`select i.invoice_id from ${deliverableDocumentsRelation(tenantId, range)} i
        join ${emailCustomersRelation(tenantId)} c on c.customer_id = i.customer_id
        where not exists (select 1 from ${outboxDedupeKeysRelation(tenantId)} m
                          where m.dedupe_key = 'invoice:' || i.invoice_id::text)
        order by i.issued_at, i.invoice_id
        limit ${range.limit}`,
  );
}
