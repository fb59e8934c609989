/**
 * Idempotency keys: a write request carrying a key has its effect at most once per tenant.
 *
 * `runIdempotent` claims the key (tenant_id, key) with an insert in the same transaction as the
 * effect, runs the effect, and stores the response there too, so the effect and its stored
 * response commit (or roll back) together. A concurrent duplicate blocks on the primary key until
 * the first commits, then finds the stored response and replays it; if the first rolled back, the
 * duplicate claims the key and runs. A failed request (any error) stores nothing. An effect may
 * store a redacted body (`storedBody`) when its response carries a secret.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { idempotencyKeys } from './idempotency.tables.ts';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export interface IdempotentOutcome extends StoredResponse {
  /** True when the response is a replay of an earlier request with the same key. */
  replayed: boolean;
}

/** JSON with object keys sorted at every level, so equal bodies hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 of method, path and canonical body. `requestHash('POST', '/v1/x', {b: 1, a: 2})` ignores key order. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

async function claim(tx: Tx, tenantId: string, key: string, hash: string): Promise<boolean> {
  const rows = await tx
    .insert(idempotencyKeys)
    .values({ tenantId, key, requestHash: hash, statusCode: 0, responseBody: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

async function complete(tx: Tx, tenantId: string, key: string, response: StoredResponse): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ statusCode: response.statusCode, responseBody: response.body })
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
}

export async function findStored(q: Queryable, tenantId: string, key: string) {
  const [row] = await q
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
  return row ?? null;
}

function replay(row: NonNullable<Awaited<ReturnType<typeof findStored>>>, hash: string): IdempotentOutcome {
  if (row.requestHash !== hash)
    throw new AppError(
      'idempotency_mismatch',
      'this Idempotency-Key was used with a different request (method, path or body)',
      [{ field: 'Idempotency-Key', message: 'reused with another request' }],
    );
  if (row.statusCode === 0)
    throw new AppError('conflict', 'a request with this Idempotency-Key is still in progress; retry later');
  return { statusCode: row.statusCode, body: row.responseBody, replayed: true };
}

/**
 * Run `effect` once per (tenant, key). `effect` receives the open transaction and must do all its
 * writes in it; its JSON-safe response is stored in the same transaction.
 */
export async function runIdempotent(
  db: Db,
  tenantId: string,
  key: string,
  hash: string,
  effect: (tx: Tx) => Promise<StoredResponse & { storedBody?: unknown }>,
): Promise<IdempotentOutcome> {
  const existing = await findStored(db, tenantId, key);
  if (existing) return replay(existing, hash);
  const outcome = await withTransaction(db, async (tx): Promise<IdempotentOutcome | null> => {
    if (!(await claim(tx, tenantId, key, hash))) return null;
    const { storedBody, ...response } = await effect(tx);
    const stored = storedBody === undefined ? response : { ...response, body: storedBody };
    await complete(tx, tenantId, key, stored);
    return { ...response, replayed: false };
  });
  if (outcome) return outcome;
  const stored = await findStored(db, tenantId, key);
  if (!stored) throw new AppError('conflict', 'concurrent request with this Idempotency-Key failed; retry');
  return replay(stored, hash);
}
