import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

export const tenants = pgTable('tenants', {
  tenantId: uuid('tenant_id').primaryKey(),
  name: text('name').notNull(),
  legalName: text('legal_name'),
  baseCurrency: text('base_currency').notNull(),
  country: text('country'),
  taxId: text('tax_id'),
  address: jsonb('address').$type<Record<string, string>>(),
  iban: text('iban'),
  createdAt: instant('created_at').notNull().defaultNow(),
  // Letterhead: what an invoice shows of the seller besides the fields above.
  bic: text('bic'),
  bankName: text('bank_name'),
  email: text('email'),
  phone: text('phone'),
  website: text('website'),
  /** Register entry, managing directors, court: the legally required company details. */
  registration: text('registration'),
  /** Free text printed at the foot of every page. */
  footer: text('footer'),
  /** The seller's electronic address for e-invoices (EN 16931 BT-34) as "scheme:id", e.g. "0088:4000001000005". */
  electronicAddress: text('electronic_address'),
  /** The current letterhead version; issued invoices record the one they were issued under. */
  letterheadVersion: integer('letterhead_version').notNull().default(1),
});

/**
 * Every letterhead a tenant has had, append-only: version n holds the letterhead as it was while
 * `tenants.letterhead_version` was n. A version is written when it is replaced (the old one, if
 * not yet stored) and when it is made current, so a document issued under version n always prints
 * version n. No row for the current version means it has never changed: the tenant row holds it.
 */
export const tenantLetterheads = pgTable(
  'tenant_letterheads',
  {
    tenantId: tenantId(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    legalName: text('legal_name'),
    country: text('country'),
    taxId: text('tax_id'),
    address: jsonb('address').$type<Record<string, string>>(),
    iban: text('iban'),
    bic: text('bic'),
    bankName: text('bank_name'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    registration: text('registration'),
    footer: text('footer'),
    electronicAddress: text('electronic_address'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.version] }),
    check('tenant_letterheads_version_check', sql`${t.version} >= 1`),
  ],
);
