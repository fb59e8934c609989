/**
 * All SQL on `idempotency_keys`. Times are the database's (`now()`), so every process of a
 * PostgreSQL installation judges a lease against the same clock.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { idempotencyKeys } from './idempotency.tables.ts';

export interface KeyRef {
  readonly tenantId: string;
  readonly principal: string;
  readonly key: string;
}

export interface StoredKey {
  readonly requestHash: string;
  readonly state: 'in_progress' | 'completed';
  readonly statusCode: number;
  readonly responseBody: unknown;
  /** An `in_progress` claim whose lease ran out: its process died (or stalled past the lease). */
  readonly expired: boolean;
}

const leaseEnd = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;
const byKey = (ref: KeyRef) =>
  and(
    eq(idempotencyKeys.tenantId, ref.tenantId),
    eq(idempotencyKeys.principal, ref.principal),
    eq(idempotencyKeys.key, ref.key),
  );

/** Insert an `in_progress` claim; false when the key exists (after a concurrent claim commits). */
export async function insertClaim(
  q: Queryable,
  ref: KeyRef,
  claim: { requestHash: string; token: string; leaseSeconds: number },
): Promise<boolean> {
  const rows = await q
    .insert(idempotencyKeys)
    .values({
      tenantId: ref.tenantId,
      principal: ref.principal,
      key: ref.key,
      requestHash: claim.requestHash,
      state: 'in_progress',
      claimToken: claim.token,
      lockedUntil: leaseEnd(claim.leaseSeconds),
      statusCode: 0,
      responseBody: {},
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

export async function findKey(q: Queryable, ref: KeyRef): Promise<StoredKey | null> {
  const [row] = await q
    .select({
      requestHash: idempotencyKeys.requestHash,
      state: idempotencyKeys.state,
      statusCode: idempotencyKeys.statusCode,
      responseBody: idempotencyKeys.responseBody,
      expired: sql<boolean>`coalesce(${idempotencyKeys.lockedUntil} < now(), false)`,
    })
    .from(idempotencyKeys)
    .where(byKey(ref));
  return row ? { ...row, state: row.state === 'in_progress' ? 'in_progress' : 'completed' } : null;
}

/** Take over an expired claim of the same request; false when it is live, done or taken already. */
export async function reclaimExpired(
  q: Queryable,
  ref: KeyRef,
  claim: { requestHash: string; token: string; leaseSeconds: number },
): Promise<boolean> {
  const rows = await q
    .update(idempotencyKeys)
    .set({ claimToken: claim.token, lockedUntil: leaseEnd(claim.leaseSeconds) })
    .where(
      and(
        byKey(ref),
        eq(idempotencyKeys.state, 'in_progress'),
        eq(idempotencyKeys.requestHash, claim.requestHash),
        sql`${idempotencyKeys.lockedUntil} < now()`,
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** Push the lease of a live claim forward (the heartbeat of a long effect). */
export async function extendClaim(q: Queryable, ref: KeyRef, token: string, leaseSeconds: number) {
  await q
    .update(idempotencyKeys)
    .set({ lockedUntil: leaseEnd(leaseSeconds) })
    .where(and(byKey(ref), eq(idempotencyKeys.claimToken, token)));
}

/** Store the response under the claim; false when the claim is no longer this token's. */
export async function completeClaim(
  q: Queryable,
  ref: KeyRef,
  token: string,
  response: { statusCode: number; body: unknown },
): Promise<boolean> {
  const rows = await q
    .update(idempotencyKeys)
    .set({
      state: 'completed',
      claimToken: null,
      lockedUntil: null,
      statusCode: response.statusCode,
      responseBody: response.body,
    })
    .where(and(byKey(ref), eq(idempotencyKeys.claimToken, token)))
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/** Drop a claim whose effect failed, so that the request may be retried with the same key. */
export async function releaseClaim(q: Queryable, ref: KeyRef, token: string) {
  await q
    .delete(idempotencyKeys)
    .where(and(byKey(ref), eq(idempotencyKeys.claimToken, token), eq(idempotencyKeys.state, 'in_progress')));
}
