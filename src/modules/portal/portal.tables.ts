/** The customer portal: each tenant's portal settings and signing key, and the links it issued. */
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
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';
import { customers } from '../customers/customers.tables.ts';

/**
 * One row per tenant (absent: defaults, no key yet). `signing_key` (base64url, 32 random bytes)
 * signs every portal link; it is generated on first use and replaced by a rotation, which makes
 * every link issued before unusable. `public_url` null: CASHLOOP_PUBLIC_URL, else localhost.
 */
export const portalSettings = pgTable(
  'portal_settings',
  {
    tenantId: tenantId().primaryKey(),
    enabled: boolean('enabled').notNull().default(false),
    publicUrl: text('public_url'),
    linkValidityDays: integer('link_validity_days').notNull().default(60),
    partialPayments: boolean('partial_payments').notNull().default(false),
    signingKey: text('signing_key'),
    keyRotatedAt: instant('key_rotated_at'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [check('portal_settings_validity_check', sql`${t.linkValidityDays} between 1 and 366`)],
);

/**
 * A personal link to a customer's portal page: why it was made (`purpose`, and the outbox message
 * that carried it), until when it works, whether it was withdrawn, when it was last used. The
 * token itself is never stored: it is `<link id>.<expiry>.<signature>`, checked against this row.
 */
export const portalLinks = pgTable(
  'portal_links',
  {
    tenantId: tenantId(),
    linkId: uuid('link_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    purpose: text('purpose').notNull(),
    messageId: uuid('message_id'),
    createdByName: text('created_by_name').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    revokedByName: text('revoked_by_name'),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.linkId] }),
    // The token names the link, not the tenant: found by id alone (a UUID), then checked.
    index('portal_links_link_idx').on(t.linkId),
    index('portal_links_customer_idx').on(t.tenantId, t.customerId, t.createdAt),
    foreignKey({
      columns: [t.tenantId, t.customerId],
      foreignColumns: [customers.tenantId, customers.customerId],
    }),
    check(
      'portal_links_purpose_check',
      sql`${t.purpose} in ('invoice_email','statement_email','dunning_email','manual')`,
    ),
  ],
);
