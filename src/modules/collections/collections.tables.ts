/**
 * Collections work: collectors and their customers, promises to pay, and the tenant's collection
 * settings. (Disputes and the activity log are modules of their own.)
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { businessDate, instant, minor, tenantId } from '../../db/columns.ts';
import { apiKeys } from '../apikeys/apikeys.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { invoices } from '../invoices/invoices.tables.ts';

/** People who work the worklist; optionally the API key they work with. */
export const collectors = pgTable(
  'collectors',
  {
    tenantId: tenantId(),
    collectorId: uuid('collector_id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    apiKeyId: uuid('api_key_id'),
    active: boolean('active').notNull().default(true),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.collectorId] }),
    uniqueIndex('collectors_email_uq').on(t.tenantId, sql`lower(${t.email})`),
    uniqueIndex('collectors_api_key_uq').on(t.tenantId, t.apiKeyId).where(sql`${t.apiKeyId} is not null`),
    foreignKey({ columns: [t.tenantId, t.apiKeyId], foreignColumns: [apiKeys.tenantId, apiKeys.keyId] }),
  ],
);

/** Which collector works which customer: at most one per customer. */
export const customerCollectors = pgTable(
  'customer_collectors',
  {
    tenantId: tenantId(),
    customerId: uuid('customer_id').notNull(),
    collectorId: uuid('collector_id').notNull(),
    assignedAt: instant('assigned_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    index('customer_collectors_collector_idx').on(t.tenantId, t.collectorId),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    foreignKey({
      columns: [t.tenantId, t.collectorId],
      foreignColumns: [collectors.tenantId, collectors.collectorId],
    }),
  ],
);

/**
 * A promise to pay `amount_minor` by `promised_on`, for the named invoices (`promise_invoices`) or,
 * with `invoice_count = 0`, for the customer overall. `keep_by` = promised_on + the tenant's grace
 * days when it was made: paid in full by then → kept, otherwise broken.
 */
export const promises = pgTable(
  'promises',
  {
    tenantId: tenantId(),
    promiseId: uuid('promise_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    madeOn: businessDate('made_on').notNull(),
    promisedOn: businessDate('promised_on').notNull(),
    keepBy: businessDate('keep_by').notNull(),
    invoiceCount: integer('invoice_count').notNull(),
    status: text('status').notNull().default('open'),
    note: text('note'),
    createdAt: instant('created_at').notNull().defaultNow(),
    createdByName: text('created_by_name').notNull(),
    createdByKeyId: uuid('created_by_key_id'),
    createdByUserId: uuid('created_by_user_id'),
    settledOn: businessDate('settled_on'),
    settledAt: instant('settled_at'),
    paidMinor: minor('paid_minor'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.promiseId] }),
    index('promises_customer_idx').on(t.tenantId, t.customerId),
    index('promises_open_idx').on(t.tenantId, t.keepBy).where(sql`${t.status} = 'open'`),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    check('promises_status_check', sql`${t.status} in ('open','kept','broken','cancelled')`),
    check('promises_amount_check', sql`${t.amountMinor} > 0`),
    check('promises_dates_check', sql`${t.keepBy} >= ${t.promisedOn} and ${t.promisedOn} >= ${t.madeOn}`),
    check('promises_settled_check', sql`(${t.status} = 'open') = (${t.settledOn} is null)`),
  ],
);

export const promiseInvoices = pgTable(
  'promise_invoices',
  {
    tenantId: tenantId(),
    promiseId: uuid('promise_id').notNull(),
    invoiceId: uuid('invoice_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.promiseId, t.invoiceId] }),
    index('promise_invoices_invoice_idx').on(t.tenantId, t.invoiceId),
    foreignKey({
      columns: [t.tenantId, t.promiseId],
      foreignColumns: [promises.tenantId, promises.promiseId],
    }),
    foreignKey({
      columns: [t.tenantId, t.invoiceId],
      foreignColumns: [invoices.tenantId, invoices.invoiceId],
    }),
  ],
);

/** Per-tenant collection settings; a tenant without a row uses the defaults. */
export const collectionSettings = pgTable(
  'collection_settings',
  {
    tenantId: uuid('tenant_id').primaryKey(),
    promiseGraceDays: integer('promise_grace_days').notNull().default(3),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [check('collection_settings_grace_check', sql`${t.promiseGraceDays} between 0 and 60`)],
);
