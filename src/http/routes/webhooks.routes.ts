/**
 * /v1/webhooks — outbound webhooks (admins only): endpoints and their subscriptions, the event
 * catalogue, the delivery log with its attempts, replay of a delivery or an event, a test ping,
 * secret rotation. A secret is in the answer of creation and rotation only.
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  createEndpointInput,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  deliveryFilterInput,
  EVENT_TYPE_SUMMARIES,
  getWebhookDelivery,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  pingWebhookEndpoint,
  replayWebhookDelivery,
  replayWebhookEvent,
  rotateWebhookSecret,
  updateEndpointInput,
  updateWebhookEndpoint,
  WEBHOOK_EVENT_TYPES,
} from '../../modules/webhooks/index.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf } from '../pagination.ts';
import { type Api, errors } from './common.ts';
import {
  deliveryDetailJson,
  deliveryDetailSchema,
  deliveryJson,
  deliverySchema,
  endpointJson,
  endpointSchema,
  endpointWithSecretSchema,
} from './webhooks.schemas.ts';

const tags = ['webhooks'];
const idParam = z.object({ id: z.uuid().describe('id (UUID)') });
const admin = { access: 'admin' as const };

export function webhookRoutes(app: Api, deps: CoreDeps): void {
  endpointRoutes(app, deps);
  endpointChangeRoutes(app, deps);
  deliveryRoutes(app, deps);
  replayRoutes(app, deps);
}

function endpointRoutes(app: Api, deps: CoreDeps): void {
  app.get('/webhooks/event-types', {
    config: admin,
    schema: {
      tags,
      operationId: 'listWebhookEventTypes',
      summary: 'The event types an endpoint may subscribe to',
      response: {
        200: z.object({ items: z.array(z.object({ type: z.string(), summary: z.string() })) }),
        ...errors,
      },
    },
    handler: async () => ({
      items: WEBHOOK_EVENT_TYPES.map((type) => ({ type, summary: EVENT_TYPE_SUMMARIES[type] })),
    }),
  });
  app.get('/webhooks/endpoints', {
    config: admin,
    schema: {
      tags,
      operationId: 'listWebhookEndpoints',
      summary: 'The endpoints (never their secrets)',
      response: { 200: z.object({ items: z.array(endpointSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listWebhookEndpoints(deps.db, principalOf(req).tenantId)).map(endpointJson),
    }),
  });
  app.post('/webhooks/endpoints', {
    config: admin,
    schema: {
      tags,
      operationId: 'createWebhookEndpoint',
      summary: 'Create an endpoint; the answer carries its signing secret, the only time it is shown',
      description:
        'The URL must be https and must not point at a private or loopback address unless the installation allows it (CASHLOOP_WEBHOOKS_ALLOW_PRIVATE). Needs CASHLOOP_SECRET_KEY (the secret is stored sealed).',
      body: createEndpointInput,
      response: { 201: endpointWithSecretSchema, ...errors },
    },
    handler: async (req, reply) => {
      const created = await createWebhookEndpoint(deps, principalOf(req).tenantId, req.body);
      return reply.code(201).send({ ...endpointJson(created), secret: created.secret });
    },
  });
  app.get('/webhooks/endpoints/:id', {
    config: admin,
    schema: {
      tags,
      operationId: 'getWebhookEndpoint',
      summary: 'One endpoint',
      params: idParam,
      response: { 200: endpointSchema, ...errors },
    },
    handler: async (req) =>
      endpointJson(await getWebhookEndpoint(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function endpointChangeRoutes(app: Api, deps: CoreDeps): void {
  app.patch('/webhooks/endpoints/:id', {
    config: admin,
    schema: {
      tags,
      operationId: 'updateWebhookEndpoint',
      summary: 'Change an endpoint; `enabled: true` re-enables one that was disabled',
      params: idParam,
      body: updateEndpointInput,
      response: { 200: endpointSchema, ...errors },
    },
    handler: async (req) =>
      endpointJson(await updateWebhookEndpoint(deps, principalOf(req).tenantId, req.params.id, req.body)),
  });
  app.delete('/webhooks/endpoints/:id', {
    config: admin,
    schema: {
      tags,
      operationId: 'deleteWebhookEndpoint',
      summary: 'Delete an endpoint and its pending deliveries',
      params: idParam,
      response: { 204: z.null().describe('deleted'), ...errors },
    },
    handler: async (req, reply) => {
      await deleteWebhookEndpoint(deps, principalOf(req).tenantId, req.params.id);
      return reply.code(204).send(null);
    },
  });
  app.post('/webhooks/endpoints/:id/rotate-secret', {
    config: admin,
    schema: {
      tags,
      operationId: 'rotateWebhookSecret',
      summary: 'A new signing secret (shown once); the old one keeps signing beside it for 24 hours',
      params: idParam,
      response: { 200: endpointWithSecretSchema, ...errors },
    },
    handler: async (req) => {
      const rotated = await rotateWebhookSecret(deps, principalOf(req).tenantId, req.params.id);
      return { ...endpointJson(rotated), secret: rotated.secret };
    },
  });
  app.post('/webhooks/endpoints/:id/ping', {
    config: admin,
    schema: {
      tags,
      operationId: 'pingWebhookEndpoint',
      summary: 'Send a signed `webhook.ping` event to the endpoint now; answers the delivery and its attempt',
      params: idParam,
      response: { 200: deliveryDetailSchema, ...errors },
    },
    handler: async (req) =>
      deliveryDetailJson(
        await pingWebhookEndpoint(deps, principalOf(req).tenantId, req.params.id),
        'webhook.ping',
      ),
  });
}

const deliveryQuery = deliveryFilterInput.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

function deliveryRoutes(app: Api, deps: CoreDeps): void {
  app.get('/webhooks/deliveries', {
    config: admin,
    schema: {
      tags,
      operationId: 'listWebhookDeliveries',
      summary: 'The delivery log, newest first; filter by endpoint, event, event type, status',
      querystring: deliveryQuery,
      response: { 200: pageOf(deliverySchema), ...errors },
    },
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      const before = decodeCursor(cursor, 'uuid');
      const rows = await listWebhookDeliveries(
        deps.db,
        principalOf(req).tenantId,
        { ...filter, before },
        limit + 1,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(deliveryJson),
        nextCursor: rows.length > limit && last ? encodeCursor(last.deliveryId) : null,
      };
    },
  });
  app.get('/webhooks/deliveries/:id', {
    config: admin,
    schema: {
      tags,
      operationId: 'getWebhookDelivery',
      summary: 'One delivery with its payload and every attempt (status code, duration, answer, error)',
      params: idParam,
      response: { 200: deliveryDetailSchema, ...errors },
    },
    handler: async (req) => {
      const found = await getWebhookDelivery(deps.db, principalOf(req).tenantId, req.params.id);
      return deliveryDetailJson(found, found.event?.type ?? '');
    },
  });
}

function replayRoutes(app: Api, deps: CoreDeps): void {
  app.post('/webhooks/deliveries/:id/replay', {
    config: admin,
    schema: {
      tags,
      operationId: 'replayWebhookDelivery',
      summary: 'Send a delivery again (same webhook-id); it is due now, whatever its status',
      params: idParam,
      response: { 202: z.object({ deliveryId: z.string(), status: z.string() }), ...errors },
    },
    handler: async (req, reply) => {
      const d = await replayWebhookDelivery(deps, principalOf(req).tenantId, req.params.id);
      return reply.code(202).send({ deliveryId: d.deliveryId, status: d.status });
    },
  });
  app.post('/webhooks/events/:id/replay', {
    config: admin,
    schema: {
      tags,
      operationId: 'replayWebhookEvent',
      summary: 'Send every delivery of an event again (same webhook-id)',
      params: z.object({ id: z.string().min(1).max(100).describe('event id (evt_…)') }),
      response: { 202: z.object({ deliveries: z.number().int() }), ...errors },
    },
    handler: async (req, reply) =>
      reply
        .code(202)
        .send({ deliveries: await replayWebhookEvent(deps, principalOf(req).tenantId, req.params.id) }),
  });
}
