/**
 * Deciding a waiting request. Approve: in the checker's one transaction, the request is locked,
 * checked (pending, not expired, another person, the policy's level, the SoD rules) and its stored
 * payload runs through the owning module's use case, which validates it again; the decision and
 * the operation commit together. When the use case refuses now (the invoice was paid meanwhile),
 * nothing of it stays: the request becomes `failed` with the reason, in a transaction of its own.
 * Reject and cancel change only the request. Every decision lands in the audit trail.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import type { ActingAs } from '../../shared/acting-as.ts';
import { runUnderApproval } from '../../shared/approval-context.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { cashPostingsOfCustomer } from '../ledger/index.ts';
import { EXECUTORS } from './approval-operations.ts';
import { getApprovalPolicy } from './approval-policy.service.ts';
import {
  type ApprovalKind,
  type ApproverLevel,
  cashPosterWindowDays,
  WRITE_OFF_KINDS,
} from './approval-policy.ts';
import {
  assertHoldsLevel,
  assertNotMaker,
  conflictingPosting,
  samePerson,
  sodConflict,
} from './approval-rules.ts';
import * as repo from './approvals.repository.ts';

type Row = repo.ApprovalRequestRow;

/** Who decides: the acting person and the access levels they hold. */
export interface Checker {
  readonly actor: ActingAs;
  readonly levels: readonly string[];
}

/** The use case refused the stored payload at approval (carries its error). */
class OperationFailed extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

const makerOf = (r: Row): ActingAs => ({ name: r.makerName, keyId: r.makerKeyId, userId: r.makerUserId });

/** Approve and execute request `requestId` (see the module comment); returns the request as decided. */
export async function approveRequest(
  deps: CoreDeps,
  tenantId: string,
  requestId: string,
  checker: Checker,
  reason?: string,
): Promise<Row> {
  try {
    const outcome = await withTransaction(deps.db, (tx) =>
      approveInTx(tx, deps, tenantId, requestId, checker, reason ?? null),
    );
    if (outcome.expired) throw expiredError(outcome.row);
    return outcome.row;
  } catch (error) {
    if (!(error instanceof OperationFailed)) throw error;
    return withTransaction(deps.db, (tx) =>
      markFailed(tx, deps, tenantId, requestId, checker.actor, error.error),
    );
  }
}

async function approveInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  requestId: string,
  checker: Checker,
  reason: string | null,
): Promise<{ expired: boolean; row: Row }> {
  const row = await lockPendingOrThrow(tx, tenantId, requestId);
  if (row.expiresAt.getTime() <= deps.clock.now().getTime())
    return { expired: true, row: await expireInTx(tx, deps, tenantId, row) };
  assertNotMaker(makerOf(row), checker.actor, requestId);
  assertHoldsLevel(checker.levels, row.approverLevel as ApproverLevel, requestId);
  await assertNoSodConflict(tx, deps, tenantId, row, checker.actor);
  const approval = { requestId, maker: makerOf(row), checker: checker.actor };
  const result = await runUnderApproval(approval, () =>
    EXECUTORS[row.kind as ApprovalKind](tx, deps, tenantId, row).catch((e: unknown) => {
      throw e instanceof AppError ? new OperationFailed(e) : e;
    }),
  );
  const decided = await decide(tx, deps, row, checker.actor, 'approved', reason, result);
  await audit(tx, decided, 'approval.approved', { result });
  return { expired: false, row: decided };
}

/** Refuse a checker who posted cash of the write-off's customer within the window. */
async function assertNoSodConflict(tx: Tx, deps: TxDeps, tenantId: string, row: Row, checker: ActingAs) {
  if (!WRITE_OFF_KINDS.has(row.kind as ApprovalKind) || row.customerId === null) return;
  const windowDays = cashPosterWindowDays(await getApprovalPolicy(tx, tenantId));
  if (windowDays === null) return;
  const since = new Date(deps.clock.now().getTime() - windowDays * 86_400_000);
  const postings = await cashPostingsOfCustomer(tx, tenantId, row.customerId, since);
  const conflict = conflictingPosting(checker, postings);
  if (conflict) throw sodConflict(row.requestId, conflict, windowDays);
}

/** Reject request `requestId` with `reason` (required): nothing of it runs. */
export async function rejectRequest(
  deps: CoreDeps,
  tenantId: string,
  requestId: string,
  checker: Checker,
  reason: string,
): Promise<Row> {
  if (!reason.trim())
    throw validationFailed('a rejection needs a reason', [{ field: 'reason', message: 'required' }]);
  const outcome = await withTransaction(deps.db, async (tx) => {
    const row = await lockPendingOrThrow(tx, tenantId, requestId);
    if (row.expiresAt.getTime() <= deps.clock.now().getTime())
      return { expired: true, row: await expireInTx(tx, deps, tenantId, row) };
    assertNotMaker(makerOf(row), checker.actor, requestId);
    assertHoldsLevel(checker.levels, row.approverLevel as ApproverLevel, requestId);
    const decided = await decide(tx, deps, row, checker.actor, 'rejected', reason.trim(), null);
    await audit(tx, decided, 'approval.rejected', {});
    return { expired: false, row: decided };
  });
  if (outcome.expired) throw expiredError(outcome.row);
  return outcome.row;
}

/** The maker withdraws their own pending request (403 for anyone else). */
export async function cancelRequest(
  deps: CoreDeps,
  tenantId: string,
  requestId: string,
  by: ActingAs,
  reason?: string,
): Promise<Row> {
  return withTransaction(deps.db, async (tx) => {
    const row = await lockPendingOrThrow(tx, tenantId, requestId);
    if (!samePerson(makerOf(row), by))
      throw new AppError(
        'forbidden',
        `only the maker (${row.makerName}) may cancel approval request ${requestId}`,
      );
    const decided = await decide(tx, deps, row, by, 'cancelled', reason?.trim() || null, null);
    await audit(tx, decided, 'approval.cancelled', {});
    return decided;
  });
}

/** Mark pending requests whose time ran out as expired (the scheduled sweep); returns how many. */
export async function expireRequests(deps: CoreDeps, tenantId: string): Promise<number> {
  return withTransaction(deps.db, async (tx) => {
    const rows = await repo.lockExpiredPending(tx, tenantId, deps.clock.now(), 500);
    for (const row of rows) await expireInTx(tx, deps, tenantId, row);
    return rows.length;
  });
}

async function expireInTx(tx: Tx, deps: TxDeps, _tenantId: string, row: Row): Promise<Row> {
  const system = { name: 'system', keyId: null, userId: null };
  const decided = await decide(tx, deps, row, system, 'expired', 'not decided before it expired', null);
  await audit(tx, decided, 'approval.expired', { expiresAt: row.expiresAt.toISOString() });
  return decided;
}

async function markFailed(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  requestId: string,
  checker: ActingAs,
  e: AppError,
) {
  const row = await lockPendingOrThrow(tx, tenantId, requestId);
  const decided = await decide(
    tx,
    deps,
    row,
    checker,
    'failed',
    `${e.code}: ${e.message}`.slice(0, 2000),
    null,
  );
  await audit(tx, decided, 'approval.failed', { error: e.code });
  return decided;
}

async function lockPendingOrThrow(tx: Tx, tenantId: string, requestId: string): Promise<Row> {
  const row = isUuid(requestId) ? await repo.lockRequest(tx, tenantId, requestId) : null;
  if (!row) throw notFound('approval request', requestId);
  if (row.status !== 'pending')
    throw new AppError('approval_not_pending', `approval request ${requestId} is ${row.status}, not pending`);
  return row;
}

async function decide(
  tx: Tx,
  deps: TxDeps,
  row: Row,
  by: ActingAs,
  status: Row['status'],
  reason: string | null,
  result: Record<string, string> | null,
): Promise<Row> {
  const d: repo.Decision = {
    status,
    checkerName: by.name,
    checkerKeyId: by.keyId,
    checkerUserId: by.userId,
    decidedAt: deps.clock.now(),
    decisionReason: reason,
    result,
  };
  await repo.setDecision(tx, row.tenantId, row.requestId, d);
  return { ...row, ...d };
}

function audit(tx: Tx, row: Row, kind: string, details: Record<string, unknown>) {
  return recordAudit(tx, row.tenantId, {
    kind,
    objectType: 'approval_request',
    objectId: row.requestId,
    reason: row.decisionReason,
    details: {
      ...details,
      kind: row.kind,
      object: { type: row.objectType, id: row.objectId },
      maker: { name: row.makerName, keyId: row.makerKeyId, userId: row.makerUserId },
    },
  });
}

function expiredError(row: Row): AppError {
  return new AppError(
    'approval_expired',
    `approval request ${row.requestId} expired at ${row.expiresAt.toISOString()}; make the request again`,
  );
}
