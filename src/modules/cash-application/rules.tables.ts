import { sql } from 'drizzle-orm';
import { boolean, check, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';
import type { RuleAction, RuleConditions } from './rules.ts';

/** User-defined cash application rules, evaluated before the engine in priority order. */
export const cashApplicationRules = pgTable(
  'cash_application_rules',
  {
    tenantId: tenantId(),
    ruleId: uuid('rule_id').notNull(),
    name: text('name').notNull(),
    priority: integer('priority').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    conditions: jsonb('conditions').$type<RuleConditions>().notNull(),
    action: jsonb('action').$type<RuleAction>().notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ruleId] }),
    check('cash_application_rules_priority_check', sql`${t.priority} >= 0`),
  ],
);

/**
 * Payer names learned from people's confirmations: a line from "GLOBEX SHARED SERVICES" applied to
 * Beta Logistics by hand teaches that name for Beta. `name_key` is the name's normalised tokens. A
 * name confirmed for several customers (a payment service, a factoring company) is a shared payer
 * and names none of them.
 */
export const learnedPayerNames = pgTable(
  'learned_payer_names',
  {
    tenantId: tenantId(),
    nameKey: text('name_key').notNull(),
    customerId: uuid('customer_id').notNull(),
    name: text('name').notNull(),
    confirmations: integer('confirmations').notNull().default(1),
    lastConfirmedAt: instant('last_confirmed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.nameKey, t.customerId] })],
);
