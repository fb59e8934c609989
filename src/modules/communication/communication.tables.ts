import { sql } from 'drizzle-orm';
import { boolean, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from '../../db/columns.ts';

/**
 * How a tenant's documents go out by themselves: invoices and credit notes emailed when issued
 * (those issued from `invoices_issued_since` on: a tenant that imports or loads its history does
 * not email it), and customer statements on the 1st of each month. No row: both on, since the
 * tenant was created. The monthly AR pack to the tenant's own people: off until an admin turns it on.
 */
export const deliverySettings = pgTable('delivery_settings', {
  tenantId: uuid('tenant_id').primaryKey(),
  autoDeliverInvoices: boolean('auto_deliver_invoices').notNull().default(true),
  invoicesIssuedSince: instant('invoices_issued_since'),
  monthlyStatements: boolean('monthly_statements').notNull().default(true),
  /** The monthly AR pack (a PDF) e-mailed to `ar_pack_recipients` on the 2nd; off by default. */
  arPack: boolean('ar_pack').notNull().default(false),
  arPackRecipients: text('ar_pack_recipients').array().notNull().default(sql`'{}'::text[]`),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});
