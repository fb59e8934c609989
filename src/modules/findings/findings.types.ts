/** The findings module's records: a finding, its kinds, severities and review states. */

/** What anomaly detection finds (anomaly-scan.service.ts; docs/analytics.md "Anomaly detection"). */
export const ANOMALY_KINDS = [
  'duplicate_invoice',
  'duplicate_payment',
  'lapping_signal',
  'credit_after_receipt',
  'under_approval_limit',
  'round_amount_credit',
  'unusual_issuer',
  'benford',
  'behaviour_change',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** What monitoring finds (issue 12 adds anomaly and fraud kinds to the same list and workflow). */
export const FINDING_KINDS = [
  'invoice_outside_policy',
  'bank_change_then_refund',
  'sign_in_new_place',
  'repeated_failed_sign_ins',
  'operation_without_approval',
  ...ANOMALY_KINDS,
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** open → confirmed | dismissed (a decision is final and needs a note). */
export const FINDING_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** The severities that alert the tenant's admins by e-mail. */
export const ALERTING_SEVERITIES: readonly Severity[] = ['medium', 'high'];

/**
 * What proves a finding: `records` names the audit records (their `seq` as a string, kind, time);
 * the ids name the objects; `facts` holds the rest (the policy broken, the networks seen …).
 */
export interface Evidence {
  readonly records: readonly { readonly seq: string; readonly kind: string; readonly occurredAt: string }[];
  readonly userId?: string | null;
  readonly customerId?: string | null;
  readonly invoiceId?: string | null;
  readonly receiptId?: string | null;
  readonly facts: Record<string, unknown>;
}

/** A finding as a detector proposes it (before it is stored). */
export interface FindingDraft {
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly title: string;
  /** Unique per tenant: the same draft from a later scan is not stored again. */
  readonly dedupeKey: string;
  readonly occurredAt: Date;
  readonly evidence: Evidence;
}

/** A stored finding as the API and the CLI show it. */
export interface Finding {
  readonly findingId: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly title: string;
  readonly evidence: Evidence;
  readonly status: FindingStatus;
  readonly occurredAt: Date;
  readonly createdAt: Date;
  readonly decision: {
    readonly note: string;
    readonly byId: string | null;
    readonly byName: string;
    readonly at: Date;
  } | null;
}
