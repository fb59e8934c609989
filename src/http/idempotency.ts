/**
 * Write routes answer through `respond`: with an `Idempotency-Key` header the effect runs through
 * `runIdempotent` (claim, effect and stored response in one transaction; replays carry
 * `Idempotent-Replayed: true`), without one it simply runs.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import type { CoreDeps } from '../modules/core-deps.ts';
import { requestHash, runIdempotent } from '../modules/idempotency/idempotency.service.ts';
import { validationFailed } from '../shared/errors.ts';
import { principalOf } from './auth.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key))
    throw validationFailed('Idempotency-Key must be 1–255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'invalid' },
    ]);
  return key;
}

/**
 * Run a write and send its JSON-safe result with `statusCode`. `effect` gets deps whose `db` is
 * the idempotency transaction when a key is present (services then nest savepoints in it).
 */
export async function respond(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: CoreDeps,
  statusCode: number,
  effect: (deps: CoreDeps) => Promise<unknown>,
  redact?: (body: unknown) => unknown,
): Promise<void> {
  const key = request.method === 'POST' ? idempotencyKeyOf(request) : null;
  const path = request.url.split('?')[0] ?? request.url;
  if (key === null) {
    const body = await effect(deps);
    withLocation(reply, path, statusCode, body).code(statusCode).send(body);
    return;
  }
  const { tenantId } = principalOf(request);
  const outcome = await runIdempotent(
    deps.db,
    tenantId,
    key,
    requestHash(request.method, path, request.body ?? null),
    async (tx) => {
      const body = await effect({ ...deps, db: tx as unknown as Db });
      return { statusCode, body, ...(redact ? { storedBody: redact(body) } : {}) };
    },
  );
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
