/** The HTTP side of the approval gate: 202 with the waiting request, or the operation's own answer. */
import type { Tx } from '../../db/client.ts';
import { gateInTx, type Operation } from '../../modules/approvals/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { approvalPendingSchema, approvalRequestJson } from './approvals.schemas.ts';

/** The 202 response every guarded route documents beside its own. */
export const approvalPending = { 202: approvalPendingSchema };

/**
 * Run `request` through the gate of `op`: `{ 202, { approvalRequest } }` when it waits for a
 * checker, else `{ okStatus, view(result) }`.
 */
export async function gatedAnswer<P, R>(
  tx: Tx,
  deps: CoreDeps,
  tenantId: string,
  op: Operation<P, R>,
  request: P,
  okStatus: number,
  view: (result: R) => Promise<unknown>,
): Promise<{ statusCode: number; body: unknown }> {
  const gated = await gateInTx(tx, deps, tenantId, op, request);
  if (gated.pending)
    return { statusCode: 202, body: { approvalRequest: approvalRequestJson(gated.request) } };
  return { statusCode: okStatus, body: await view(gated.result) };
}
