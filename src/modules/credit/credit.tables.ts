/**
 * Credit holds (a history: a hold is active while `released_at` is null; at most one active hold
 * per customer and kind) and the tenant's credit settings.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businessDate, instant, tenantId } from '../../db/columns.ts';
import { customers } from '../customers/customers.tables.ts';

export const creditHolds = pgTable(
  'credit_holds',
  {
    tenantId: tenantId(),
    holdId: uuid('hold_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** `manual`: set by a person, released only by a person; `automatic`: set and released by the rules. */
    kind: text('kind').notNull(),
    /** For automatic holds: `over_limit`, `overdue`, `risk_score` (what held when it was last evaluated). */
    reasons: text('reasons').array().notNull().default(sql`'{}'`),
    note: text('note'),
    setOn: businessDate('set_on').notNull(),
    setAt: instant('set_at').notNull().defaultNow(),
    setByName: text('set_by_name').notNull(),
    setByKeyId: uuid('set_by_key_id'),
    setByUserId: uuid('set_by_user_id'),
    releasedAt: instant('released_at'),
    releasedByName: text('released_by_name'),
    releasedByKeyId: uuid('released_by_key_id'),
    releasedByUserId: uuid('released_by_user_id'),
    releaseNote: text('release_note'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.holdId] }),
    uniqueIndex('credit_holds_active_uq')
      .on(t.tenantId, t.customerId, t.kind)
      .where(sql`${t.releasedAt} is null`),
    index('credit_holds_customer_idx').on(t.tenantId, t.customerId),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    check('credit_holds_kind_check', sql`${t.kind} in ('manual','automatic')`),
  ],
);

/** Per-tenant credit settings; a tenant without a row uses the defaults (overdue rule off). */
export const creditSettings = pgTable(
  'credit_settings',
  {
    tenantId: uuid('tenant_id').primaryKey(),
    /** Hold a customer with any invoice more than this many days overdue; null = rule off. */
    holdOverdueDays: integer('hold_overdue_days'),
    /** Hold a customer whose risk score is this or more; null = rule off. */
    holdRiskScore: integer('hold_risk_score'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'credit_settings_overdue_check',
      sql`${t.holdOverdueDays} is null or ${t.holdOverdueDays} between 1 and 3650`,
    ),
    check(
      'credit_settings_risk_check',
      sql`${t.holdRiskScore} is null or ${t.holdRiskScore} between 1 and 100`,
    ),
  ],
);
