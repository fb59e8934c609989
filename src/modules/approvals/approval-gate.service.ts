/**
 * The gate in front of each guarded use case: when the tenant's policy asks for approval of this
 * request, store it as a pending approval request (nothing else changes) instead of running it;
 * otherwise run it at once. Runs in the caller's transaction, so the request, its audit record
 * and the caller's idempotency record commit together.
 */
import type { Tx } from '../../db/client.ts';
import { actingAs, currentOrigin } from '../../shared/acting-as.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { TxDeps } from '../core-deps.ts';
import type { Operation, OperationFacts } from './approval-operations.ts';
import { getApprovalPolicy } from './approval-policy.service.ts';
import { type ApprovalKind, approvalNeeded, type KindPolicy, kindPolicyOf } from './approval-policy.ts';
import * as repo from './approvals.repository.ts';

export type ApprovalRequestRow = repo.ApprovalRequestRow;

/** What the gate did: ran the use case (its result), or stored a request that waits. */
export type Gated<R> =
  | { readonly pending: false; readonly result: R }
  | { readonly pending: true; readonly request: ApprovalRequestRow };

/**
 * Prepare `request` with `op` (validating it and resolving names), then either run it or, when the
 * policy requires approval of it, store it as pending. Example: a write-off of EUR 800.00 under a
 * EUR 500.00 threshold returns `{ pending: true, request }` and posts nothing.
 */
export async function gateInTx<P, R>(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  op: Operation<P, R>,
  request: P,
): Promise<Gated<R>> {
  const { payload, facts } = await op.prepare(tx, tenantId, request);
  const policy = await getApprovalPolicy(tx, tenantId);
  if (!facts.guarded || !approvalNeeded(policy, op.kind, facts))
    return { pending: false, result: await op.run(tx, deps, tenantId, payload) };
  const row = await storeRequest(tx, deps, tenantId, {
    kind: op.kind,
    payload,
    facts,
    rule: kindPolicyOf(policy, op.kind),
  });
  return { pending: true, request: row };
}

interface NewRequest {
  readonly kind: ApprovalKind;
  readonly payload: unknown;
  readonly facts: OperationFacts;
  readonly rule: KindPolicy;
}

async function storeRequest(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  r: NewRequest,
): Promise<ApprovalRequestRow> {
  const maker = actingAs() ?? { keyId: null, userId: null, name: 'system' };
  const now = deps.clock.now();
  const row: ApprovalRequestRow = {
    tenantId,
    requestId: newId(),
    kind: r.kind,
    payload: r.payload,
    amountMinor: r.facts.amountMinor,
    currency: r.facts.amountMinor === null ? null : r.facts.currency,
    customerId: r.facts.customerId,
    objectType: r.facts.objectType,
    objectId: r.facts.objectId,
    summary: r.facts.summary.slice(0, 500),
    makerName: maker.name,
    makerKeyId: maker.keyId,
    makerUserId: maker.userId,
    originChannel: currentOrigin().channel,
    requestedAt: now,
    expiresAt: new Date(now.getTime() + r.rule.expiresAfterHours * 3_600_000),
    approverLevel: r.rule.approverLevel,
    status: 'pending',
    checkerName: null,
    checkerKeyId: null,
    checkerUserId: null,
    decidedAt: null,
    decisionReason: null,
    result: null,
  };
  await repo.insertRequest(tx, row);
  await recordAudit(tx, tenantId, {
    kind: 'approval.requested',
    objectType: 'approval_request',
    objectId: row.requestId,
    details: {
      kind: r.kind,
      object: { type: row.objectType, id: row.objectId },
      customerId: row.customerId,
      amountMinor: row.amountMinor,
      currency: row.currency,
      summary: row.summary,
      approverLevel: row.approverLevel,
      expiresAt: row.expiresAt.toISOString(),
    },
  });
  return row;
}
