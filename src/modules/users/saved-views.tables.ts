import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';
import { users } from './users.tables.ts';

/**
 * A user's saved list view: a page's filter and sort query string under a name. `shared` views are
 * read by everyone in the tenant (API keys too); only the owner changes them. At most one default
 * per user and page.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    tenantId: tenantId(),
    viewId: uuid('view_id').notNull(),
    ownerUserId: uuid('owner_user_id').notNull(),
    page: text('page').notNull(),
    name: text('name').notNull(),
    query: text('query').notNull(),
    shared: boolean('shared').notNull().default(false),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.viewId] }),
    uniqueIndex('saved_views_name_uq').on(t.tenantId, t.ownerUserId, t.page, t.name),
    uniqueIndex('saved_views_default_uq').on(t.tenantId, t.ownerUserId, t.page).where(sql`${t.isDefault}`),
    foreignKey({ columns: [t.tenantId, t.ownerUserId], foreignColumns: [users.tenantId, users.userId] }),
    check('saved_views_page_check', sql`${t.page} in ('invoices')`),
  ],
);
