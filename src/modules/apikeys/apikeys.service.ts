/**
 * API keys per tenant with a role. The clear key (`clk_<prefix>_<secret>`) is returned once at
 * creation; only its SHA-256 is stored, so a leaked database does not leak usable keys.
 */

import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { apiKeys } from './apikeys.tables.ts';

/**
 * `credit_manager` can do everything an accountant can, and sets credit limits and holds and
 * overrides them; `collector` reads everything and logs collections work but posts no money.
 */
export const ROLES = ['admin', 'credit_manager', 'accountant', 'collector', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export interface ApiKeyPrincipal {
  tenantId: string;
  keyId: string;
  role: Role;
  /** The key's label, if it has one (shown as the author of what the key does). */
  label: string | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createApiKey(db: Db, tenantId: string, role: Role, label?: string) {
  const prefix = randomBytes(4).toString('hex');
  const key = `clk_${prefix}_${randomBytes(24).toString('base64url')}`;
  const keyId = newId();
  await withTransaction(db, async (tx) => {
    await tx.insert(apiKeys).values({
      tenantId,
      keyId,
      keyHash: hashApiKey(key),
      prefix,
      role: roleSchema.parse(role),
      label: label ?? null,
    });
    await recordAudit(tx, tenantId, {
      kind: 'api_key.created',
      objectType: 'api_key',
      objectId: keyId,
      changes: changedFields(null, { prefix, role, label: label ?? null }),
    });
  });
  return { keyId, key, prefix, role };
}

/** The tenant and role of a key, or null when the key is unknown or revoked. */
export async function authenticateApiKey(q: Queryable, key: string): Promise<ApiKeyPrincipal | null> {
  const [row] = await q
    .select({ tenantId: apiKeys.tenantId, keyId: apiKeys.keyId, role: apiKeys.role, label: apiKeys.label })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
  return row
    ? { tenantId: row.tenantId, keyId: row.keyId, role: roleSchema.parse(row.role), label: row.label }
    : null;
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
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
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
