import type { Tx } from '../../db/client.ts';
import type { TxDeps } from '../core-deps.ts';
import type { QueuedMessage } from '../messaging/index.ts';

/**
 * After messages were queued in `tx`: have the outbox delivered right after the commit (a job
 * queued in the same transaction). Without a scheduler in the process, the outbox's own
 * every-minute sweep — or `cashloop outbox deliver` — sends them.
 */
export async function notifyOutbox(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  queued: readonly QueuedMessage[],
): Promise<void> {
  if (queued.some((m) => m.created)) await deps.jobs?.enqueue(tx, 'outbox.deliver', { tenantId });
}
