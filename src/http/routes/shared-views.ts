/** What several modules' JSON views share: the request's author, and customer/invoice look-ups per response. */
import type { Queryable } from '../../db/client.ts';
import { type Actor, keyActor, userActor } from '../../modules/activities/index.ts';
import { customerRefs } from '../../modules/customers/index.ts';
import { getInvoiceRowOrThrow, getInvoicesByIds } from '../../modules/invoices/index.ts';
import type { Principal } from '../auth.ts';

/** The author of what a request does: the signed-in user's name, or its API key's label or id. */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? userActor(principal.userId, principal.name)
    : keyActor(principal.keyId, principal.label);
}

export function authorJson(name: string, keyId: string | null, userId: string | null) {
  return { name, keyId, userId };
}

/** External ids and names of customers and numbers of invoices, by id. */
export async function lookups(q: Queryable, tenantId: string, customerIds: string[], invoiceIds: string[]) {
  const customers = await customerRefs(q, tenantId, customerIds);
  const invoices = await getInvoicesByIds(q, tenantId, [...new Set(invoiceIds)]);
  const numbers = new Map(invoices.map((i) => [i.invoiceId, i.number]));
  return {
    externalId: (id: string) => customers.get(id)?.externalId ?? null,
    name: (id: string) => customers.get(id)?.name ?? null,
    number: (id: string | null) => (id === null ? null : (numbers.get(id) ?? null)),
  };
}

/** The id of an invoice named by id or number (404 when unknown): the `invoice` filter of list routes. */
export async function invoiceIdOf(q: Queryable, tenantId: string, idOrNumber: string): Promise<string> {
  return (await getInvoiceRowOrThrow(q, tenantId, idOrNumber)).invoiceId;
}
