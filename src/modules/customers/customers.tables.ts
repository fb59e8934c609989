import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, minor, tenantId } from '../../db/columns.ts';
import type { EinvoiceSettings } from './einvoice-settings.ts';

/** Receivable categories and subcategories: a managed tree (parent_id null = top level). */
export const customerCategories = pgTable(
  'customer_categories',
  {
    tenantId: tenantId(),
    categoryId: uuid('category_id').notNull(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.categoryId] }),
    uniqueIndex('customer_categories_name_uq').on(
      t.tenantId,
      sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.name,
    ),
  ],
);

export interface Contact {
  name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  role?: string | undefined;
}

export const customers = pgTable(
  'customers',
  {
    tenantId: tenantId(),
    customerId: uuid('customer_id').notNull(),
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    legalName: text('legal_name'),
    aliases: text('aliases').array().notNull().default(sql`'{}'`),
    parentId: uuid('parent_id'),
    contacts: jsonb('contacts').$type<Contact[]>().notNull().default(sql`'[]'::jsonb`),
    emails: text('emails').array().notNull().default(sql`'{}'`),
    billingAddress: jsonb('billing_address').$type<Record<string, string>>(),
    country: text('country'),
    taxId: text('tax_id'),
    language: text('language').notNull().default('en'),
    /** How invoices, statements and reminders reach the customer: by email, or not sent (printed, portal). */
    deliveryChannel: text('delivery_channel').notNull().default('email'),
    currency: text('currency').notNull(),
    paymentTerms: text('payment_terms').notNull().default('NET30'),
    creditLimitMinor: minor('credit_limit_minor'),
    categoryId: uuid('category_id'),
    subcategoryId: uuid('subcategory_id'),
    status: text('status').notNull().default('active'),
    /** How the customer takes e-invoices (format, buyer reference, electronic address); null: none set. */
    einvoice: jsonb('einvoice').$type<EinvoiceSettings>(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId] }),
    uniqueIndex('customers_external_id_uq').on(t.tenantId, t.externalId),
    index('customers_name_idx').on(t.tenantId, t.name),
    check('customers_status_check', sql`${t.status} in ('active','inactive','blocked')`),
    check('customers_delivery_channel_check', sql`${t.deliveryChannel} in ('email','none')`),
    check('customers_credit_limit_check', sql`${t.creditLimitMinor} is null or ${t.creditLimitMinor} >= 0`),
  ],
);

export const customerBankAccounts = pgTable(
  'customer_bank_accounts',
  {
    tenantId: tenantId(),
    customerId: uuid('customer_id').notNull(),
    iban: text('iban').notNull(),
    source: text('source').notNull().default('master_data'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.customerId, t.iban] }),
    index('customer_bank_accounts_iban_idx').on(t.tenantId, t.iban),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
  ],
);
