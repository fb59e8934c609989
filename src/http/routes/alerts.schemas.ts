/** The JSON of /v1/alerts (rules and their check) and /v1/notifications (a user's inbox). */
import { z } from 'zod';
import type { AlertCheckSummary, AlertRule, Notification } from '../../modules/alerts/index.ts';
import { ROLES } from '../../modules/apikeys/index.ts';
import { pageQuery } from '../pagination.ts';

/** A rule's parameters as stored (the input's checks already passed). */
const alertParamsView = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('invoice_overdue'),
    currency: z.string(),
    minAmount: z.string().describe('open amount at least this, major units'),
    minDaysLate: z.int(),
  }),
  z.object({ kind: z.literal('promise_broken') }),
  z.object({ kind: z.literal('unapplied_cash'), minDaysOld: z.int() }),
  z.object({ kind: z.literal('predicted_lateness_jump'), minIncreaseDays: z.int() }),
]);

export const alertRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    params: alertParamsView.describe('the kind of rule and its thresholds (docs/alerts.md)'),
    notifyCollector: z.boolean(),
    notifyRoles: z.array(z.enum(ROLES)),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AlertRule' });

export function alertRuleJson(r: AlertRule): z.infer<typeof alertRuleSchema> {
  return {
    id: r.ruleId,
    name: r.name,
    enabled: r.enabled,
    params: r.params,
    notifyCollector: r.notifyCollector,
    notifyRoles: r.notifyRoles.filter((role): role is (typeof ROLES)[number] =>
      (ROLES as readonly string[]).includes(role),
    ),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const alertCheckSchema = z
  .object({
    asOf: z.string(),
    rules: z.int().describe('enabled rules checked'),
    goals: z.int().describe('KPI goals whose just-closed period was judged (or told already)'),
    events: z.int().describe('new events found (each is alerted once, ever)'),
    notifications: z.int().describe('notifications left in users’ inboxes'),
    emails: z.int().describe('e-mails queued: one per recipient, listing that recipient’s new events'),
  })
  .meta({ id: 'AlertCheck' });

export function alertCheckJson(s: AlertCheckSummary): z.infer<typeof alertCheckSchema> {
  return { ...s };
}

export const notificationSchema = z
  .object({
    id: z.string(),
    kind: z
      .string()
      .describe(
        'the kind of rule that raised it, goal_missed, webhook_endpoint_disabled or fx_revaluation_skipped',
      ),
    title: z.string(),
    subject: z.object({
      type: z.string().describe('invoice, promise, receipt, goal, customer or webhook_endpoint'),
      id: z.string(),
      label: z
        .string()
        .describe(
          'invoice number, promised date, receipt date · payer · reference, the goal’s period, or the endpoint’s URL',
        ),
    }),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export function notificationJson(n: Notification): z.infer<typeof notificationSchema> {
  return {
    id: n.notificationId,
    kind: n.kind,
    title: n.title,
    subject: n.subject,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

export const notificationListQuery = z.object({
  ...pageQuery,
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('only the unread ones'),
});

export const inboxSchema = z
  .object({
    items: z.array(notificationSchema),
    unread: z.int().describe('unread notifications of the user in all'),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'Inbox' });
