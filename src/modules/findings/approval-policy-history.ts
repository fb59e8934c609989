/**
 * The approval policy in force when an audit record was written, rebuilt from the policy as it is
 * now and the `approval_policy.updated` records after it: each of those holds, per kind and rule it
 * changed, the value before and after (JSON of the kind's policy). Walking back from now, the value
 * of a kind at record `seq` is the `before` of the first change after `seq` that touched it, else
 * its value now. No history is guessed: every change of the policy is in the audit trail.
 */
import { type ApprovalPolicy, approvalPolicyInput, defaultApprovalPolicy } from '../approvals/index.ts';
import type { AuditRecordView } from '../audit/index.ts';

/** The kind and rule fields' values before the first change after `seq` (JSON text or null). */
function valuesBefore(changes: readonly AuditRecordView[], seq: bigint): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const later = changes.filter((c) => c.seq > seq).sort((a, b) => (a.seq < b.seq ? 1 : -1));
  // Newest first, so the earliest change after `seq` is the last to set a field.
  for (const c of later)
    for (const [field, pair] of Object.entries(c.changes)) if (Array.isArray(pair)) out.set(field, pair[0]);
  return out;
}

/** A field's value before: the JSON text parsed, or (absent before) the default's. */
function valueOr(before: Map<string, unknown>, field: string, now: unknown, fallback: unknown): unknown {
  if (!before.has(field)) return now;
  const was = before.get(field);
  return typeof was === 'string' ? JSON.parse(was) : fallback;
}

/**
 * The policy in force at audit record `seq`, given the policy `current` now and the tenant's
 * `approval_policy.updated` records (any order; those at or before `seq` are ignored). Example:
 * write-offs switched on at EUR 500.00 (record 10), raised to EUR 5,000.00 (record 20) → at record
 * 15 the threshold is EUR 500.00, at record 5 write-offs were off.
 */
export function policyInForce(
  current: ApprovalPolicy,
  changes: readonly AuditRecordView[],
  seq: bigint,
): ApprovalPolicy {
  const before = valuesBefore(changes, seq);
  if (before.size === 0) return current;
  const defaults = defaultApprovalPolicy();
  return approvalPolicyInput.parse({
    kinds: current.kinds.map((k) =>
      valueOr(
        before,
        k.kind,
        k,
        defaults.kinds.find((d) => d.kind === k.kind),
      ),
    ),
    sodRules: current.sodRules.map((r) =>
      valueOr(
        before,
        r.rule,
        r,
        defaults.sodRules.find((d) => d.rule === r.rule),
      ),
    ),
  });
}
