/**
 * Idempotency keys: a write request carrying a key has its effect at most once per tenant and
 * principal (API key or user: a viewer cannot occupy a key an accountant will send), and a
 * repeat of the same request (method, path, query string and body: its fingerprint) gets the
 * stored response. Another request under a used key is `idempotency_mismatch`.
 *
 * Two ways to run an effect, chosen per route:
 * - `runIdempotentInTransaction` — short effects of one transaction (record a receipt, create an
 *   invoice): the claim, the effect and the stored response share one transaction, which the
 *   effect receives explicitly. They commit or roll back together, so no crash can leave the
 *   effect without its record. A concurrent duplicate waits on the key's row, then replays.
 * - `runIdempotent` — effects that run their own transactions (a cash application run books in
 *   batches) or talk to the outside world (mail): claim the key (`in_progress`, committed at once),
 *   run the effect exactly as a request without a key would, then store the response. A duplicate
 *   arriving meanwhile gets `idempotency_in_progress` (409). While the effect runs, its claim is
 *   extended every LEASE_SECONDS / 3; a claim whose lease ran out belongs to a process that died,
 *   and the next request with the key runs the effect again — so such effects must themselves be
 *   safe to repeat (docs/api.md says so per route).
 *
 * In both, a failed effect stores nothing (and releases its claim): the same key may be retried.
 * An effect may store a redacted body (`storedBody`) when its response carries a secret.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Db, type Tx, withTransaction } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import * as repo from './idempotency.repository.ts';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

/** What an effect returns: its response, and optionally what to store instead of the body. */
export interface EffectResponse extends StoredResponse {
  storedBody?: unknown;
}

export interface IdempotentOutcome extends StoredResponse {
  /** True when the response is a replay of an earlier request with the same key. */
  replayed: boolean;
}

/** One key of one principal of one tenant, and the fingerprint of the request that uses it. */
export interface IdempotencyScope {
  readonly tenantId: string;
  /** Who sends the key (`key:<api key id>`, `user:<user id>`): keys of two principals never meet. */
  readonly principal: string;
  readonly key: string;
  readonly fingerprint: string;
}

/** How long a claim of a running effect holds without a heartbeat: a dead process's claim ends then. */
export const LEASE_SECONDS = 60;

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

/** A query string with its parameters sorted (`b=2&a=1` → `a=1&b=2`); order carries no meaning. */
export function canonicalQuery(query: string): string {
  const pairs = [...new URLSearchParams(query.startsWith('?') ? query.slice(1) : query)];
  pairs.sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return new URLSearchParams(pairs).toString();
}

/**
 * SHA-256 of method, path, query string and canonical body: `?dryRun=true` is another request
 * than the real thing. Without a query string it is the hash keys stored before the query counted.
 */
export function requestFingerprint(method: string, path: string, query: string, body: unknown): string {
  const q = canonicalQuery(query);
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}${q ? `?${q}` : ''}\n${canonicalJson(body)}`)
    .digest('hex');
}

function mismatch(): AppError {
  return new AppError(
    'idempotency_mismatch',
    'this Idempotency-Key was used with a different request (method, path, query string or body)',
    [{ field: 'Idempotency-Key', message: 'reused with another request' }],
  );
}

function inProgress(): AppError {
  return new AppError(
    'idempotency_in_progress',
    'a request with this Idempotency-Key is still in progress; retry it later to get its response',
    [{ field: 'Idempotency-Key', message: 'in progress' }],
  );
}

/** The stored response of a completed key of the same request; throws for another request. */
function replayOf(row: repo.StoredKey, scope: IdempotencyScope): IdempotentOutcome | null {
  if (row.requestHash !== scope.fingerprint) throw mismatch();
  if (row.state !== 'completed') return null;
  return { statusCode: row.statusCode, body: row.responseBody, replayed: true };
}

function stored(response: EffectResponse): StoredResponse {
  const { storedBody, ...rest } = response;
  return storedBody === undefined ? rest : { ...rest, body: storedBody };
}

/**
 * Run `effect` once per (tenant, principal, key), in steps: claim, effect (its own transactions, exactly as
 * without a key), store the response. Throws `idempotency_in_progress` while another request with
 * the key runs, `idempotency_mismatch` when the key was used for another request.
 */
export async function runIdempotent(
  db: Db,
  scope: IdempotencyScope,
  effect: () => Promise<EffectResponse>,
): Promise<IdempotentOutcome> {
  const token = randomUUID();
  const replay = await claimOrReplay(db, scope, token);
  if (replay) return replay;
  const heartbeat = keepClaimed(db, scope, token);
  let response: EffectResponse;
  try {
    response = await effect();
  } catch (error) {
    await heartbeat.stop();
    await repo.releaseClaim(db, scope, token);
    throw error;
  }
  await heartbeat.stop();
  // False only when this process stalled past its lease and another request took the key over.
  await repo.completeClaim(db, scope, token, stored(response));
  return { statusCode: response.statusCode, body: response.body, replayed: false };
}

/** Claim the key (null), or the replay of its completed request; an expired claim is taken over. */
async function claimOrReplay(
  db: Db,
  scope: IdempotencyScope,
  token: string,
): Promise<IdempotentOutcome | null> {
  const claim = { requestHash: scope.fingerprint, token, leaseSeconds: LEASE_SECONDS };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await repo.insertClaim(db, scope, claim)) return null;
    const row = await repo.findKey(db, scope);
    if (row === null) continue; // released between the two statements: claim again
    const replay = replayOf(row, scope);
    if (replay) return replay;
    if (!row.expired) throw inProgress();
    if (await repo.reclaimExpired(db, scope, claim)) return null;
  }
  throw inProgress();
}

/** Extend the claim while the effect runs, so that only a dead process's claim expires. */
function keepClaimed(db: Db, scope: IdempotencyScope, token: string): { stop(): Promise<void> } {
  let pending: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      pending = repo.extendClaim(db, scope, token, LEASE_SECONDS).catch(() => undefined);
    },
    (LEASE_SECONDS * 1000) / 3,
  );
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
    },
  };
}

/**
 * Run `effect` once per (tenant, principal, key) in one transaction with its claim and stored response:
 * `effect` gets that transaction and must do all its writes in it. A concurrent duplicate waits
 * on the key until the first commits, then replays it (or runs, if the first rolled back).
 */
export async function runIdempotentInTransaction(
  db: Db,
  scope: IdempotencyScope,
  effect: (tx: Tx) => Promise<EffectResponse>,
): Promise<IdempotentOutcome> {
  const claim = { requestHash: scope.fingerprint, token: randomUUID(), leaseSeconds: LEASE_SECONDS };
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await repo.findKey(db, scope);
    if (existing) return replayOf(existing, scope) ?? Promise.reject(inProgress());
    const outcome = await withTransaction(db, async (tx): Promise<IdempotentOutcome | null> => {
      if (!(await repo.insertClaim(tx, scope, claim))) return null;
      const response = await effect(tx);
      await repo.completeClaim(tx, scope, claim.token, stored(response));
      return { statusCode: response.statusCode, body: response.body, replayed: false };
    });
    if (outcome) return outcome;
  }
  throw inProgress();
}
