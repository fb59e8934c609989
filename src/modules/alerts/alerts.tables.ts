/**
 * Alerts: the rules a tenant sets ("an invoice over 10,000 EUR more than 15 days late"), each event
 * a rule found — once, ever (`alert_events`, unique per tenant and event key) — and the in-product
 * notifications it left in the inbox of each user it concerned.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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

export const alertRules = pgTable(
  'alert_rules',
  {
    tenantId: tenantId(),
    ruleId: uuid('rule_id').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** The kind's parameters (alert-rules.ts). */
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** Tell the customer's collector. */
    notifyCollector: boolean('notify_collector').notNull(),
    /** Tell every active user of these roles. */
    notifyRoles: jsonb('notify_roles').$type<string[]>().notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ruleId] }),
    check(
      'alert_rules_kind_check',
      sql`${t.kind} in ('invoice_overdue','promise_broken','unapplied_cash','predicted_lateness_jump')`,
    ),
  ],
);

/**
 * Per `predicted_lateness_jump` rule and customer: the mean predicted days late a jump is measured
 * from (hundredths of a day; lateness-jumps.ts says when it moves) and the check that set it.
 */
export const latenessBaselines = pgTable(
  'alert_lateness_baselines',
  {
    tenantId: tenantId(),
    ruleId: uuid('rule_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    daysLateHundredths: integer('days_late_hundredths').notNull(),
    observedOn: date('observed_on', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ruleId, t.customerId] })],
);

export const alertEvents = pgTable(
  'alert_events',
  {
    tenantId: tenantId(),
    /** `<kind>:<rule id>:<subject id>` — the same event is never alerted twice. */
    eventKey: text('event_key').notNull(),
    ruleId: uuid('rule_id').notNull(),
    kind: text('kind').notNull(),
    /** The business day the check that found it ran for. */
    foundOn: date('found_on', { mode: 'string' }).notNull(),
    /** Who was told: e-mail addresses and user ids. */
    recipients: jsonb('recipients').$type<{ emails: string[]; userIds: string[] }>().notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventKey] })],
);

export const notifications = pgTable(
  'notifications',
  {
    tenantId: tenantId(),
    /** UUID v7: newest first by id. */
    notificationId: uuid('notification_id').notNull(),
    userId: uuid('user_id').notNull(),
    eventKey: text('event_key').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** What it is about: `{ type: 'invoice' | 'promise' | 'receipt', id, label }`. */
    subject: jsonb('subject').$type<{ type: string; id: string; label: string }>().notNull(),
    createdAt: instant('created_at').notNull(),
    readAt: instant('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.notificationId] }),
    uniqueIndex('notifications_event_uq').on(t.tenantId, t.userId, t.eventKey),
    index('notifications_inbox_idx').on(t.tenantId, t.userId, t.notificationId),
    index('notifications_unread_idx')
      .on(t.tenantId, t.userId, t.notificationId)
      .where(sql`${t.readAt} is null`),
  ],
);
