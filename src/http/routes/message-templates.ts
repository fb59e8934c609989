/** /v1/message-templates and /v1/messaging/settings: the tenant's wording, sender and language. */
import { z } from 'zod';
import {
  type EffectiveTemplate,
  getMessagingSettings,
  getTemplate,
  languageCode,
  listTemplates,
  MESSAGE_KINDS,
  type MessagingSettings,
  messagingSettingsInput,
  previewTemplate,
  replaceTemplate,
  resetTemplate,
  templateEditInput,
  updateMessagingSettings,
} from '../../modules/messaging/index.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';
import type { MessagingRouteDeps } from './messages.ts';

const tags = ['message templates'];

const templateSchema = z
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

const renderedSchema = z.object({ subject: z.string(), text: z.string(), html: z.string() });

const settingsSchema = z
  .object({
    defaultLanguage: z.string(),
    companyName: z.string(),
    fromName: z.string(),
    fromAddress: z.string().nullable().describe('null: the installation sender (CASHLOOP_MAIL_FROM)'),
    replyTo: z.string().nullable(),
    bcc: z.string().nullable(),
  })
  .meta({ id: 'MessagingSettings' });

const slotParams = z.object({
  template: z
    .string()
    .min(1)
    .max(40)
    .describe('invoice, credit_note, statement, dunning-1 … dunning-9, promise_confirmation'),
  language: z.string().min(2).max(8).describe('ISO 639-1 code: en, de, fr, or a language of your own'),
});

function templateJson(t: EffectiveTemplate) {
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

function settingsJson(s: MessagingSettings) {
  const { tenant: _tenant, ...rest } = s;
  return rest;
}

export function messageTemplateRoutes(app: Api, deps: MessagingRouteDeps): void {
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
      tags,
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
      tags,
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
    config: { access: 'write' },
    schema: {
      tags,
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
    config: { access: 'write' },
    schema: {
      tags,
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
      tags,
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
      tags,
      operationId: 'getMessagingSettings',
      summary: 'Language, company name and sender of the tenant’s messages',
      response: { 200: settingsSchema, ...errors },
    },
    handler: async (req) => settingsJson(await getMessagingSettings(deps.db, principalOf(req).tenantId)),
  });
}

function replaceMessagingSettingsRoute(app: Api, deps: MessagingRouteDeps): void {
  app.put('/messaging/settings', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'replaceMessagingSettings',
      summary: 'Replace the messaging settings (a field left out goes back to its default)',
      body: messagingSettingsInput,
      response: { 200: settingsSchema, ...errors },
    },
    handler: async (req) =>
      settingsJson(await updateMessagingSettings(deps.db, deps.clock, principalOf(req).tenantId, req.body)),
  });
}
