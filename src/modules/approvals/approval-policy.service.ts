/** A tenant's approval policy: read (with defaults for what it leaves out) and replaced whole. */
import { type Queryable, withTransaction } from '../../db/client.ts';
import { invalidState, validationFailed } from '../../shared/errors.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import {
  type ApprovalPolicy,
  approvalPolicyInput,
  completePolicy,
  defaultApprovalPolicy,
  policyProblems,
} from './approval-policy.ts';
import * as repo from './approvals.repository.ts';

/** The tenant's policy, every kind and rule listed (the default where it has set none). */
export async function getApprovalPolicy(q: Queryable, tenantId: string): Promise<ApprovalPolicy> {
  const stored = await repo.findPolicy(q, tenantId);
  if (stored === null) return defaultApprovalPolicy();
  return completePolicy(approvalPolicyInput.parse(stored));
}

/**
 * Replace the tenant's policy (kinds and rules left out keep their defaults); 422 naming the field
 * for a duplicate kind, a threshold that does not fit its currency, or `maker_cannot_approve` off.
 * Recorded in the audit trail with the before and after.
 */
export async function setApprovalPolicy(
  deps: CoreDeps,
  tenantId: string,
  raw: unknown,
): Promise<ApprovalPolicy> {
  const input = approvalPolicyInput.parse(raw);
  const problems = policyProblems(input);
  if (problems.length > 0)
    throw validationFailed(
      `approval policy: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  const policy = completePolicy(input);
  return withTransaction(deps.db, async (tx) => {
    const before = await getApprovalPolicy(tx, tenantId);
    await repo.upsertPolicy(tx, tenantId, policy, deps.clock.now());
    await recordAudit(tx, tenantId, {
      kind: 'approval_policy.updated',
      objectType: 'approval_policy',
      objectId: null,
      changes: changedFields(flatten(before), flatten(policy)),
    });
    return policy;
  });
}

/** One field per kind and rule, so the audit record shows what changed and nothing else. */
function flatten(p: ApprovalPolicy): Record<string, unknown> {
  return Object.fromEntries([
    ...p.kinds.map((k) => [k.kind, JSON.stringify(k)]),
    ...p.sodRules.map((r) => [r.rule, JSON.stringify(r)]),
  ]);
}

/**
 * Refuse a credit limit set through a customer's plain update while the policy guards limit
 * increases: that path would go round the gate. 409 naming the route that is guarded.
 */
export async function assertLimitChangeGuardedElsewhere(q: Queryable, tenantId: string): Promise<void> {
  const policy = await getApprovalPolicy(q, tenantId);
  if (policy.kinds.some((k) => k.kind === 'customer.credit_limit_increase' && k.enabled))
    throw invalidState(
      'credit limit increases need approval here: set the limit with POST /v1/credit/customers/{id}/limit',
    );
}
