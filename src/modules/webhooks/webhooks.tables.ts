/**
 * Outbound webhooks: the endpoints a tenant subscribes (URL, event types, sealed signing secrets),
 * the events recorded in the transaction of the change they tell (the outbox), one delivery per
 * event and subscribed endpoint, and one row per HTTP attempt of a delivery (the delivery log).
 */
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    tenantId: tenantId(),
    endpointId: uuid('endpoint_id').notNull(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    /** `whsec_…` sealed with CASHLOOP_SECRET_KEY (shared/secret-box.ts); never shown after creation. */
    secretSealed: text('secret_sealed').notNull(),
    /** The secret before a rotation, still signed with until `previous_secret_until`. */
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretUntil: instant('previous_secret_until'),
    status: text('status').notNull().default('enabled'),
    disabledReason: text('disabled_reason'),
    disabledAt: instant('disabled_at'),
    /** Failed attempts in a row (a success resets it), and when the first of them failed. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    failingSince: instant('failing_since'),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.endpointId] }),
    check('webhook_endpoints_status_check', sql`${t.status} in ('enabled','disabled')`),
  ],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    tenantId: tenantId(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    /** The `data` of the payload (webhook-events.ts names its fields per type). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    occurredAt: instant('occurred_at').notNull(),
    /** Set for an event told once per object, ever (`invoice.overdue:<invoice id>`). */
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    uniqueIndex('webhook_events_dedupe_key')
      .on(t.tenantId, t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    index('webhook_events_occurred_idx').on(t.tenantId, t.occurredAt),
  ],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: tenantId(),
    deliveryId: uuid('delivery_id').notNull(),
    eventId: text('event_id').notNull(),
    endpointId: uuid('endpoint_id').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at'),
    lastAttemptAt: instant('last_attempt_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.deliveryId] }),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending','succeeded','failed')`),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt, t.tenantId).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_event_idx').on(t.tenantId, t.eventId, t.endpointId),
    index('webhook_deliveries_endpoint_idx').on(t.tenantId, t.endpointId, t.createdAt),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    tenantId: tenantId(),
    attemptId: uuid('attempt_id').notNull(),
    deliveryId: uuid('delivery_id').notNull(),
    attemptNo: integer('attempt_no').notNull(),
    startedAt: instant('started_at').notNull(),
    durationMs: integer('duration_ms').notNull(),
    statusCode: integer('status_code'),
    /** The first 1,000 characters of the answer. */
    responseBody: text('response_body'),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.attemptId] }),
    index('webhook_attempts_delivery_idx').on(t.tenantId, t.deliveryId, t.attemptNo),
  ],
);
