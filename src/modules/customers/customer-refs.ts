/** Customers by id for display (external id and name) and for mailing (e-invoice format), in one query. */
import type { Queryable } from '../../db/client.ts';
import type { EinvoicePreference } from './customers.input.ts';
import { findCustomersByIdOrExternalId } from './customers.repository.ts';

export interface CustomerRef {
  customerId: string;
  externalId: string;
  name: string;
  currency: string;
  /** The e-invoice format the customer takes (attached to invoice e-mails); null: none. */
  einvoiceFormat: EinvoicePreference | null;
}

/** The customers with these ids, keyed by id (unknown ids are left out). */
export async function customerRefs(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[],
): Promise<Map<string, CustomerRef>> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return new Map();
  const rows = await findCustomersByIdOrExternalId(q, tenantId, ids);
  return new Map(
    rows
      .filter((r) => ids.includes(r.customerId))
      .map((r) => [
        r.customerId,
        {
          customerId: r.customerId,
          externalId: r.externalId,
          name: r.name,
          currency: r.currency,
          einvoiceFormat: r.einvoice?.format ?? null,
        },
      ]),
  );
}
