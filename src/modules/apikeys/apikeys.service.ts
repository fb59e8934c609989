/**
 * API keys per tenant with a role, an optional scope (the highest access level the key keeps of
 * its role's) and an optional expiry. The clear key (`clk_<prefix>_<secret>`) is returned once at
 * creation; only its SHA-256 is stored, so a leaked database does not leak usable keys.
 */

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { type GrantedAccess, grantedLevelSchema, grantsWithin } from './access-rules.ts';
import { type CreateApiKeyInput, createApiKeyInput } from './apikeys.input.ts';
import { apiKeys } from './apikeys.tables.ts';
import { type Role, roleSchema } from './roles.ts';

export { ROLES, type Role, roleSchema } from './roles.ts';

export interface ApiKeyPrincipal {
  tenantId: string;
  keyId: string;
  role: Role;
  /** The levels the key holds: its role's, up to its scope. */
  permissions: readonly GrantedAccess[];
  /** The key's label, if it has one (shown as the author of what the key does). */
  label: string | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Create a key (the input is checked: a scope the role does not hold, or an expiry not after
 * `now`, is `validation_failed`). The clear key is in the answer and nowhere else.
 */
export async function createScopedApiKey(db: Db, tenantId: string, raw: CreateApiKeyInput, now: Date) {
  const input = createApiKeyInput(now).parse(raw);
  const prefix = randomBytes(4).toString('hex');
  const key = `clk_${prefix}_${randomBytes(24).toString('base64url')}`;
  const keyId = newId();
  await withTransaction(db, async (tx) => {
    await tx.insert(apiKeys).values({
      tenantId,
      keyId,
      keyHash: hashApiKey(key),
      prefix,
      role: input.role,
      label: input.label ?? null,
      scope: input.scope ?? null,
      expiresAt: input.expiresAt ?? null,
    });
    await recordAudit(tx, tenantId, {
      kind: 'api_key.created',
      objectType: 'api_key',
      objectId: keyId,
      changes: changedFields(null, {
        prefix,
        role: input.role,
        label: input.label ?? null,
        scope: input.scope ?? null,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      }),
    });
  });
  return {
    keyId,
    key,
    prefix,
    role: input.role,
    label: input.label ?? null,
    scope: input.scope ?? null,
    expiresAt: input.expiresAt ?? null,
  };
}

/** Create a key with its role's full permissions and no expiry. */
export function createApiKey(db: Db, tenantId: string, role: Role, label?: string) {
  return createScopedApiKey(db, tenantId, { role, ...(label !== undefined ? { label } : {}) }, new Date());
}

/** A key's last use is stored at most once a minute: a busy integration writes no row per request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * Marks the key used at `now` unless its row is locked (a concurrent request of the same key is
 * recording its use): `skip locked` lets the request go on at once, so many requests with one key
 * never queue on its row. The minute condition is re-checked in the update, so of requests that
 * raced past the read only the first writes.
 */
async function recordLastUse(q: Queryable, tenantId: string, keyId: string, now: Date): Promise<void> {
  const due = new Date(now.getTime() - LAST_USED_GRANULARITY_MS);
  const unlocked = q
    .select({ keyId: apiKeys.keyId })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.keyId, keyId)))
    .for('update', { skipLocked: true });
  await q
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.tenantId, tenantId),
        inArray(apiKeys.keyId, unlocked),
        or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, due)),
      ),
    );
}

/**
 * The tenant, role and permissions of a key; null when the key is unknown or revoked. An expired
 * key throws `api_key_expired` (401), so its holder learns why rather than "unknown key". A use
 * is recorded in `last_used_at` (to the minute).
 */
export async function authenticateApiKey(
  q: Queryable,
  key: string,
  now: Date,
): Promise<ApiKeyPrincipal | null> {
  const [row] = await q
    .select({
      tenantId: apiKeys.tenantId,
      keyId: apiKeys.keyId,
      role: apiKeys.role,
      label: apiKeys.label,
      scope: apiKeys.scope,
      expiresAt: apiKeys.expiresAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime())
    throw new AppError(
      'api_key_expired',
      `this API key (${row.label ?? row.keyId}) expired at ${row.expiresAt.toISOString()}: ask an admin for a new one`,
    );
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS)
    await recordLastUse(q, row.tenantId, row.keyId, now);
  const role = roleSchema.parse(row.role);
  const scope = row.scope === null ? null : grantedLevelSchema.parse(row.scope);
  return {
    tenantId: row.tenantId,
    keyId: row.keyId,
    role,
    permissions: grantsWithin(role, scope),
    label: row.label,
  };
}

export async function revokeApiKey(db: Db, tenantId: string, keyId: string): Promise<boolean> {
  return withTransaction(db, async (tx) => {
    const rows = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.keyId, keyId), isNull(apiKeys.revokedAt)))
      .returning({ keyId: apiKeys.keyId, revokedAt: apiKeys.revokedAt });
    const [revoked] = rows;
    if (revoked)
      await recordAudit(tx, tenantId, {
        kind: 'api_key.revoked',
        objectType: 'api_key',
        objectId: keyId,
        changes: { revokedAt: [null, revoked.revokedAt] },
      });
    return revoked !== undefined;
  });
}

export function listApiKeys(q: Queryable, tenantId: string) {
  return q
    .select({
      keyId: apiKeys.keyId,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      label: apiKeys.label,
      scope: apiKeys.scope,
      expiresAt: apiKeys.expiresAt,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.tenantId, tenantId));
}

/** True when the tenant has an API key with this id (revoked or not). */
export async function apiKeyExists(q: Queryable, tenantId: string, keyId: string): Promise<boolean> {
  const [row] = await q
    .select({ keyId: apiKeys.keyId })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.keyId, keyId)));
  return row !== undefined;
}
