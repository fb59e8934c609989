/** Messages, their attempts and deliveries, templates and messaging settings as the API shows them. */
import { z } from 'zod';
import {
  type DeliverySummary,
  type EffectiveTemplate,
  MESSAGE_KINDS,
  type MessageDetail,
  type MessageSummary,
  type MessagingSettings,
  OUTBOX_KINDS,
  OUTBOX_STATUSES,
} from '../../modules/messaging/index.ts';
import { instant, iso } from './common.ts';

const documentToRenderSchema = z.object({
  kind: z.enum(['invoice', 'einvoice', 'statement']),
  invoiceId: z.string().optional(),
  format: z.string().optional().describe('the e-invoice format of an `einvoice`'),
  customerId: z.string().optional(),
  asOf: z.string().optional(),
});

export const attachment = z.object({
  documentId: z
    .string()
    .nullable()
    .describe('null until a document to render is rendered at the first attempt'),
  fileName: z.string(),
  contentType: z.string(),
  sha256: z.string().nullable(),
  render: documentToRenderSchema
    .optional()
    .describe(
      'what is rendered at the first attempt: the invoice PDF, its e-invoice (XML, or the Factur-X PDF), or the statement as of a date',
    ),
  fallback: documentToRenderSchema
    .optional()
    .describe('rendered and sent instead when `render` cannot be (an invoice’s plain PDF for its Factur-X)'),
  optional: z.boolean().optional().describe('true: the message is sent without it if it cannot be rendered'),
  problem: z.string().optional().describe('why this optional attachment was left out of the message'),
  fellBack: z.string().optional().describe('why `fallback` was sent instead of `render`'),
});

export const messageSchema = z
  .object({
    id: z.string(),
    status: z.enum(OUTBOX_STATUSES),
    kind: z.enum(OUTBOX_KINDS),
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

export const deliverySchema = z
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

export const templateSchema = z
  .object({
    name: z.string().describe('invoice, credit_note, statement, dunning-1 … dunning-9, promise_confirmation'),
    kind: z.enum(MESSAGE_KINDS),
    level: z.number().int(),
    language: z.string(),
    subject: z.string(),
    body: z.string().describe('plain text with {{placeholders}} and {{#if name}} … {{else}} … {{/if}}'),
    source: z.enum(['default', 'tenant']),
    updatedAt: z.string().nullable(),
    hasDefault: z.boolean().describe('a default exists to reset to'),
    variables: z.array(z.object({ name: z.string(), description: z.string(), block: z.boolean() })),
  })
  .meta({ id: 'MessageTemplate' });

export const renderedSchema = z.object({ subject: z.string(), text: z.string(), html: z.string() });

export const messagingSettingsSchema = z
  .object({
    defaultLanguage: z.string(),
    companyName: z.string(),
    fromName: z.string(),
    fromAddress: z.string().nullable().describe('null: the installation sender (CASHLOOP_MAIL_FROM)'),
    replyTo: z.string().nullable(),
    bcc: z.string().nullable(),
    smtp: z
      .object({
        host: z.string(),
        port: z.number().int(),
        security: z.enum(['none', 'starttls', 'tls']),
        user: z.string().nullable(),
        passwordSet: z.boolean().describe('whether a password is stored (it is never shown)'),
      })
      .nullable()
      .describe("the tenant's own SMTP server; null: the installation's (SMTP_URL)"),
  })
  .meta({ id: 'MessagingSettings' });

export function templateJson(t: EffectiveTemplate) {
  return {
    ...t,
    updatedAt: t.updatedAt ? t.updatedAt.toISOString() : null,
    variables: t.variables.map((v) => ({
      name: v.name,
      description: v.description,
      block: v.block === true,
    })),
  };
}

export function messagingSettingsJson(s: MessagingSettings) {
  const { tenant: _tenant, ...rest } = s;
  return rest;
}
