/** The activity log of each customer, written by people and by the system. */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';
import { customers } from '../customers/customers.tables.ts';

/**
 * The customer's activity log: what people did (calls, emails, notes, meetings, letters) and what
 * the system did (`kind = 'system'` with an `event`). Append-only.
 */
export const activities = pgTable(
  'activities',
  {
    tenantId: tenantId(),
    activityId: uuid('activity_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').notNull(),
    event: text('event'),
    text: text('text').notNull(),
    invoiceIds: uuid('invoice_ids').array().notNull().default(sql`'{}'`),
    authorName: text('author_name').notNull(),
    authorKeyId: uuid('author_key_id'),
    authorUserId: uuid('author_user_id'),
    occurredAt: instant('occurred_at').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.activityId] }),
    index('activities_customer_idx').on(t.tenantId, t.customerId, t.occurredAt),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    check('activities_kind_check', sql`${t.kind} in ('call','email','note','meeting','letter','system')`),
    check('activities_event_check', sql`(${t.kind} = 'system') = (${t.event} is not null)`),
  ],
);
