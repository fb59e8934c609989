/**
 * Recording events: in the transaction of the change they tell, one event row per event that at
 * least one enabled endpoint subscribes to, and one pending delivery per such endpoint. They exist
 * exactly when the change commits. Delivery happens right after the commit: `webhooks.deliver` is
 * queued in the same transaction on the process's job queue (`jobQueueOf(tx)`, bound where a
 * scheduler runs), else the every-minute sweep sends it.
 */
import { jobQueueOf, type Queryable, type Tx } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
import { eventsOfEntry, type NewWebhookEvent, type PostedEntry } from './webhook-events.ts';
import * as repo from './webhooks.repository.ts';
import type { webhookDeliveries, webhookEvents } from './webhooks.tables.ts';

type NewEventRow = typeof webhookEvents.$inferInsert;
type NewDeliveryRow = typeof webhookDeliveries.$inferInsert;

/** `evt_` and the 32 hex digits of a UUID v7: the event's id, sent as `webhook-id`. */
export function newEventId(): string {
  return `evt_${newId().replace(/-/g, '')}`;
}

type Subscribed = Awaited<ReturnType<typeof repo.subscribedEndpoints>>;
interface TxState {
  readonly endpoints: Promise<Subscribed>;
  woken: boolean;
}
const PER_TX = new WeakMap<Tx, Map<string, TxState>>();

/**
 * The tenant's enabled endpoints as `tx` first read them, and whether `tx` queued a delivery yet:
 * one read per transaction, however many postings, activities and settlements in it tell events
 * (a receipt paying an invoice tells three).
 */
function stateOf(tx: Tx, tenantId: string): TxState {
  const byTenant = PER_TX.get(tx) ?? new Map<string, TxState>();
  PER_TX.set(tx, byTenant);
  let state = byTenant.get(tenantId);
  if (!state) {
    state = { endpoints: Promise.resolve(repo.subscribedEndpoints(tx, tenantId)), woken: false };
    byTenant.set(tenantId, state);
  }
  return state;
}

/** Record `events` of `tenantId` in `tx` for the endpoints subscribed; returns how many were recorded. */
export async function recordWebhookEventsInTx(
  tx: Tx,
  tenantId: string,
  events: readonly NewWebhookEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const state = stateOf(tx, tenantId);
  const endpoints = await state.endpoints;
  if (endpoints.length === 0) return 0;
  const keys = events.flatMap((e) => (e.dedupeKey ? [e.dedupeKey] : []));
  const told = new Set(keys.length ? await repo.recordedDedupeKeys(tx, tenantId, keys) : []);
  const eventRows: NewEventRow[] = [];
  const deliveries: NewDeliveryRow[] = [];
  for (const e of events) {
    const takers = endpoints.filter((p) => p.eventTypes.includes(e.type));
    if (takers.length === 0 || (e.dedupeKey && told.has(e.dedupeKey))) continue;
    if (e.dedupeKey) told.add(e.dedupeKey);
    const eventId = newEventId();
    const dedupeKey = e.dedupeKey ?? null;
    eventRows.push({ tenantId, eventId, type: e.type, data: e.data, occurredAt: e.occurredAt, dedupeKey });
    for (const t of takers)
      deliveries.push({
        tenantId,
        deliveryId: newId(),
        eventId,
        endpointId: t.endpointId,
        status: 'pending',
        nextAttemptAt: e.occurredAt,
        createdAt: e.occurredAt,
      });
  }
  await repo.insertEvents(tx, eventRows);
  await repo.insertDeliveries(tx, deliveries);
  if (deliveries.length && !state.woken) {
    state.woken = true;
    await jobQueueOf(tx)?.enqueue(tx, 'webhooks.deliver', { tenantId });
  }
  return eventRows.length;
}

/** Whether some enabled endpoint of the tenant takes events of `type` (a scan asks before it looks). */
export async function hasWebhookSubscribers(q: Queryable, tenantId: string, type: string): Promise<boolean> {
  return (await repo.subscribedEndpoints(q, tenantId)).some((e) => e.eventTypes.includes(type));
}

/**
 * The ledger's port (`onPosted`): the events the posted entries tell — `invoice.issued`,
 * `payment.received`, `payment.applied` — recorded in the posting transaction. Every path that
 * issues an invoice or records or applies money (the API, imports, bank statement lines, the cash
 * application run) posts through the ledger, so this one seam hears them all.
 */
export function webhooksOnPosted(now: () => Date) {
  return (tx: Tx, tenantId: string, entries: readonly PostedEntry[]): Promise<number> =>
    recordWebhookEventsInTx(
      tx,
      tenantId,
      entries.flatMap((e) => eventsOfEntry(e, now())),
    );
}
