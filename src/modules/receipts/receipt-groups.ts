/**
 * Which customers' invoices a receipt may settle (`ApplicationDraft.settles`): its own customer's
 * always; and, when it pays another customer's invoice, those of every customer in its customer's
 * group (a parent company paying its subsidiaries' invoices in one amount). The group is read only
 * for receipts that cross customers, once for a whole batch; the check itself stays pure.
 */
import type { Queryable } from '../../db/client.ts';
import { groupCustomerIds } from '../customers/index.ts';

/** A receipt's customer and the customers of the invoices it means to settle. */
export interface SettlingReceipt {
  readonly customerId: string;
  readonly invoiceCustomerIds: readonly (string | undefined)[];
}

/** The `settles` set of each receipt in order (one query for those that cross customers, none else). */
export async function settlingCustomers(
  q: Queryable,
  tenantId: string,
  receipts: readonly SettlingReceipt[],
): Promise<ReadonlySet<string>[]> {
  const crossing = receipts
    .filter((r) => r.invoiceCustomerIds.some((c) => c !== undefined && c !== r.customerId))
    .map((r) => r.customerId);
  const groups = await groupCustomerIds(q, tenantId, [...new Set(crossing)]);
  return receipts.map((r) => groups.get(r.customerId) ?? new Set([r.customerId]));
}

/** `settlingCustomers` of one receipt. */
export async function settlingCustomersOf(
  q: Queryable,
  tenantId: string,
  receipt: SettlingReceipt,
): Promise<ReadonlySet<string>> {
  const [settles] = await settlingCustomers(q, tenantId, [receipt]);
  return settles ?? new Set([receipt.customerId]);
}
