/** The provider events a tenant received, newest first: what was booked, and what waits (`pending`). */
import type { Queryable } from '../../db/client.ts';
import * as repo from './payments.repository.ts';

/**
 * Up to `limit` events after `before` (the last item of the previous page: its `receivedAt` and
 * `eventId`), newest first.
 */
export async function listPaymentEvents(
  q: Queryable,
  tenantId: string,
  limit: number,
  before?: { receivedAt: Date; eventId: string },
) {
  const rows = await repo.listEvents(q, tenantId, limit, before);
  return rows.map((r) => ({
    eventId: r.eventId,
    provider: r.provider,
    type: r.type,
    objectId: r.objectId,
    status: r.status,
    note: r.note,
    receivedAt: r.receivedAt,
    handledAt: r.handledAt,
  }));
}
