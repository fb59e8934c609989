import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

/** API keys are stored as SHA-256 hashes; the clear key is shown once at creation. */
export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: tenantId(),
    keyId: uuid('key_id').notNull(),
    keyHash: text('key_hash').notNull(),
    prefix: text('prefix').notNull(),
    role: text('role').notNull(),
    label: text('label'),
    createdAt: instant('created_at').notNull().defaultNow(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.keyId] }),
    uniqueIndex('api_keys_hash_uq').on(t.keyHash),
    check(
      'api_keys_role_check',
      sql`${t.role} in ('admin','credit_manager','accountant','collector','viewer')`,
    ),
  ],
);
