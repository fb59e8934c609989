/**
 * Write routes answer through `respond` or `respondInTransaction`, which honour an
 * `Idempotency-Key` header on POST (replays carry `Idempotent-Replayed: true`):
 * - `respondInTransaction(…, (tx) => …)` for effects of one transaction (receipts, invoices): the
 *   effect gets the transaction explicitly, and with a key its stored response commits with it;
 * - `respond(…, (deps) => …)` for everything else: the effect runs exactly as without a key (its
 *   own transactions, e.g. a cash application run's batches), between claiming the key and
 *   storing the response. docs/api.md says per route what a retry after a crash does.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Tx, withTransaction } from '../db/client.ts';
import type { CoreDeps } from '../modules/core-deps.ts';
import {
  type IdempotencyScope,
  type IdempotentOutcome,
  requestFingerprint,
  runIdempotent,
  runIdempotentInTransaction,
} from '../modules/idempotency/index.ts';
import { AppError, validationFailed } from '../shared/errors.ts';
import { type Principal, principalOf } from './auth.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

/** The request's key (POST only; other methods ignore the header), or null. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  if (request.method !== 'POST') return null;
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw validationFailed('Idempotency-Key must be 1–255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'invalid' },
    ]);
  return key;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

/** Whose keys a request's key is among: its API key's, or its signed-in user's (any session). */
export function idempotencyPrincipal(principal: Principal): string {
  return principal.kind === 'key' ? `key:${principal.keyId}` : `user:${principal.userId}`;
}

/** The key with the fingerprint of this request: method, path, query string and body. */
function scopeOf(request: FastifyRequest, key: string): IdempotencyScope {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const fingerprint = requestFingerprint(request.method, pathOf(request), query, request.body ?? null);
  // A portal link's keys are its own: a customer's link is neither a staff key nor a user.
  const portal = request.portal;
  if (portal) return { tenantId: portal.tenantId, principal: `portal:${portal.linkId}`, key, fingerprint };
  const principal = principalOf(request);
  return { tenantId: principal.tenantId, principal: idempotencyPrincipal(principal), key, fingerprint };
}

/**
 * Run a write whose effect runs its own transactions (or none) and send its JSON-safe result with
 * `statusCode`. `effect` gets the request's deps, with or without a key. `redact` gives the body
 * to store for replays when the response carries a secret.
 */
export async function respond(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: CoreDeps,
  statusCode: number,
  effect: (deps: CoreDeps) => Promise<unknown>,
  redact?: (body: unknown) => unknown,
): Promise<void> {
  const key = idempotencyKeyOf(request);
  if (key === null) return send(reply, pathOf(request), statusCode, await effect(deps));
  const outcome = await retryAfterWhileInProgress(reply, () =>
    runIdempotent(deps.db, scopeOf(request, key), async () => {
      const body = await effect(deps);
      return { statusCode, body, ...(redact ? { storedBody: redact(body) } : {}) };
    }),
  );
  sendOutcome(reply, pathOf(request), outcome);
}

/**
 * Run a write of one transaction: `effect` gets it, and with a key the claim and the stored
 * response are written in it too, so the effect and its record commit or roll back together.
 */
export function respondInTransaction(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: CoreDeps,
  statusCode: number,
  effect: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  return respondWithStatusInTransaction(request, reply, deps, async (tx) => ({
    statusCode,
    body: await effect(tx),
  }));
}

/**
 * `respondInTransaction` for a write whose status depends on what it did: an operation behind
 * an approval gate answers 200/201 when it ran and 202 when it waits for a checker.
 */
export async function respondWithStatusInTransaction(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: CoreDeps,
  effect: (tx: Tx) => Promise<{ statusCode: number; body: unknown }>,
): Promise<void> {
  const key = idempotencyKeyOf(request);
  if (key === null) {
    const out = await withTransaction(deps.db, effect);
    return send(reply, pathOf(request), out.statusCode, out.body);
  }
  const outcome = await retryAfterWhileInProgress(reply, () =>
    runIdempotentInTransaction(deps.db, scopeOf(request, key), effect),
  );
  sendOutcome(reply, pathOf(request), outcome);
}

/** A duplicate of a request still running is told when to come back (`Retry-After`, seconds). */
async function retryAfterWhileInProgress<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'idempotency_in_progress')
      reply.header('retry-after', '2');
    throw error;
  }
}

function send(reply: FastifyReply, path: string, statusCode: number, body: unknown): void {
  withLocation(reply, path, statusCode, body).code(statusCode).send(body);
}

function sendOutcome(reply: FastifyReply, path: string, outcome: IdempotentOutcome): void {
  withLocation(reply, path, outcome.statusCode, outcome.body)
    .header('idempotent-replayed', String(outcome.replayed))
    .code(outcome.statusCode)
    .send(outcome.body);
}

const ADDRESSABLE = /^\/v1\/(customers|invoices|receipts)$/;

/** `Location` of a created customer, invoice or receipt (the collections with GET by id). */
function withLocation(reply: FastifyReply, path: string, statusCode: number, body: unknown): FastifyReply {
  const id = (body as { id?: unknown } | null)?.id;
  if (statusCode === 201 && typeof id === 'string' && ADDRESSABLE.test(path))
    reply.header('location', `${path}/${id}`);
  return reply;
}
