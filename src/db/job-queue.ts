/**
 * The port through which use cases queue background jobs without knowing pg-boss (src/jobs
 * implements it; src/modules may not import src/jobs). A job queued on a transaction is inserted
 * in that transaction: it exists exactly when the business change commits, and a rollback takes
 * it back.
 *
 * On PGlite, always pass the open transaction when there is one: the client runs one transaction
 * at a time, so a job sent outside it would wait for it to end, forever.
 *
 * @example
 *   await withTransaction(deps.db, async (tx) => {
 *     await outbox.add(tx, tenantId, message);
 *     await deps.jobs.enqueue(tx, 'outbox.deliver', { tenantId });
 *   });
 */
import type { Queryable } from './client.ts';

export interface JobQueue {
  /**
   * Queue job `name` with `payload` (checked against the job's schema: a bad payload throws
   * `validation_failed` and queues nothing) on `q`. Returns the job id, or null when the job's
   * queue key already has one waiting (e.g. one `outbox.deliver` per tenant at a time).
   */
  enqueue(q: Queryable, name: string, payload: Record<string, unknown>): Promise<string | null>;
}
