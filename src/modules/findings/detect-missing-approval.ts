/**
 * Operations the approval policy in force required a checker for, done without one: each audit
 * record of a gated kind (docs/approvals.md) by a person (a user or an API key) that carries no
 * `details.approval` (what an approved operation's own record holds: request, maker, checker),
 * judged with the approvals module's own rule (`approvalNeeded`) on the policy of that moment.
 * Records by the system (jobs, automatic rules, demo data) are not judged: the approvals module
 * leaves automatic postings ungated on purpose. High severity: a maker-checker control was bypassed.
 */

import { formatAmount } from '../../shared/money.ts';
import { type ApprovalKind, type ApprovalPolicy, approvalNeeded } from '../approvals/index.ts';
import type { AuditRecordView } from '../audit/index.ts';
import { actorText, citeRecords, detailText } from './evidence.ts';
import type { FindingDraft } from './findings.types.ts';

/** The audit record kind each gated operation writes, and the approval kind that guards it. */
export const GATED_RECORD_KINDS: Readonly<Record<string, ApprovalKind>> = {
  'invoice.written_off': 'invoice.write_off',
  'invoice.credited': 'invoice.credit_note',
  'receipt.refunded': 'receipt.refund',
  'receipt.written_off': 'receipt.write_off',
  'customer.credit_limit_changed': 'customer.credit_limit_increase',
  'credit_hold.released': 'credit_hold.release',
  'customer.updated': 'customer.bank_details',
  'dunning_policy.updated': 'dunning_policy.update',
};

/** Record kinds whose amount is in the currency of their object (invoice, customer), not in the record. */
export const CURRENCY_OF_OBJECT: ReadonlySet<string> = new Set([
  'invoice.written_off',
  'invoice.credited',
  'customer.credit_limit_changed',
]);

/** One gated operation as its audit record tells it: the kind that guards it and its amount. */
export interface GatedOperation {
  readonly record: AuditRecordView;
  readonly kind: ApprovalKind;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
}

export interface MissingApprovalFacts {
  readonly operations: readonly GatedOperation[];
  /** The approval policy in force when the record `seq` was written. */
  readonly policyAt: (seq: bigint) => ApprovalPolicy;
}

const minor = (v: unknown): bigint | null => (typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : null);
const pairOf = (r: AuditRecordView, field: string): readonly unknown[] | null => {
  const v = r.changes[field];
  return Array.isArray(v) && v.length === 2 ? v : null;
};

/** The amount a record moved, or `undefined` when it is no gated operation (a limit lowered). */
function amountOf(r: AuditRecordView, kind: ApprovalKind): bigint | null | undefined {
  if (kind === 'invoice.write_off' || kind === 'invoice.credit_note') return minor(r.details.amountMinor);
  if (kind === 'receipt.refund' || kind === 'receipt.write_off') {
    const [was, now] = pairOf(r, 'unappliedMinor') ?? [];
    const a = minor(was);
    const b = minor(now);
    return a !== null && b !== null ? a - b : null;
  }
  if (kind === 'customer.credit_limit_increase') {
    const [was, now] = pairOf(r, 'creditLimitMinor') ?? [null, null];
    const a = minor(was);
    const b = minor(now);
    // As the gate: setting a first limit or lowering one is not gated; removing one has no amount.
    if (a === null) return undefined;
    if (now === null) return null;
    return b !== null && b > a ? b - a : undefined;
  }
  if (kind === 'customer.bank_details') return Object.hasOwn(r.changes, 'bankAccounts') ? null : undefined;
  if (kind === 'credit_hold.release') return r.details.automatic === true ? undefined : null;
  return null;
}

/**
 * The gated operation record `r` is, or null (not a gated kind, not by a person, approved, or not
 * the guarded case). `objectCurrency` is the currency of the record's invoice or customer.
 */
export function gatedOperation(r: AuditRecordView, objectCurrency: string | null): GatedOperation | null {
  const kind = GATED_RECORD_KINDS[r.kind];
  if (!kind || (r.actor.kind !== 'user' && r.actor.kind !== 'api_key')) return null;
  if (r.details.approval !== undefined && r.details.approval !== null) return null;
  const amountMinor = amountOf(r, kind);
  if (amountMinor === undefined) return null;
  const currency = CURRENCY_OF_OBJECT.has(r.kind) ? objectCurrency : detailText(r, 'currency');
  return { record: r, kind, amountMinor, currency: amountMinor === null ? null : currency };
}

function thresholdOf(policy: ApprovalPolicy, op: GatedOperation): string | null {
  const t = policy.kinds.find((k) => k.kind === op.kind)?.thresholds.find((x) => x.currency === op.currency);
  return t ? `${t.amount} ${t.currency}` : null;
}

/** One high finding per gated operation the policy of its moment held back for a checker. */
export function detectOperationsWithoutApproval(facts: MissingApprovalFacts): FindingDraft[] {
  return facts.operations.flatMap((op) => {
    const policy = facts.policyAt(op.record.seq);
    if (!approvalNeeded(policy, op.kind, op)) return [];
    const r = op.record;
    const amount =
      op.amountMinor !== null && op.currency !== null
        ? `${formatAmount(op.amountMinor, op.currency)} ${op.currency}`
        : null;
    const threshold = thresholdOf(policy, op);
    const object = detailText(r, 'number') ?? detailText(r, 'externalId') ?? r.objectId ?? '?';
    const rule = threshold ? `threshold ${threshold}` : amount ? `no threshold for ${op.currency}` : 'always';
    return [
      {
        kind: 'operation_without_approval' as const,
        severity: 'high' as const,
        title: `${op.kind}${amount ? ` of ${amount}` : ''} on ${r.objectType} ${object} without the required approval (${rule})`,
        dedupeKey: `operation_without_approval:${r.seq}`,
        occurredAt: r.occurredAt,
        evidence: {
          records: citeRecords(r),
          ...objectIds(r),
          userId: r.actor.kind === 'user' ? r.actor.id : null,
          facts: {
            approvalKind: op.kind,
            amount,
            threshold,
            by: actorText(r),
            from: r.origin,
            reason: r.reason,
          },
        },
      },
    ];
  });
}

/** The evidence's ids of the record's object (and its customer, where the record names one). */
function objectIds(r: AuditRecordView) {
  if (r.objectType === 'invoice') return { invoiceId: r.objectId };
  if (r.objectType === 'receipt') return { receiptId: r.objectId, customerId: detailText(r, 'customerId') };
  if (r.objectType === 'customer') return { customerId: r.objectId };
  return {};
}
