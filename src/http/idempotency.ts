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
): Promise<FastifyReply> {
  const key = request.method === 'POST' ? idempotencyKeyOf(request) : null;
  if (key === null) return reply.code(statusCode).send(await effect(deps));
  const { tenantId } = principalOf(request);
  const path = request.url.split('?')[0] ?? request.url;
  const outcome = await runIdempotent(
    deps.db,
    tenantId,
    key,
    requestHash(request.method, path, request.body ?? null),
    async (tx) => ({ statusCode, body: await effect({ ...deps, db: tx as unknown as Db }) }),
  );
  return reply
    .header('idempotent-replayed', String(outcome.replayed))
    .code(outcome.statusCode)
    .send(outcome.body);
}
