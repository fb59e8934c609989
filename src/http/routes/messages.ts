/** /v1/messages and /v1/outbox: the message log, manual retry, the raw message, delivery now. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  type DeliveryDeps,
  type DeliverySummary,
  deliverOutbox,
  getMessage,
  listMessages,
  MESSAGE_KINDS,
  type MessageDetail,
  type MessageSummary,
  type MessagingDeps,
  OUTBOX_STATUSES,
  rawMessage,
  retryMessage,
} from '../../modules/messaging/index.ts';
import { invalidState } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';

export type MessagingRouteDeps = CoreDeps & { readonly messaging?: MessagingDeps | undefined };

const tags = ['messages'];
const instant = z.string().describe('ISO 8601 instant');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const attachment = z.object({
  documentId: z
    .string()
    .nullable()
    .describe('null until a document to render is rendered at the first attempt'),
  fileName: z.string(),
  contentType: z.string(),
  sha256: z.string().nullable(),
  render: z
    .object({
      kind: z.enum(['invoice', 'statement']),
      invoiceId: z.string().optional(),
      customerId: z.string().optional(),
      asOf: z.string().optional(),
    })
    .optional()
    .describe('what is rendered at the first attempt: the invoice PDF or the statement as of a date'),
});

export const messageSchema = z
  .object({
    id: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    kind: z.enum(MESSAGE_KINDS),
    level: z.number().int().describe('dunning level; 0 for other kinds'),
    template: z
      .string()
      .describe('invoice, credit_note, statement, dunning-1 … dunning-9, promise_confirmation'),
    language: z.string(),
    templateSource: z.enum(['default', 'tenant']).describe("tenant: the tenant's own wording was used"),
    to: z.array(z.string()),
    subject: z.string(),
    customerId: z.string().nullable(),
    attachments: z.array(attachment),
    attempts: z.number().int(),
    nextAttemptAt: instant.nullable(),
    lastError: z.string().nullable(),
    queuedAt: instant,
    sentAt: instant.nullable(),
  })
  .meta({ id: 'Message' });

export const messageDetailSchema = messageSchema
  .extend({
    dedupeKey: z.string(),
    from: z.object({ name: z.string().nullable(), address: z.string().nullable() }),
    replyTo: z.string().nullable(),
    cc: z.array(z.string()),
    bcc: z.array(z.string()),
    bodyText: z.string(),
    bodyHtml: z.string().nullable(),
    invoiceIds: z.array(z.string()),
    dunningLetterId: z.string().nullable(),
    statementId: z.string().nullable(),
    messageIdHeader: z.string().nullable().describe('the Message-ID header, stable across resends'),
    transport: z.string().nullable(),
    transportResponse: z.string().nullable().describe('SMTP reply or the file written'),
    leaseExpiresAt: instant.nullable(),
    retriedAt: instant.nullable(),
    history: z.array(
      z.object({
        attempt: z.number().int(),
        startedAt: instant,
        finishedAt: instant,
        outcome: z.enum(['sent', 'retry', 'failed', 'lease_expired']),
        error: z.string().nullable(),
        response: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'MessageDetail' });

const deliverySchema = z
  .object({
    transport: z.string(),
    claimed: z.number().int(),
    sent: z.number().int(),
    retrying: z.number().int(),
    failed: z.number().int(),
    messages: z.array(
      z.object({
        messageId: z.string(),
        attempt: z.number().int(),
        status: z.enum(['sent', 'queued', 'failed', 'claim_lost']),
        error: z.string().nullable(),
        nextAttemptAt: instant.nullable(),
      }),
    ),
  })
  .meta({ id: 'DeliverySummary' });

export function messageJson(m: MessageSummary) {
  return {
    ...m,
    to: [...m.to],
    attachments: m.attachments.map((a) => ({ ...a })),
    nextAttemptAt: iso(m.nextAttemptAt),
    queuedAt: m.queuedAt.toISOString(),
    sentAt: iso(m.sentAt),
  };
}

export function messageDetailJson(m: MessageDetail) {
  return {
    ...m,
    ...messageJson(m),
    cc: [...m.cc],
    bcc: [...m.bcc],
    invoiceIds: [...m.invoiceIds],
    leaseExpiresAt: iso(m.leaseExpiresAt),
    retriedAt: iso(m.retriedAt),
    history: m.history.map((h) => ({
      ...h,
      outcome: h.outcome as 'sent' | 'retry' | 'failed' | 'lease_expired',
      startedAt: h.startedAt.toISOString(),
      finishedAt: h.finishedAt.toISOString(),
    })),
  };
}

export function deliveryJson(s: DeliverySummary) {
  return {
    ...s,
    messages: s.messages.map((m) => ({
      messageId: m.messageId,
      attempt: m.attempt,
      status: m.status,
      error: m.error,
      nextAttemptAt: iso(m.nextAttemptAt),
    })),
  };
}

/** The delivery dependencies, or a 409 when this server was built without a mail transport. */
export function deliveryDepsOf(deps: MessagingRouteDeps): DeliveryDeps {
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

export function messageRoutes(app: Api, deps: MessagingRouteDeps): void {
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
      tags,
      operationId: 'listMessages',
      summary: 'Every message in the outbox, newest first',
      querystring: z.object({
        ...pageQuery,
        status: z.enum(OUTBOX_STATUSES).optional(),
        kind: z.enum(MESSAGE_KINDS).optional(),
        customer: z.string().min(1).optional().describe('customer id or external id'),
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
      });
      return { items: page.items.map(messageJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getMessageRoute(app: Api, deps: MessagingRouteDeps): void {
  app.get('/messages/:id', {
    config: { access: 'read' },
    schema: {
      tags,
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
      tags,
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
      tags,
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
      tags,
      operationId: 'deliverOutbox',
      summary: "Deliver this tenant's messages that are due now (the scheduler does this every minute)",
      headers: idempotencyHeaders,
      body: z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict(),
      response: { 200: deliverySchema, ...errors },
    },
    handler: (req, reply) => deliverRoute(req, reply, deps, req.body.limit),
  });
}
