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
import { instant, tenantId } from '../../db/columns.ts';

/**
 * People who sign in. `email` is kept as typed; `email_key` (its lower-case form) is unique per
 * tenant, so `Ana@Example.com` and `ana@example.com` are one user. `password_hash` is the encoded
 * scrypt hash with its parameters (password-hash.ts), never the password.
 */
export const users = pgTable(
  'users',
  {
    tenantId: tenantId(),
    userId: uuid('user_id').notNull(),
    email: text('email').notNull(),
    emailKey: text('email_key').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabledAt: instant('disabled_at'),
    /** Failed sign-ins in a row since the last success or lock (sign-in-rules.ts). */
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: instant('locked_until'),
    createdAt: instant('created_at').notNull().defaultNow(),
    passwordChangedAt: instant('password_changed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    uniqueIndex('users_email_uq').on(t.tenantId, t.emailKey),
    index('users_email_key_idx').on(t.emailKey),
    check('users_role_check', sql`${t.role} in ('admin','credit_manager','accountant','collector','viewer')`),
    check('users_failed_sign_ins_check', sql`${t.failedSignIns} >= 0`),
  ],
);

/**
 * Signed-in sessions. Only the SHA-256 of the cookie's token is stored. A session ends at
 * `last_seen_at` + the idle limit or `created_at` + the absolute limit, whichever comes first, or
 * when revoked (sign-out, password change or reset, role change, disabling the user).
 */
export const sessions = pgTable(
  'sessions',
  {
    tenantId: tenantId(),
    sessionId: uuid('session_id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: instant('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sessionId] }),
    uniqueIndex('sessions_token_uq').on(t.tokenHash),
    index('sessions_user_idx').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.userId] }),
  ],
);
