/**
 * /v1/alerts — the tenant's alert rules ("an invoice over 10,000 EUR more than 15 days late") and
 * their check on demand (the daily job `alerts.check` runs it too) — and /v1/notifications — the
 * signed-in user's inbox of what the rules found. Rules are set by credit managers and admins
 * (they decide who is told of what); every user reads and marks only their own notifications.
 */
import { z } from 'zod';
import {
  alertRuleInput,
  createAlertRule,
  deleteAlertRule,
  listAlertRules,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  replaceAlertRule,
  runAlertCheck,
} from '../../modules/alerts/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import { type Principal, principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';
import {
  alertCheckJson,
  alertCheckSchema,
  alertRuleJson,
  alertRuleSchema,
  inboxSchema,
  notificationJson,
  notificationListQuery,
  notificationSchema,
} from './alerts.schemas.ts';
import { type Api, errors } from './common.ts';

const tags = ['alerts'];
const idParam = z.object({ id: z.string().min(1).describe('id (UUID)') });

export function alertRoutes(app: Api, deps: CoreDeps): void {
  ruleRoutes(app, deps);
  ruleChangeRoutes(app, deps);
  checkRoute(app, deps);
  inboxRoutes(app, deps);
}

function ruleRoutes(app: Api, deps: CoreDeps): void {
  app.get('/alerts/rules', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listAlertRules',
      summary: 'The alert rules, by name',
      response: { 200: z.object({ items: z.array(alertRuleSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listAlertRules(deps.db, principalOf(req).tenantId)).map(alertRuleJson),
    }),
  });
  app.post('/alerts/rules', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'createAlertRule',
      summary: 'Create an alert rule (recorded in the audit trail)',
      description:
        'Kinds: `invoice_overdue` (currency, minAmount, minDaysLate), `promise_broken`, `unapplied_cash` (minDaysOld). A rule must tell someone: the customer’s collector, or users of named roles.',
      body: alertRuleInput,
      response: { 201: alertRuleSchema, ...errors },
    },
    handler: async (req, reply) =>
      reply.code(201).send(alertRuleJson(await createAlertRule(deps, principalOf(req).tenantId, req.body))),
  });
}

function ruleChangeRoutes(app: Api, deps: CoreDeps): void {
  app.put('/alerts/rules/:id', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'replaceAlertRule',
      summary: 'Replace an alert rule (the whole rule; before and after in the audit trail)',
      description: 'Events it already raised are not raised again, even when its thresholds change.',
      params: idParam,
      body: alertRuleInput,
      response: { 200: alertRuleSchema, ...errors },
    },
    handler: async (req) =>
      alertRuleJson(await replaceAlertRule(deps, principalOf(req).tenantId, req.params.id, req.body)),
  });
  app.delete('/alerts/rules/:id', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'deleteAlertRule',
      summary: 'Delete an alert rule; the notifications it left stay',
      params: idParam,
      response: { 204: z.null().describe('deleted'), ...errors },
    },
    handler: async (req, reply) => {
      await deleteAlertRule(deps, principalOf(req).tenantId, req.params.id);
      return reply.code(204).send(null);
    },
  });
}

function checkRoute(app: Api, deps: CoreDeps): void {
  app.post('/alerts/check', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'runAlertCheck',
      summary: 'Check every enabled rule now (as the daily job does)',
      description:
        'Each new event is recorded once and told once: a notification for each user it concerns and one e-mail per recipient listing their new events. A second check the same day tells nobody again.',
      body: z
        .object({ asOf: calendarDate.optional().describe('default: today') })
        .strict()
        .optional(),
      response: { 200: alertCheckSchema, ...errors },
    },
    handler: async (req) => {
      const asOf = req.body?.asOf ?? todayUtc(deps.clock.now());
      return alertCheckJson(await runAlertCheck(deps, principalOf(req).tenantId, asOf));
    },
  });
}

function userOf(req: Parameters<typeof principalOf>[0]): Principal & { kind: 'user' } {
  const p = principalOf(req);
  if (p.kind !== 'user')
    throw new AppError('invalid_state', 'an API key has no inbox: notifications belong to users who sign in');
  return p;
}

function inboxRoutes(app: Api, deps: CoreDeps): void {
  app.get('/notifications', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listNotifications',
      summary: 'The signed-in user’s notifications, newest first, and how many are unread',
      querystring: notificationListQuery,
      response: { 200: inboxSchema, ...errors },
    },
    handler: async (req) => {
      const p = userOf(req);
      const { limit, cursor, unread } = req.query;
      const page = { limit, beforeId: decodeCursor(cursor, 'uuid') };
      const inbox = await listNotifications(deps.db, p.tenantId, p.userId, { unreadOnly: unread }, page);
      return {
        items: inbox.notifications.map(notificationJson),
        unread: inbox.unread,
        nextCursor: encodeCursor(inbox.nextBeforeId),
      };
    },
  });
  app.post('/notifications/:id/read', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'markNotificationRead',
      summary: 'Mark one of the user’s notifications read',
      params: idParam,
      response: { 200: notificationSchema, ...errors },
    },
    handler: async (req) => {
      const p = userOf(req);
      return notificationJson(await markNotificationRead(deps, p.tenantId, p.userId, req.params.id));
    },
  });
  app.post('/notifications/read-all', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'markAllNotificationsRead',
      summary: 'Mark every unread notification of the user read',
      response: { 200: z.object({ marked: z.int() }), ...errors },
    },
    handler: async (req) => {
      const p = userOf(req);
      return { marked: await markAllNotificationsRead(deps, p.tenantId, p.userId) };
    },
  });
}
