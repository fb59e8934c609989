/**
 * Messaging over HTTP: /v1/messages and /v1/outbox (the message log, manual retry, the raw
 * message, delivery now) and /v1/message-templates with the messaging settings.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  type DeliveryDeps,
  deliverOutbox,
  getMessage,
  getMessagingSettings,
  getTemplate,
  languageCode,
  listMessages,
  listTemplates,
  MESSAGE_KINDS,
  type MessagingDeps,
  messagingSettingsInput,
  OUTBOX_KINDS,
  OUTBOX_STATUSES,
  previewTemplate,
  rawMessage,
  replaceTemplate,
  resetTemplate,
  retryMessage,
  templateEditInput,
  updateMessagingSettings,
} from '../../modules/messaging/index.ts';
import { invalidState } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import {
  deliveryJson,
  deliverySchema,
  messageDetailJson,
  messageDetailSchema,
  messageJson,
  messageSchema,
  messagingSettingsJson,
  messagingSettingsSchema,
  renderedSchema,
  templateJson,
  templateSchema,
} from './messaging.schemas.ts';
import { invoiceIdOf } from './shared-views.ts';

export type MessagingRouteDeps = CoreDeps & { readonly messaging?: MessagingDeps | undefined };

const messageTags = ['messages'];

/** The delivery dependencies, or a 409 when this server was built without a mail transport. */
function deliveryDepsOf(deps: MessagingRouteDeps): DeliveryDeps {
  if (!deps.messaging) throw invalidState('this server has no mail transport configured');
  return { db: deps.db, clock: deps.clock, messaging: deps.messaging };
}

/**
 * Delivery talks to the mail server, so it runs outside any idempotency transaction: with a key,
 * the key is claimed, the messages are delivered, then the summary is stored (a key seen before
 * replays its summary and delivers nothing; one still delivering answers 409).
 */
function deliverRoute(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: MessagingRouteDeps,
  limit?: number,
) {
  const { tenantId } = principalOf(request);
  return respond(request, reply, deps, 200, async () =>
    deliveryJson(await deliverOutbox(deliveryDepsOf(deps), { tenantId, ...(limit ? { limit } : {}) })),
  );
}

/** Registers the messaging routes: the outbox and its messages, templates and settings. */
export function messagingRoutes(app: Api, deps: MessagingRouteDeps): void {
  messageRoutes(app, deps);
  messageTemplateRoutes(app, deps);
}

function messageRoutes(app: Api, deps: MessagingRouteDeps): void {
  listMessagesRoute(app, deps);
  getMessageRoute(app, deps);
  getMessageEmlRoute(app, deps);
  retryMessageRoute(app, deps);
  deliverOutboxRoute(app, deps);
}

function listMessagesRoute(app: Api, deps: MessagingRouteDeps): void {
  app.get('/messages', {
    config: { access: 'read' },
    schema: {
      tags: messageTags,
      operationId: 'listMessages',
      summary: 'Every message in the outbox, newest first',
      querystring: z.object({
        ...pageQuery,
        status: z.enum(OUTBOX_STATUSES).optional(),
        kind: z.enum(OUTBOX_KINDS).optional(),
        customer: z.string().min(1).optional().describe('customer id or external id'),
        invoice: z.string().min(1).optional().describe('invoice id or number: the messages about it'),
      }),
      response: { 200: pageOf(messageSchema), ...errors },
    },
    handler: async (req) => {
      const page = await listMessages(deps.db, principalOf(req).tenantId, {
        limit: req.query.limit,
        cursor: decodeCursor(req.query.cursor, 'uuid'),
        status: req.query.status,
        kind: req.query.kind,
        customer: req.query.customer,
        invoiceId: req.query.invoice
          ? await invoiceIdOf(deps.db, principalOf(req).tenantId, req.query.invoice)
          : undefined,
      });
      return { items: page.items.map(messageJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getMessageRoute(app: Api, deps: MessagingRouteDeps): void {
  app.get('/messages/:id', {
    config: { access: 'read' },
    schema: {
      tags: messageTags,
      operationId: 'getMessage',
      summary: 'One message: recipients, rendered text, template, attachments, every attempt',
      params: idParam('message id (UUID)'),
      response: { 200: messageDetailSchema, ...errors },
    },
    handler: async (req) =>
      messageDetailJson(await getMessage(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function getMessageEmlRoute(app: Api, deps: MessagingRouteDeps): void {
  app.get('/messages/:id/eml', {
    config: { access: 'read' },
    schema: {
      tags: messageTags,
      operationId: 'getMessageEml',
      summary: 'The raw message (message/rfc822), byte for byte what is or was sent',
      params: idParam('message id (UUID)'),
      response: {
        200: z.string().describe('the raw RFC 5322 message (content type message/rfc822)'),
        ...errors,
      },
    },
    handler: async (req, reply) => {
      const raw = await rawMessage(deliveryDepsOf(deps), principalOf(req).tenantId, req.params.id);
      // A Buffer is sent as is (Fastify serialises only objects): the exact bytes, not a UTF-8 string.
      return reply
        .type('message/rfc822')
        .header('content-disposition', `attachment; filename="${req.params.id}.eml"`)
        .send(raw as unknown as string);
    },
  });
}

function retryMessageRoute(app: Api, deps: MessagingRouteDeps): void {
  app.post('/messages/:id/retry', {
    config: { access: 'write' },
    schema: {
      tags: messageTags,
      operationId: 'retryMessage',
      summary: 'Put a failed message back in the queue, due now, with a fresh retry schedule',
      description:
        'A queued message waiting for its next attempt is brought forward; sent or sending ones are 409.',
      headers: idempotencyHeaders,
      params: idParam('message id (UUID)'),
      response: { 200: messageDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) =>
        messageDetailJson(await retryMessage(d.db, d.clock, principalOf(req).tenantId, req.params.id)),
      ),
  });
}

function deliverOutboxRoute(app: Api, deps: MessagingRouteDeps): void {
  app.post('/outbox/deliver', {
    config: { access: 'admin' },
    schema: {
      tags: messageTags,
      operationId: 'deliverOutbox',
      summary: "Deliver this tenant's messages that are due now (the scheduler does this every minute)",
      headers: idempotencyHeaders,
      body: z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict(),
      response: { 200: deliverySchema, ...errors },
    },
    handler: (req, reply) => deliverRoute(req, reply, deps, req.body.limit),
  });
}

const templateTags = ['message templates'];

const slotParams = z.object({
  template: z
    .string()
    .min(1)
    .max(40)
    .describe('invoice, credit_note, statement, dunning-1 … dunning-9, promise_confirmation'),
  language: z.string().min(2).max(8).describe('ISO 639-1 code: en, de, fr, or a language of your own'),
});

function messageTemplateRoutes(app: Api, deps: MessagingRouteDeps): void {
  listMessageTemplatesRoute(app, deps);
  getMessageTemplateRoute(app, deps);
  replaceMessageTemplateRoute(app, deps);
  resetMessageTemplateRoute(app, deps);
  previewMessageTemplateRoute(app, deps);
  getMessagingSettingsRoute(app, deps);
  replaceMessagingSettingsRoute(app, deps);
}

function listMessageTemplatesRoute(app: Api, deps: MessagingRouteDeps): void {
  app.get('/message-templates', {
    config: { access: 'read' },
    schema: {
      tags: templateTags,
      operationId: 'listMessageTemplates',
      summary: 'The effective templates: the defaults (en, de, fr) with the tenant’s own wording over them',
      querystring: z.object({ kind: z.enum(MESSAGE_KINDS).optional(), language: languageCode.optional() }),
      response: { 200: z.object({ items: z.array(templateSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listTemplates(deps.db, principalOf(req).tenantId, req.query)).map(templateJson),
    }),
  });
}

function getMessageTemplateRoute(app: Api, deps: MessagingRouteDeps): void {
  app.get('/message-templates/:template/:language', {
    config: { access: 'read' },
    schema: {
      tags: templateTags,
      operationId: 'getMessageTemplate',
      summary: 'One effective template and the placeholders it may use',
      params: slotParams,
      response: { 200: templateSchema, ...errors },
    },
    handler: async (req) =>
      templateJson(
        await getTemplate(deps.db, principalOf(req).tenantId, req.params.template, req.params.language),
      ),
  });
}

function replaceMessageTemplateRoute(app: Api, deps: MessagingRouteDeps): void {
  app.put('/message-templates/:template/:language', {
    config: { access: 'admin' },
    schema: {
      tags: templateTags,
      operationId: 'replaceMessageTemplate',
      summary:
        'Replace the wording (checked first: an unknown placeholder is a 422 naming it, and nothing changes)',
      params: slotParams,
      body: templateEditInput,
      response: { 200: templateSchema, ...errors },
    },
    handler: async (req) =>
      templateJson(
        await replaceTemplate(
          deps.db,
          deps.clock,
          principalOf(req).tenantId,
          req.params.template,
          req.params.language,
          req.body,
        ),
      ),
  });
}

function resetMessageTemplateRoute(app: Api, deps: MessagingRouteDeps): void {
  app.delete('/message-templates/:template/:language', {
    config: { access: 'admin' },
    schema: {
      tags: templateTags,
      operationId: 'resetMessageTemplate',
      summary: 'Reset to the default wording (drops the tenant’s own)',
      params: slotParams,
      response: { 204: z.null().describe('reset'), ...errors },
    },
    handler: async (req, reply) => {
      await resetTemplate(deps.db, principalOf(req).tenantId, req.params.template, req.params.language);
      return reply.code(204).send(null);
    },
  });
}

function previewMessageTemplateRoute(app: Api, deps: MessagingRouteDeps): void {
  app.post('/message-templates/:template/:language/preview', {
    config: { access: 'read' },
    schema: {
      tags: templateTags,
      operationId: 'previewMessageTemplate',
      summary: 'Render a template with sample data: the effective one, or a draft sent in the body',
      headers: idempotencyHeaders,
      params: slotParams,
      body: templateEditInput.partial().strict(),
      response: { 200: renderedSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, (d) => {
        const { subject, body } = req.body;
        const draft =
          subject !== undefined || body !== undefined
            ? { subject: subject ?? '', body: body ?? '' }
            : undefined;
        return previewTemplate(
          d.db,
          principalOf(req).tenantId,
          req.params.template,
          req.params.language,
          draft,
        );
      }),
  });
}

function getMessagingSettingsRoute(app: Api, deps: MessagingRouteDeps): void {
  app.get('/messaging/settings', {
    config: { access: 'read' },
    schema: {
      tags: templateTags,
      operationId: 'getMessagingSettings',
      summary: 'Language, company name and sender of the tenant’s messages',
      response: { 200: messagingSettingsSchema, ...errors },
    },
    handler: async (req) =>
      messagingSettingsJson(await getMessagingSettings(deps.db, principalOf(req).tenantId)),
  });
}

function replaceMessagingSettingsRoute(app: Api, deps: MessagingRouteDeps): void {
  app.put('/messaging/settings', {
    config: { access: 'admin' },
    schema: {
      tags: templateTags,
      operationId: 'replaceMessagingSettings',
      summary:
        'Replace the messaging settings (a field left out goes back to its default; smtp left out: kept)',
      body: messagingSettingsInput,
      response: { 200: messagingSettingsSchema, ...errors },
    },
    handler: async (req) =>
      messagingSettingsJson(
        await updateMessagingSettings(
          deps.db,
          deps.clock,
          principalOf(req).tenantId,
          req.body,
          deps.secrets ?? null,
        ),
      ),
  });
}
