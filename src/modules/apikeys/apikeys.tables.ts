import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

/** API keys are stored as SHA-256 hashes; the clear key is shown once at creation. A key may expire and be scoped below its role. */
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
    /** After this instant the key answers 401 `api_key_expired`; null: no expiry. */
    expiresAt: instant('expires_at'),
    /** The highest access level the key keeps of its role's (access-rules.ts); null: all of them. */
    scope: text('scope'),
    /** The last request made with the key, stored at most once a minute; null: never used. */
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.keyId] }),
    uniqueIndex('api_keys_hash_uq').on(t.keyHash),
    check(
      'api_keys_role_check',
      sql`${t.role} in ('admin','credit_manager','accountant','collector','viewer')`,
    ),
    check('api_keys_scope_check', sql`${t.scope} in ('read','collect','write','credit','admin')`),
  ],
);
