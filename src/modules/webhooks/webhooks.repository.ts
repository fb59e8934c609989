/** All SQL of webhooks: endpoints, the events recorded, their deliveries and each attempt. */
import { and, desc, eq, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from './webhooks.tables.ts';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type EventRow = typeof webhookEvents.$inferSelect;

const endpointKey = (tenantId: string, endpointId: string) =>
  and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.endpointId, endpointId));

export async function insertEndpoint(tx: Tx, row: typeof webhookEndpoints.$inferInsert): Promise<void> {
  await tx.insert(webhookEndpoints).values(row);
}

export async function findEndpoint(q: Queryable, tenantId: string, endpointId: string) {
  const [row] = await q.select().from(webhookEndpoints).where(endpointKey(tenantId, endpointId));
  return row ?? null;
}

/** The endpoint locked for an update in `tx`. */
export async function lockEndpoint(tx: Tx, tenantId: string, endpointId: string) {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(endpointKey(tenantId, endpointId))
    .for('update');
  return row ?? null;
}

/** Every endpoint of every tenant, locked (the key rotation of `cashloop secrets rotate`). */
export function lockAllEndpoints(tx: Tx): Promise<EndpointRow[]> {
  return tx
    .select()
    .from(webhookEndpoints)
    .orderBy(webhookEndpoints.tenantId, webhookEndpoints.endpointId)
    .for('update');
}

export function listEndpointRows(q: Queryable, tenantId: string): Promise<EndpointRow[]> {
  return q
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, tenantId))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.endpointId);
}

export async function updateEndpoint(
  tx: Tx,
  tenantId: string,
  endpointId: string,
  patch: Partial<EndpointRow>,
) {
  await tx.update(webhookEndpoints).set(patch).where(endpointKey(tenantId, endpointId));
}

export async function deleteEndpoint(tx: Tx, tenantId: string, endpointId: string): Promise<void> {
  await tx
    .delete(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.endpointId, endpointId)));
  await tx.delete(webhookEndpoints).where(endpointKey(tenantId, endpointId));
}

/** The enabled endpoints of the tenant subscribed to any of `types`, with the types each takes. */
export function subscribedEndpoints(q: Queryable, tenantId: string) {
  return q
    .select({ endpointId: webhookEndpoints.endpointId, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.status, 'enabled')));
}

export async function insertEvents(
  tx: Tx,
  rows: readonly (typeof webhookEvents.$inferInsert)[],
): Promise<void> {
  if (rows.length) await tx.insert(webhookEvents).values([...rows]);
}

export async function insertDeliveries(
  tx: Tx,
  rows: readonly (typeof webhookDeliveries.$inferInsert)[],
): Promise<void> {
  if (rows.length) await tx.insert(webhookDeliveries).values([...rows]);
}

/** Which of `keys` the tenant's events already carry. */
export async function recordedDedupeKeys(
  q: Queryable,
  tenantId: string,
  keys: readonly string[],
): Promise<string[]> {
  const rows = await q
    .select({ key: webhookEvents.dedupeKey })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenantId, tenantId), inArray(webhookEvents.dedupeKey, [...keys])));
  return rows.flatMap((r) => (r.key ? [r.key] : []));
}

export async function findEvent(q: Queryable, tenantId: string, eventId: string) {
  const [row] = await q
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.tenantId, tenantId), eq(webhookEvents.eventId, eventId)));
  return row ?? null;
}

export async function findDelivery(q: Queryable, tenantId: string, deliveryId: string) {
  const [row] = await q
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.deliveryId, deliveryId)));
  return row ?? null;
}

export async function findDeliveryOf(q: Queryable, tenantId: string, eventId: string, endpointId: string) {
  const [row] = await q
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.tenantId, tenantId),
        eq(webhookDeliveries.eventId, eventId),
        eq(webhookDeliveries.endpointId, endpointId),
      ),
    );
  return row ?? null;
}

export async function updateDelivery(
  tx: Queryable,
  tenantId: string,
  deliveryId: string,
  patch: Partial<DeliveryRow>,
) {
  await tx
    .update(webhookDeliveries)
    .set(patch)
    .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.deliveryId, deliveryId)));
}

/** A delivery claimed for sending, with its event and endpoint. */
export interface ClaimedDelivery {
  delivery_id: string;
  attempts: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  occurred_at: Date | string;
  endpoint_id: string;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | string | null;
}

/**
 * Claim up to `limit` pending deliveries due at `now` of enabled endpoints: their next attempt is
 * moved to `leaseUntil`, so a second drain running at the same moment skips them (and a drain that
 * dies mid-way leaves them due again once the lease ends). In the order they were recorded
 * (delivery ids are UUID v7): an UPDATE … RETURNING keeps no order of its own.
 */
export async function claimDue(q: Queryable, tenantId: string, now: Date, leaseUntil: Date, limit: number) {
  const rows = await queryRows<ClaimedDelivery>(
    q,
    sql`with due as (
          select d.tenant_id, d.delivery_id from webhook_deliveries d
          join webhook_endpoints e on e.tenant_id = d.tenant_id and e.endpoint_id = d.endpoint_id
          where d.tenant_id = ${tenantId} and d.status = 'pending' and d.next_attempt_at <= ${now}
            and e.status = 'enabled'
          order by d.next_attempt_at, d.delivery_id limit ${limit}
          for update of d skip locked)
        update webhook_deliveries d set next_attempt_at = ${leaseUntil}
        from due, webhook_events ev, webhook_endpoints e
        where d.tenant_id = due.tenant_id and d.delivery_id = due.delivery_id
          and ev.tenant_id = d.tenant_id and ev.event_id = d.event_id
          and e.tenant_id = d.tenant_id and e.endpoint_id = d.endpoint_id
        returning d.delivery_id, d.attempts, ev.event_id, ev.type, ev.data, ev.occurred_at, e.endpoint_id,
          e.url, e.secret_sealed, e.previous_secret_sealed, e.previous_secret_until`,
  );
  return rows.sort((a, b) => (a.delivery_id < b.delivery_id ? -1 : a.delivery_id > b.delivery_id ? 1 : 0));
}

export async function insertAttempt(q: Queryable, row: typeof webhookAttempts.$inferInsert): Promise<void> {
  await q.insert(webhookAttempts).values(row);
}

/** The tenants with a delivery due at `now` (the every-minute job fans out to these only). */
export async function tenantsWithDue(q: Queryable, now: Date): Promise<string[]> {
  const rows = await q
    .selectDistinct({ tenantId: webhookDeliveries.tenantId })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)));
  return rows.map((r) => r.tenantId);
}

export interface DeliveryFilter {
  endpointId?: string | undefined;
  eventId?: string | undefined;
  eventType?: string | undefined;
  status?: string | undefined;
  before?: string | undefined;
}

/** Deliveries newest first, with their event's type, filtered; `before` is the cursor (a delivery id). */
export function listDeliveryRows(q: Queryable, tenantId: string, f: DeliveryFilter, limit: number) {
  const where: (SQL | undefined)[] = [eq(webhookDeliveries.tenantId, tenantId)];
  if (f.endpointId) where.push(eq(webhookDeliveries.endpointId, f.endpointId));
  if (f.eventId) where.push(eq(webhookDeliveries.eventId, f.eventId));
  if (f.eventType) where.push(eq(webhookEvents.type, f.eventType));
  if (f.status) where.push(eq(webhookDeliveries.status, f.status));
  if (f.before) where.push(lt(webhookDeliveries.deliveryId, f.before));
  return q
    .select({ delivery: webhookDeliveries, type: webhookEvents.type, occurredAt: webhookEvents.occurredAt })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEvents,
      and(
        eq(webhookEvents.tenantId, webhookDeliveries.tenantId),
        eq(webhookEvents.eventId, webhookDeliveries.eventId),
      ),
    )
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.deliveryId))
    .limit(limit);
}

export function attemptsOf(q: Queryable, tenantId: string, deliveryId: string): Promise<AttemptRow[]> {
  return q
    .select()
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.tenantId, tenantId), eq(webhookAttempts.deliveryId, deliveryId)))
    .orderBy(webhookAttempts.attemptNo);
}
