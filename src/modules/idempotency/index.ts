/** The idempotency module's door: all that other modules, the adapters and the jobs may use of it. */

export type { IdempotencyScope, IdempotentOutcome } from './idempotency.service.ts';
export { requestFingerprint, runIdempotent, runIdempotentInTransaction } from './idempotency.service.ts';
export { purgeIdempotencyKeys } from './purge.ts';
