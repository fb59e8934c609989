/**
 * The delivery log and what a person does with it: list deliveries (filtered, newest first) with
 * their attempts, replay a delivery or every delivery of an event (same `webhook-id`, attempts
 * appended to the log), and send a test ping to an endpoint now.
 */
import { type Queryable, withTransaction } from '../../db/client.ts';
import { invalidState, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import { deliverWebhooks } from './webhook-delivery.service.ts';
import { newEventId } from './webhook-record.service.ts';
import type { DeliveryFilter } from './webhooks.repository.ts';
import * as repo from './webhooks.repository.ts';

export interface WebhookDelivery {
  deliveryId: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  createdAt: Date;
}

export async function listWebhookDeliveries(
  q: Queryable,
  tenantId: string,
  filter: DeliveryFilter,
  limit: number,
): Promise<WebhookDelivery[]> {
  const rows = await repo.listDeliveryRows(q, tenantId, filter, limit);
  return rows.map(({ delivery: d, type }) => ({
    deliveryId: d.deliveryId,
    eventId: d.eventId,
    eventType: type,
    endpointId: d.endpointId,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastAttemptAt: d.lastAttemptAt,
    createdAt: d.createdAt,
  }));
}

/** One delivery with its attempts (status, duration, truncated answer, error) and its event's payload. */
export async function getWebhookDelivery(q: Queryable, tenantId: string, deliveryId: string) {
  const d = await repo.findDelivery(q, tenantId, deliveryId);
  if (!d) throw notFound('webhook delivery', deliveryId);
  const event = await repo.findEvent(q, tenantId, d.eventId);
  const attempts = await repo.attemptsOf(q, tenantId, deliveryId);
  return {
    delivery: d,
    event: event
      ? { eventId: event.eventId, type: event.type, occurredAt: event.occurredAt, data: event.data }
      : null,
    attempts,
  };
}

/** Make delivery `deliveryId` due now again (whatever its status); the next drain sends it. */
export async function replayWebhookDelivery(deps: CoreDeps, tenantId: string, deliveryId: string) {
  await withTransaction(deps.db, async (tx) => {
    const d = await repo.findDelivery(tx, tenantId, deliveryId);
    if (!d) throw notFound('webhook delivery', deliveryId);
    await repo.updateDelivery(tx, tenantId, deliveryId, {
      status: 'pending',
      nextAttemptAt: deps.clock.now(),
    });
  });
  await deps.jobs?.enqueue(deps.db, 'webhooks.deliver', { tenantId });
  return (await getWebhookDelivery(deps.db, tenantId, deliveryId)).delivery;
}

/** Replay every delivery of event `eventId`; returns how many. */
export async function replayWebhookEvent(deps: CoreDeps, tenantId: string, eventId: string): Promise<number> {
  const deliveries = await repo.listDeliveryRows(deps.db, tenantId, { eventId }, 1000);
  if (deliveries.length === 0) throw notFound('webhook event', eventId);
  for (const { delivery } of deliveries) await replayWebhookDelivery(deps, tenantId, delivery.deliveryId);
  return deliveries.length;
}

/**
 * Send a `webhook.ping` event to endpoint `endpointId` now (an enabled one), through the log like
 * any delivery; returns the delivery with its attempt. Only this endpoint's pending work is sent.
 */
export async function pingWebhookEndpoint(deps: CoreDeps, tenantId: string, endpointId: string) {
  const now = deps.clock.now();
  const eventId = newEventId();
  const deliveryId = newId();
  await withTransaction(deps.db, async (tx) => {
    const endpoint = await repo.findEndpoint(tx, tenantId, endpointId);
    if (!endpoint) throw notFound('webhook endpoint', endpointId);
    if (endpoint.status !== 'enabled')
      throw invalidState('the endpoint is disabled: enable it before a ping');
    await repo.insertEvents(tx, [
      { tenantId, eventId, type: 'webhook.ping', data: { endpointId }, occurredAt: now },
    ]);
    await repo.insertDeliveries(tx, [
      { tenantId, deliveryId, eventId, endpointId, status: 'pending', nextAttemptAt: now, createdAt: now },
    ]);
  });
  await deliverWebhooks(deps, { tenantId });
  return getWebhookDelivery(deps.db, tenantId, deliveryId);
}
