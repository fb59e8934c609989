/** JSON shapes of /v1/webhooks: endpoints (never a secret, except once on creation and rotation), deliveries, attempts. */
import { z } from 'zod';
import type { getWebhookDelivery, WebhookDelivery, WebhookEndpoint } from '../../modules/webhooks/index.ts';
import { instant, iso } from './common.ts';

const endpointFields = z.object({
  endpointId: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  status: z.enum(['enabled', 'disabled']),
  disabledReason: z.string().nullable(),
  disabledAt: instant.nullable(),
  consecutiveFailures: z.number().int(),
  failingSince: instant.nullable(),
  rotatingUntil: instant.nullable().describe('while set, deliveries are signed with the old secret too'),
  createdAt: instant,
  updatedAt: instant,
});

export const endpointSchema = endpointFields.meta({ id: 'WebhookEndpoint' });

export const endpointWithSecretSchema = endpointFields.extend({
  secret: z.string().describe('whsec_…: shown only in this answer; store it now'),
});

export function endpointJson(e: WebhookEndpoint) {
  return {
    ...e,
    disabledAt: iso(e.disabledAt),
    failingSince: iso(e.failingSince),
    rotatingUntil: iso(e.rotatingUntil),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

const deliveryFields = z.object({
  deliveryId: z.string(),
  eventId: z.string().describe('sent as webhook-id'),
  eventType: z.string(),
  endpointId: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: instant.nullable(),
  lastAttemptAt: instant.nullable(),
  createdAt: instant,
});

export const deliverySchema = deliveryFields.meta({ id: 'WebhookDelivery' });

export function deliveryJson(d: WebhookDelivery) {
  return {
    ...d,
    status: d.status as 'pending' | 'succeeded' | 'failed',
    nextAttemptAt: iso(d.nextAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    createdAt: d.createdAt.toISOString(),
  };
}

const attemptSchema = z.object({
  attemptNo: z.number().int(),
  startedAt: instant,
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  responseBody: z.string().nullable().describe('the first 1,000 characters of the answer'),
  error: z.string().nullable(),
});

export const deliveryDetailSchema = deliveryFields
  .extend({
    event: z
      .object({
        eventId: z.string(),
        type: z.string(),
        occurredAt: instant,
        data: z.record(z.string(), z.unknown()),
      })
      .nullable(),
    attempts: z.array(attemptSchema),
  })
  .meta({ id: 'WebhookDeliveryDetail' });

export function deliveryDetailJson(r: Awaited<ReturnType<typeof getWebhookDelivery>>, eventType: string) {
  const d = r.delivery;
  return {
    ...deliveryJson({ ...d, eventType }),
    event: r.event ? { ...r.event, occurredAt: r.event.occurredAt.toISOString() } : null,
    attempts: r.attempts.map((a) => ({
      attemptNo: a.attemptNo,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      responseBody: a.responseBody,
      error: a.error,
    })),
  };
}
